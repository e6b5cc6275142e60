package dev.secrets4j.engine;

import dev.secrets4j.CachePolicy;
import dev.secrets4j.ProviderStats;
import dev.secrets4j.SecretProviderException;
import dev.secrets4j.SecretStatus;
import dev.secrets4j.Secrets;
import dev.secrets4j.SecretsStats;
import dev.secrets4j.testing.FakeTime;
import dev.secrets4j.testing.InMemorySecretProvider;
import dev.secrets4j.testing.LeakCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Secrets.stats() and Secrets.status(): what metrics and the inventory endpoint read. */
class StatsTest {

    @RegisterExtension
    final LeakCheck leaks = LeakCheck.create();

    private final String v1 = leaks.canary("canary-stats-one-1111");
    private final String v2 = leaks.canary("canary-stats-two-2222");
    private final FakeTime time = FakeTime.startingAt(Instant.parse("2026-01-01T00:00:00Z"));
    private final InMemorySecretProvider memory = InMemorySecretProvider.builder().clock(time.clock()).build();

    private Secrets.Builder builder() {
        return Secrets.builder().provider(memory).require("KEY").listenerExecutor(Runnable::run)
                .clock(time.clock()).scheduler(time)
                .cache(CachePolicy.ttl(Duration.ofMinutes(5)).maxStale(Duration.ofHours(1)));
    }

    @Test
    void withRecordStats_countsHitsMissesStaleReadsFailuresAndChanges() {
        memory.set("KEY", v1);
        try (Secrets secrets = builder().recordStats().build()) {
            secrets.get("KEY");
            secrets.get("KEY");
            assertThat(secrets.find("NOPE")).isEmpty();

            memory.set("KEY", v2);
            secrets.refresh("KEY");
            memory.failWith("KEY", SecretProviderException.retryable("memory", "KEY", "backend down", null));
            assertThatThrownBy(() -> secrets.refresh("KEY")).isInstanceOf(SecretProviderException.class);
            assertThat(secrets.get("KEY").asString()).isEqualTo(v2);

            SecretsStats stats = secrets.stats();
            assertThat(stats.cacheHits()).isEqualTo(3);
            assertThat(stats.cacheMisses()).isEqualTo(1);
            assertThat(stats.staleReads()).isEqualTo(1);
            assertThat(stats.refreshFailures()).isEqualTo(1);
            assertThat(stats.changes()).isEqualTo(1);
            ProviderStats calls = stats.providers().get("memory");
            assertThat(calls.successfulCalls()).isGreaterThanOrEqualTo(3); // boot, the miss, the refresh
            assertThat(calls.failedCalls()).isEqualTo(1);
            assertThat(calls.lastSuccess()).contains(time.now());
            assertThat(calls.successfulCallTime()).isPositive();

            memory.clearFailures();
            secrets.refresh("KEY");
            secrets.get("KEY");
            assertThat(secrets.stats().staleReads()).as("a successful refresh ends the stale streak").isEqualTo(1);
            leaks.assertNoLeak(stats, calls);
        }
    }

    @Test
    void withoutRecordStats_readsAreNotCounted_butBackendCallsAre() {
        memory.set("KEY", v1);
        try (Secrets secrets = builder().build()) {
            secrets.get("KEY");
            SecretsStats stats = secrets.stats();
            assertThat(stats.cacheHits()).isZero();
            assertThat(stats.cacheMisses()).isZero();
            assertThat(stats.providers().get("memory").successfulCalls()).isPositive();
        }
    }

    @Test
    void status_tellsVersionsAndTimes_withoutValues() {
        memory.set("KEY", v1);
        try (Secrets secrets = builder().build()) {
            Instant boot = time.now();
            assertThat(secrets.status()).singleElement().satisfies(s -> {
                assertThat(s.name()).isEqualTo("KEY");
                assertThat(s.providerId()).isEqualTo("memory");
                assertThat(s.fetchedAt()).isEqualTo(boot);
                assertThat(s.lastRefresh()).isEmpty();
                assertThat(s.stale()).isFalse();
            });
            String firstVersion = secrets.status().get(0).version();

            time.advance(Duration.ofMinutes(1));
            memory.set("KEY", v2);
            secrets.refresh("KEY");
            time.advance(Duration.ofMinutes(1));
            secrets.refresh("KEY");

            SecretStatus s = secrets.status().get(0);
            assertThat(s.version()).isNotEqualTo(firstVersion);
            assertThat(s.fetchedAt()).isEqualTo(boot.plus(Duration.ofMinutes(1)));
            assertThat(s.lastRefresh()).contains(boot.plus(Duration.ofMinutes(2)));

            memory.failWith("KEY", SecretProviderException.retryable("memory", "KEY", "backend down", null));
            assertThatThrownBy(() -> secrets.refresh("KEY")).isInstanceOf(SecretProviderException.class);
            assertThat(secrets.status().get(0).stale()).isTrue();
            leaks.assertNoLeak(secrets.status());
        }
    }
}
