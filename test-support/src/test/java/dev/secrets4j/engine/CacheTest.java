package dev.secrets4j.engine;

import dev.secrets4j.CachePolicy;
import dev.secrets4j.Secret;
import dev.secrets4j.SecretChange;
import dev.secrets4j.SecretNotFoundException;
import dev.secrets4j.SecretProviderException;
import dev.secrets4j.Secrets;
import dev.secrets4j.testing.FakeTime;
import dev.secrets4j.testing.InMemorySecretProvider;
import dev.secrets4j.testing.LeakCheck;
import dev.secrets4j.spi.Capability;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The cache: background refresh, stale-if-error, single flight, negative caching. */
class CacheTest {

    @RegisterExtension
    final LeakCheck leaks = LeakCheck.create();

    private final String v1 = leaks.canary("canary-value-one-aaaaaaaa");
    private final String v2 = leaks.canary("canary-value-two-bbbbbbbb");
    private final FakeTime time = FakeTime.startingAt(Instant.parse("2026-11-25T08:00:00Z"));
    /** No WATCH: changes must be found by the scheduled refresh alone. */
    private final InMemorySecretProvider memory = InMemorySecretProvider.builder().clock(time.clock())
            .capabilities(Set.of(Capability.READ, Capability.VERSIONS, Capability.BATCH)).build();
    private final List<SecretChange> changes = new CopyOnWriteArrayList<>();
    private Secrets secrets;

    private Secrets boot(CachePolicy policy) {
        memory.set("DB_PASSWORD", v1);
        secrets = Secrets.builder()
                .callTimeout(Duration.ofMillis(300))
                .provider(memory)
                .require("DB_PASSWORD")
                .cache(policy.jitter(0))
                .clock(time.clock())
                .scheduler(time)
                .listenerExecutor(Runnable::run)
                .build();
        secrets.onChange("DB_PASSWORD", changes::add);
        return secrets;
    }

    @AfterEach
    void close() {
        if (secrets != null) {
            secrets.close();
        }
    }

    @Test
    void refresh_runsAtTheFractionOfTheTtl_andFiresOneChange() {
        boot(CachePolicy.ttl(Duration.ofMinutes(5)));
        time.advance(time.nextTaskIn().orElseThrow()); // the first refresh falls anywhere in the window
        memory.set("DB_PASSWORD", v2);

        time.advance(Duration.ofMinutes(3)); // the next one at 0.8 of the TTL, +-10 %: 3.6 to 4.4 min
        assertThat(secrets.get("DB_PASSWORD").asString()).isEqualTo(v1);

        time.advance(Duration.ofMinutes(1).plusSeconds(30));
        assertThat(secrets.get("DB_PASSWORD").asString()).isEqualTo(v2);
        assertThat(changes).singleElement().satisfies(c -> {
            assertThat(c.previous().asString()).isEqualTo(v1);
            assertThat(c.current().asString()).isEqualTo(v2);
            assertThat(c.cause()).isEqualTo(SecretChange.Cause.REFRESH);
            assertThat(c.name()).isEqualTo("DB_PASSWORD");
        });
        leaks.assertNoLeak(changes.get(0));
    }

    @Test
    void refresh_whenNothingChanged_firesNothing_andKeepsRefreshing() {
        boot(CachePolicy.ttl(Duration.ofMinutes(5)));
        time.advance(time.nextTaskIn().orElseThrow());
        memory.resetCounts();
        time.advance(Duration.ofSeconds(270)); // refreshes every 3.6 to 4.4 min
        time.advance(Duration.ofSeconds(270));
        assertThat(memory.calls()).isEqualTo(2);
        assertThat(changes).isEmpty();
    }

