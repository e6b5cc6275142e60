package dev.secrets4j.provider.azure.internal;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Retries back off exponentially with full jitter, capped. */
class CallsBackoffTest {

    @Test
    void backoff_growsExponentially_withFullJitter_andIsCapped() {
        assertThat(Calls.backoff(1, 0.0)).isEqualTo(Duration.ZERO);
        assertThat(Calls.backoff(1, 0.999)).isLessThan(Duration.ofMillis(100));
        assertThat(Calls.backoff(2, 0.999)).isGreaterThan(Duration.ofMillis(100)).isLessThan(Duration.ofMillis(200));
        assertThat(Calls.backoff(3, 0.5)).isEqualTo(Duration.ofMillis(200));
        assertThat(Calls.backoff(10, 0.999)).isLessThan(Duration.ofSeconds(2)).isGreaterThan(Duration.ofMillis(1990));
        assertThat(Calls.backoff(60, 1.0)).isEqualTo(Duration.ofSeconds(2));
    }
}
