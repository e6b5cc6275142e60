package dev.secrets4j.engine;

import dev.secrets4j.Secrets;
import dev.secrets4j.generate.SecretGenerator;
import dev.secrets4j.micrometer.SecretsMeterBinder;
import dev.secrets4j.rotation.RotationContext;
import dev.secrets4j.rotation.RotationHook;
import dev.secrets4j.rotation.RotationPolicy;
import dev.secrets4j.testing.FakeTime;
import dev.secrets4j.testing.InMemorySecretProvider;
import dev.secrets4j.testing.LeakCheck;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The per-secret meters as a Prometheus registry shows them: names, tags, counts; never a value. */
class MetricsTest {

    @RegisterExtension
    final LeakCheck leaks = LeakCheck.create();

    private final FakeTime time = FakeTime.startingAt(Instant.parse("2026-01-01T00:00:00Z"));
    private final InMemorySecretProvider memory = InMemorySecretProvider.builder().clock(time.clock()).build();
    private final AtomicInteger made = new AtomicInteger();

    @Test
    void prometheus_showsAccessesCreatesRotationsErrorsAndExpired_taggedByProviderAndSecret() {
        memory.set("API_KEY", leaks.canary("canary-metrics-api-key-0"));
        memory.set("TOKEN", leaks.canary("canary-metrics-token-1"), java.util.Map.of());
        SecretGenerator gen = SecretGenerator.of("canary-type", random -> leaks.canary("canary-metrics-new-"
                + made.incrementAndGet()).getBytes(StandardCharsets.UTF_8));
        AtomicInteger verifies = new AtomicInteger();
        RotationHook failsOnce = new RotationHook() {
            @Override
            public void verify(RotationContext r) {
                if (verifies.incrementAndGet() == 1) {
                    throw new IllegalStateException("refused");
                }
            }
        };
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (Secrets secrets = Secrets.builder().provider(memory).listenerExecutor(Runnable::run).clock(time.clock())
                .scheduler(time).recordStats().generator(gen).rotationChecks(false)
                .rotate("API_KEY", RotationPolicy.every(Duration.ofDays(30)).type("canary-type"), failsOnce)
                .require("TOKEN").build()) {
            new SecretsMeterBinder(secrets).bindTo(registry);
            for (int i = 0; i < 3; i++) {
                secrets.get("API_KEY");
            }
            secrets.rotateNow("API_KEY");   // fails once
            secrets.rotateNow("API_KEY");   // succeeds

            String text = registry.scrape();

            assertThat(text).contains("secrets_accessed_total{provider=\"memory\",secret=\"API_KEY\"} 3.0");
            assertThat(text).contains("secrets_created_versions_total{provider=\"memory\",secret=\"API_KEY\"} 2.0");
            assertThat(text).contains("secrets_rotated_successfully_total{provider=\"memory\",secret=\"API_KEY\"} 1.0");
            assertThat(text).contains("secrets_rotation_errors_total{provider=\"memory\",secret=\"API_KEY\"} 1.0");
            assertThat(text).contains("secrets_created_versions_total{provider=\"memory\",secret=\"TOKEN\"} 0.0");
            assertThat(text).contains("expired_secrets_count 0.0");
            leaks.assertNoLeak(text);
        }
    }

    @Test
    void expiredGauge_countsCachedSecretsWhoseCertificateEnded() {
        memory.set("TLS_OK", TestCertificates.endingAt(time.now().plus(Duration.ofDays(90))));
        memory.set("TLS_SOON", TestCertificates.endingAt(time.now().plus(Duration.ofDays(2))));
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (Secrets secrets = Secrets.builder().provider(memory).require("TLS_OK").require("TLS_SOON").clock(time.clock())
                .scheduler(time).listenerExecutor(Runnable::run).cache(dev.secrets4j.CachePolicy.ttl(Duration.ofDays(30))
                        .maxStale(Duration.ofDays(60))).build()) {
            new SecretsMeterBinder(secrets).bindTo(registry);
            assertThat(registry.scrape()).contains("expired_secrets_count 0.0");

            time.advance(Duration.ofDays(3));

            assertThat(secrets.expiredCount()).isEqualTo(1);
            assertThat(registry.scrape()).contains("expired_secrets_count 1.0");
        }
    }
}
