package dev.secrets4j.benchmarks;

import dev.secrets4j.Secret;
import dev.secrets4j.Secrets;
import dev.secrets4j.testing.InMemorySecretProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The property {@link ConcurrentMissBenchmark} measures, checked on every build: 64 threads
 * missing one secret at once make one backend call.
 */
class ConcurrentMissTest {

    private static final String CANARY = "canary-7f3a-late-api-key";

    private final MissStorm storm = MissStorm.of(64);

    @AfterEach
    void stopThreads() {
        storm.close();
    }

    @Test
    void get_when64ThreadsMissOneUndeclaredSecretAtOnce_makesOneBackendCall() {
        // Slow enough that all 64 reads overlap the one backend call even on a loaded machine.
        InMemorySecretProvider provider = InMemorySecretProvider.builder().latency(Duration.ofMillis(200)).build();
        provider.set("LATE_API_KEY", CANARY);

        try (Secrets secrets = Secrets.builder().provider(provider).build()) {
            assertThat(provider.calls()).as("boot with nothing declared reads nothing").isZero();

            List<Secret> seen = storm.run(secrets, "LATE_API_KEY");

            assertThat(seen).hasSize(64).allSatisfy(s -> {
                assertThat(s.name()).isEqualTo("LATE_API_KEY");
                assertThat(s.asString()).isEqualTo(CANARY);
                assertThat(s.toString()).doesNotContain(CANARY);
            });
            assertThat(provider.calls("LATE_API_KEY")).isEqualTo(1);
            assertThat(provider.calls()).isEqualTo(1);
        }
    }

    @Test
    void get_afterTheStorm_isServedFromTheCacheWithoutAnotherBackendCall() {
        InMemorySecretProvider provider = InMemorySecretProvider.builder().latency(Duration.ofMillis(20)).build();
        provider.set("LATE_API_KEY", CANARY);

        try (Secrets secrets = Secrets.builder().provider(provider).build()) {
            storm.run(secrets, "LATE_API_KEY");
            List<Secret> again = storm.run(secrets, "LATE_API_KEY");

            assertThat(again).hasSize(64);
            assertThat(provider.calls("LATE_API_KEY")).isEqualTo(1);
        }
    }

    @Test
    void of_whenFewerThanTwoThreads_throwsNamingTheCount() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> MissStorm.of(1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got 1");
    }
}
