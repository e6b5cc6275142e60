package dev.secrets4j;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CachePolicyTest {

    @Test
    void defaults_areDocumented() {
        CachePolicy p = CachePolicy.defaults();
        assertThat(p.ttl()).isEqualTo(Duration.ofMinutes(5));
        assertThat(p.maxStale()).isEqualTo(Duration.ofHours(1));
        assertThat(p.refreshFraction()).isEqualTo(0.8);
        assertThat(p.refreshDelay()).isEqualTo(Duration.ofMinutes(4));
    }

    @Test
    void withers_returnNewPolicies() {
        CachePolicy p = CachePolicy.ttl(Duration.ofMinutes(10)).maxStale(Duration.ofHours(2)).jitter(0).refreshFraction(0.5);
        assertThat(p.refreshDelay()).isEqualTo(Duration.ofMinutes(5));
        assertThat(p.maxStale()).isEqualTo(Duration.ofHours(2));
        assertThat(CachePolicy.defaults().maxStale()).isEqualTo(Duration.ofHours(1));
        assertThat(p).isEqualTo(CachePolicy.ttl(Duration.ofMinutes(10)).maxStale(Duration.ofHours(2)).jitter(0).refreshFraction(0.5));
    }

    @Test
    void badArguments_areRejectedNamingTheSetting() {
        assertThatThrownBy(() -> CachePolicy.ttl(Duration.ZERO)).hasMessageContaining("ttl");
        assertThatThrownBy(() -> CachePolicy.defaults().maxStale(Duration.ofSeconds(-1))).hasMessageContaining("maxStale");
        assertThatThrownBy(() -> CachePolicy.defaults().refreshFraction(1.5)).hasMessageContaining("refreshFraction");
        assertThatThrownBy(() -> CachePolicy.defaults().jitter(1)).hasMessageContaining("jitter");
        assertThatThrownBy(() -> CachePolicy.defaults().retryBackoff(Duration.ofSeconds(10), Duration.ofSeconds(1)))
                .hasMessageContaining("retryBackoff");
    }
}