    @Test
    void refresh_firstFallsAnywhereInTheWindow_laterOnesAreSpreadByTheJitter() {
        memory.set("DB_PASSWORD", v1);
        List<Duration> first = new ArrayList<>();
        List<Duration> second = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            FakeTime t = FakeTime.startingAt(Instant.EPOCH);
            try (Secrets s = Secrets.builder().provider(memory).require("DB_PASSWORD")
                    .cache(CachePolicy.ttl(Duration.ofMinutes(10)).jitter(0.2))
                    .clock(t.clock()).scheduler(t).build()) {
                Duration d = t.nextTaskIn().orElseThrow();
                first.add(d);
                t.advance(d);
                second.add(t.nextTaskIn().orElseThrow());
            }
        }
        assertThat(first).allSatisfy(d -> assertThat(d).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(576)));
        assertThat(first.stream().distinct().count()).isGreaterThan(1);
        assertThat(second).allSatisfy(d -> assertThat(d).isBetween(Duration.ofSeconds(384), Duration.ofSeconds(576)));
    }

    @Test
    void refresh_ofAThousandSecretsBootedInOneSecond_neverPutsMoreThanFivePercentInOneSecond() {
        Secrets.Builder b = Secrets.builder().provider(memory).cache(CachePolicy.ttl(Duration.ofMinutes(5)))
                .clock(time.clock()).scheduler(time);
        for (int i = 0; i < 1000; i++) {
            memory.set("S" + i, v1);
            b.require("S" + i);
        }
        try (Secrets s = b.build()) {
            int max = 0;
            int total = 0;
            for (int second = 0; second < 300; second++) {
                memory.resetCounts();
                time.advance(Duration.ofSeconds(1));
                max = Math.max(max, memory.calls());
                total += memory.calls();
            }
            assertThat(total).as("every secret refreshed in the first window").isGreaterThanOrEqualTo(1000);
            assertThat(max).as("refreshes in the busiest second").isLessThanOrEqualTo(50);
        }
    }

    @Test
    void staleIfError_servesTheLastGoodValue_thenFailsAfterMaxStale_thenRecovers() {
        boot(CachePolicy.ttl(Duration.ofMinutes(5)).maxStale(Duration.ofMinutes(30))
                .retryBackoff(Duration.ofSeconds(10), Duration.ofMinutes(2)));
        memory.failWith(null, SecretProviderException.retryable("memory", null, "memory backend unavailable (HTTP 503)", null));

        time.advance(Duration.ofMinutes(4));
        assertThat(secrets.get("DB_PASSWORD").asString()).isEqualTo(v1);
        time.advance(Duration.ofMinutes(20));
        assertThat(secrets.get("DB_PASSWORD").asString()).isEqualTo(v1);
        assertThat(warnLines()).hasSize(1);
        assertThat(warnLines().get(0)).contains("provider 'memory' is failing", "503");

        time.advance(Duration.ofMinutes(11));
        assertThatThrownBy(() -> secrets.get("DB_PASSWORD"))
                .isInstanceOf(SecretProviderException.class)
                .hasMessageContaining("DB_PASSWORD")
                .hasMessageContaining("stale")
                .hasMessageContaining("memory backend unavailable (HTTP 503)")
                .hasMessageContaining("maxStale");

        memory.clearFailures();
        memory.set("DB_PASSWORD", v2);
        time.advance(Duration.ofMinutes(3));
        assertThat(secrets.get("DB_PASSWORD").asString()).isEqualTo(v2);
        assertThat(infoLines("answering again")).hasSize(1);
        assertThat(warnLines()).hasSize(1);
    }

    @Test
    void outageLog_whenOneSecretKeepsFailingWhileOthersRefresh_warnsOnceAndDoesNotFlap() {
        memory.set("OTHER", v2);
        memory.set("DB_PASSWORD", v1);
        secrets = Secrets.builder().provider(memory).require("DB_PASSWORD").require("OTHER")
                .cache(CachePolicy.ttl(Duration.ofMinutes(5)).jitter(0).maxStale(Duration.ofDays(1)))
                .clock(time.clock()).scheduler(time).build();
        memory.failWith("DB_PASSWORD", SecretProviderException.permanent("memory", "DB_PASSWORD", "access denied", null));

        time.advance(Duration.ofMinutes(30));
        assertThat(warnLines()).singleElement().asString().contains("provider 'memory' is failing", "access denied");
        assertThat(infoLines("answering again")).isEmpty();

        memory.clearFailures();
        time.advance(Duration.ofMinutes(10));
        assertThat(infoLines("answering again")).hasSize(1);
        assertThat(warnLines()).hasSize(1);
    }

    @Test
    void staleIfError_withZeroMaxStale_failsReadsOnTheFirstFailedRefresh() {
        boot(CachePolicy.ttl(Duration.ofMinutes(5)).maxStale(Duration.ZERO));
        memory.failWith(null, SecretProviderException.retryable("memory", null, "down", null));
        time.advance(Duration.ofMinutes(4));
        assertThatThrownBy(() -> secrets.get("DB_PASSWORD")).isInstanceOf(SecretProviderException.class);
    }

    @Test
    void retries_backOffExponentiallyUpToTheCap() {
        boot(CachePolicy.ttl(Duration.ofMinutes(5)).maxStale(Duration.ofDays(1))
                .retryBackoff(Duration.ofSeconds(1), Duration.ofSeconds(64)));
        memory.failWith(null, SecretProviderException.retryable("memory", null, "down", null));
        time.advance(Duration.ofMinutes(4));
        memory.resetCounts();
        time.advance(Duration.ofMinutes(10));
        // With doubling from 1 s to a cap of 64 s, ten minutes hold far fewer retries than one per second
        // and at least the ones a 64 s cap forces.
        assertThat(memory.calls()).isBetween(9, 40);
    }

    @Test
    void manualRefresh_firesOneChangeWithCauseManual() {
        boot(CachePolicy.ttl(Duration.ofMinutes(5)));
        memory.set("DB_PASSWORD", v2);
        Secret fresh = secrets.refresh("DB_PASSWORD");
        assertThat(fresh.asString()).isEqualTo(v2);
        assertThat(changes).singleElement().extracting(SecretChange::cause).isEqualTo(SecretChange.Cause.MANUAL);
        secrets.refresh("DB_PASSWORD");
        assertThat(changes).hasSize(1);
    }

    @Test
    void get_ofAnUndeclaredName_loadsOnce_thenServesFromCache() {
        boot(CachePolicy.ttl(Duration.ofMinutes(5)));
        memory.set("LATE", v2);
        memory.resetCounts();
        assertThat(secrets.get("LATE").asString()).isEqualTo(v2);
        assertThat(secrets.get("LATE").asString()).isEqualTo(v2);
        assertThat(memory.calls("LATE")).isEqualTo(1);
    }

    @Test
    void find_ofAnAbsentName_isRememberedForTheNegativeTtl() {
        boot(CachePolicy.ttl(Duration.ofMinutes(5)).negativeTtl(Duration.ofMinutes(1)));
        memory.resetCounts();
        assertThat(secrets.find("NOPE")).isEmpty();
        assertThat(secrets.find("NOPE")).isEmpty();
        assertThatThrownBy(() -> secrets.get("NOPE")).isInstanceOf(SecretNotFoundException.class)
                .hasMessageContaining("'NOPE' not found in memory");
        assertThat(memory.calls("NOPE")).isEqualTo(1);
    }

    @Test
    void concurrentMisses_makeExactlyOneBackendCall() throws Exception {
        boot(CachePolicy.ttl(Duration.ofMinutes(5)));
        memory.set("HOT", v2);
        memory.resetCounts();
        CountDownLatch release = new CountDownLatch(1);
        memory.hangUntil(release);
        ExecutorService pool = Executors.newFixedThreadPool(64);
        try {
            CountDownLatch started = new CountDownLatch(64);
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                results.add(pool.submit(() -> {
                    started.countDown();
                    return secrets.get("HOT").asString();
                }));
            }
            started.await(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(10)).until(() -> memory.calls("HOT") >= 1);
            memory.resume();
            release.countDown();
            for (Future<String> f : results) {
                assertThat(f.get(10, TimeUnit.SECONDS)).isEqualTo(v2);
            }
            assertThat(memory.calls("HOT")).isEqualTo(1);
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    @Test
    void refresh_whenTheBackendHangs_timesOutAndKeepsServingTheCachedValue() {
        boot(CachePolicy.ttl(Duration.ofMinutes(5)));
        CountDownLatch never = new CountDownLatch(1);
        memory.hangUntil(never);
        try {
            time.advance(Duration.ofMinutes(4));
            assertThat(secrets.get("DB_PASSWORD").asString()).isEqualTo(v1);
            assertThat(warnLines()).singleElement().asString()
                    .contains("provider 'memory' is failing", "did not answer within 300 ms");
            assertThat(secrets.health().get("memory").status()).isNotEqualTo(dev.secrets4j.spi.ProviderHealth.Status.UP);
        } finally {
            never.countDown();
        }
    }

    @Test
    void miss_whenTheBackendHangs_failsWithARetryableTimeoutNamingTheProvider() {
        boot(CachePolicy.ttl(Duration.ofMinutes(5)));
        CountDownLatch never = new CountDownLatch(1);
        memory.hangUntil(never);
        try {
            assertThatThrownBy(() -> secrets.get("NEVER_CACHED"))
                    .isInstanceOf(SecretProviderException.class)
                    .hasMessageContaining("provider 'memory' did not answer within 300 ms")
                    .hasMessageContaining("NEVER_CACHED")
                    .satisfies(e -> assertThat(((SecretProviderException) e).isRetryable()).isTrue());
        } finally {
            never.countDown();
        }
    }

    @Test
    void refresh_ofASecretThatExpiresBeforeItsTtl_runsAtTheFractionOfItsRemainingLife() {
        Instant expires = time.now().plus(Duration.ofMinutes(1));
        java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();
        dev.secrets4j.spi.SecretProvider leased = new dev.secrets4j.spi.SecretProvider() {
            @Override
            public String id() {
                return "leased";
            }

            @Override
            public Set<Capability> capabilities() {
                return Set.of(Capability.READ);
            }

            @Override
            public java.util.Optional<Secret> get(dev.secrets4j.spi.SecretRef ref) {
                reads.incrementAndGet();
                return java.util.Optional.of(Secret.builder(ref.path(), v1).providerId("leased").expiresAt(expires).build());
            }
        };
        secrets = Secrets.builder().provider(leased).require("LEASED")
                .cache(CachePolicy.ttl(Duration.ofMinutes(5)).jitter(0))
                .clock(time.clock()).scheduler(time).build();
        assertThat(time.nextTaskIn()).contains(Duration.ofSeconds(48));
        time.advance(Duration.ofSeconds(48));
        assertThat(reads.get()).isEqualTo(2);
        assertThat(time.nextTaskIn()).contains(Duration.ofMillis(9600));
        time.advance(Duration.ofSeconds(13));
        assertThat(time.nextTaskIn()).as("once expired, the TTL schedule again, not a busy loop")
                .hasValueSatisfying(d -> assertThat(d).isGreaterThan(Duration.ofMinutes(3)));
    }

    @Test
    void versions_givesCurrentThenPrevious() {
        boot(CachePolicy.ttl(Duration.ofMinutes(5)));
        memory.set("DB_PASSWORD", v2);
        List<Secret> versions = secrets.versions("DB_PASSWORD");
        assertThat(versions).extracting(Secret::asString).containsExactly(v2, v1);
        assertThat(versions).allSatisfy(s -> assertThat(s.name()).isEqualTo("DB_PASSWORD"));
    }

    private List<String> warnLines() {
        return leaks.events().stream()
                .filter(e -> e.getLevel() == ch.qos.logback.classic.Level.WARN)
                .filter(e -> !e.getLoggerName().equals("dev.secrets4j.audit"))
                .map(e -> e.getFormattedMessage()).toList();
    }

    private List<String> infoLines(String containing) {
        return leaks.events().stream()
                .filter(e -> e.getLevel() == ch.qos.logback.classic.Level.INFO)
                .map(e -> e.getFormattedMessage()).filter(m -> m.contains(containing)).toList();
    }
}
