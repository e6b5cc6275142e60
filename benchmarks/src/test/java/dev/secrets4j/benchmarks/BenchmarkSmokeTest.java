package dev.secrets4j.benchmarks;

import com.nimbusds.jwt.SignedJWT;
import dev.secrets4j.Secret;
import dev.secrets4j.Secrets;
import dev.secrets4j.jwt.JwtClaims;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Runs each benchmark's setup, body and teardown once, without JMH, so that a benchmark that no
 * longer measures what it says fails the build rather than the next benchmark run.
 */
class BenchmarkSmokeTest {

    @Test
    void cacheHit_allThreeReads_returnTheSameCachedSecret() {
        CacheHitBenchmark bench = new CacheHitBenchmark();
        bench.setUp();
        try {
            Secret viaSecrets = bench.secretsGet();

            assertThat(viaSecrets.name()).isEqualTo(Backends.name(CacheHitBenchmark.CACHED / 2));
            assertThat(bench.concurrentHashMapGet()).isSameAs(viaSecrets);
            assertThat(bench.caffeineGetIfPresent()).isSameAs(viaSecrets);
            assertThat(viaSecrets.toString()).doesNotContain(viaSecrets.asString());
        } finally {
            bench.tearDown();
        }
    }

    @Test
    void boot_batched_resolvesEverySecretInOneBatchCall() {
        BootBenchmark.BatchingBackend backend = new BootBenchmark.BatchingBackend();
        backend.fill();

        Secrets secrets = new BootBenchmark().batched(backend);

        assertThat(secrets.declaredNames()).hasSize(BootBenchmark.SECRETS);
        assertThat(secrets.get(Backends.name(199)).asString()).isEqualTo(Backends.value(199));
        backend.close();
        assertThat(backend.provider.batchCalls()).isEqualTo(1);
    }

    @Test
    void boot_unbatched_readsEverySecretOnItsOwn() {
        BootBenchmark.PlainBackend backend = new BootBenchmark.PlainBackend();
        backend.fill();

        Secrets secrets = new BootBenchmark().unbatched(backend);

        assertThat(secrets.get(Backends.name(0)).asString()).isEqualTo(Backends.value(0));
        backend.close();
        assertThat(backend.provider.calls()).isEqualTo(BootBenchmark.SECRETS);
        assertThat(backend.provider.batchCalls()).isZero();
    }

    @Test
    void boot_unbatchedAtConcurrency64_readsEverySecretOnItsOwn() {
        BootBenchmark.PlainBackend backend = new BootBenchmark.PlainBackend();
        backend.fill();

        Secrets secrets = new BootBenchmark().unbatchedConcurrency64(backend);

        assertThat(secrets.declaredNames()).hasSize(BootBenchmark.SECRETS);
        backend.close();
        assertThat(backend.provider.calls()).isEqualTo(BootBenchmark.SECRETS);
    }

    @Test
    void boot_whenTheEngineMakesOtherCallsThanTheModeImplies_failsTheTeardownNamingTheCounts() {
        BootBenchmark.BatchingBackend backend = new BootBenchmark.BatchingBackend();
        backend.fill();
        new BootBenchmark().batched(backend);
        backend.booted.get(Backends.name(0));
        backend.booted.refresh(Backends.name(0));   // one more backend call than a boot makes

        assertThatThrownBy(backend::close)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("made 2 backend calls")
                .hasMessageNotContaining(Backends.value(0));
    }

    @Test
    void missStorm_countsOneBackendCallPerStorm() {
        ConcurrentMissBenchmark bench = new ConcurrentMissBenchmark();
        ConcurrentMissBenchmark.Counters counters = new ConcurrentMissBenchmark.Counters();
        bench.startThreads();
        try {
            for (int i = 0; i < 2; i++) {
                bench.boot();
                List<Secret> seen = bench.missStorm(counters);
                bench.close();
                assertThat(seen).hasSize(ConcurrentMissBenchmark.THREADS);
            }
        } finally {
            bench.stopThreads();
        }

        assertThat(counters.storms).isEqualTo(2);
        assertThat(counters.backendCalls).isEqualTo(2);
    }

    @Test
    void jwt_bothSidesSignTheSameClaims_andEachVerifiesTheOthersToken() throws Exception {
        JwtBenchmark bench = new JwtBenchmark();
        bench.bits = 2048;
        bench.setUp();
        try {
            SignedJWT ours = SignedJWT.parse(bench.ourSign());
            SignedJWT theirs = SignedJWT.parse(bench.nimbusSign());

            assertThat(ours.getHeader().toJSONObject()).isEqualTo(theirs.getHeader().toJSONObject());
            assertThat(ours.getJWTClaimsSet().getClaims().keySet())
                    .containsExactlyInAnyOrderElementsOf(theirs.getJWTClaimsSet().getClaims().keySet());
            assertThat(ours.verify(bench.nimbusVerifier())).isTrue();
            JwtClaims verified = bench.verifier().verify(theirs.serialize());
            assertThat(verified.stringClaim("role")).contains("admin");
            assertThat(bench.ourVerify().claim("permissions")).contains(List.of("read", "write"));
            assertThat(bench.nimbusVerify().getStringListClaim("permissions")).containsExactly("read", "write");
        } finally {
            bench.tearDown();
        }
    }
}
