package dev.secrets4j.spring.boot.autoconfigure.actuate;

import dev.secrets4j.SecretProviderException;
import dev.secrets4j.Secrets;
import dev.secrets4j.spi.SecretProvider;
import dev.secrets4j.spring.boot.autoconfigure.core.Secrets4jAutoConfiguration;
import dev.secrets4j.spring.boot.autoconfigure.core.Secrets4jBuilderCustomizer;
import dev.secrets4j.testing.InMemorySecretProvider;
import dev.secrets4j.testing.LeakCheck;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Metrics: the auto-configured Secrets records cache statistics, the meters follow the counters,
 * tags carry provider ids and outcomes only; conditions and back-off.
 */
class Secrets4jMetricsAutoConfigurationTest {

    @RegisterExtension
    final LeakCheck leaks = LeakCheck.create();

    private final String value = leaks.canary("canary-metrics-db-password-1111");
    private final InMemorySecretProvider memory = InMemorySecretProvider.create();

    private ApplicationContextRunner runner() {
        memory.set("DB_PASSWORD", value);
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
                        CompositeMeterRegistryAutoConfiguration.class, Secrets4jAutoConfiguration.class,
                        Secrets4jMetricsAutoConfiguration.class))
                .withBean(SecretProvider.class, () -> memory)
                .withPropertyValues("secrets4j.required=DB_PASSWORD");
    }

    private static double count(MeterRegistry registry, String name, String... tags) {
        return registry.get(name).tags(tags).functionCounter().count();
    }

    @Test
    void throttleWaits_ofAProviderWithRateBudgets_becomeCountersByOperation() {
        java.util.concurrent.atomic.AtomicLong waitedMillis = new java.util.concurrent.atomic.AtomicLong(1500);
        SecretProvider budgeted = new SecretProvider() {
            @Override
            public String id() {
                return "budgeted";
            }

            @Override
            public java.util.Set<dev.secrets4j.spi.Capability> capabilities() {
                return java.util.Set.of(dev.secrets4j.spi.Capability.READ);
            }

            @Override
            public java.util.Optional<dev.secrets4j.Secret> get(dev.secrets4j.spi.SecretRef ref) {
                return memory.get(ref);
            }

            @Override
            public java.util.Map<String, java.time.Duration> throttleWaits() {
                return java.util.Map.of("GetSecretValue", java.time.Duration.ofMillis(waitedMillis.get()));
            }
        };
        runner().withBean("budgeted", SecretProvider.class, () -> budgeted).run(ctx -> {
            MeterRegistry registry = ctx.getBean(MeterRegistry.class);
            assertThat(count(registry, "secrets4j.backend.throttle.wait", "provider", "budgeted", "operation", "GetSecretValue"))
                    .isEqualTo(1.5);
            waitedMillis.set(2500);
            assertThat(count(registry, "secrets4j.backend.throttle.wait", "provider", "budgeted", "operation", "GetSecretValue"))
                    .isEqualTo(2.5);
        });
    }

    @Test
    void meters_followTheSecretsCounters_andAutoConfiguredSecretsRecordsCacheStats() {
        runner().run(ctx -> {
            Secrets secrets = ctx.getBean(Secrets.class);
            MeterRegistry registry = ctx.getBean(MeterRegistry.class);
            double hitsBefore = count(registry, "secrets4j.cache.gets", "result", "hit");

            secrets.get("DB_PASSWORD");
            secrets.get("DB_PASSWORD");
            memory.set("DB_PASSWORD", leaks.canary("canary-metrics-db-password-2222"));
            secrets.refresh("DB_PASSWORD");
            memory.failWith("DB_PASSWORD", SecretProviderException.retryable("memory", "DB_PASSWORD", "down", null));
            assertThatThrownBy(() -> secrets.refresh("DB_PASSWORD")).isInstanceOf(SecretProviderException.class);

            assertThat(count(registry, "secrets4j.cache.gets", "result", "hit")).isEqualTo(hitsBefore + 2);
            assertThat(count(registry, "secrets4j.changes")).isEqualTo(secrets.stats().changes()).isPositive();
            assertThat(count(registry, "secrets4j.refresh.failures")).isEqualTo(secrets.stats().refreshFailures()).isPositive();
            assertThat(count(registry, "secrets4j.cache.stale.reads")).isEqualTo(secrets.stats().staleReads());
            FunctionTimer ok = registry.get("secrets4j.backend.calls").tags("provider", "memory", "outcome", "success").functionTimer();
            FunctionTimer failed = registry.get("secrets4j.backend.calls").tags("provider", "memory", "outcome", "failure").functionTimer();
            assertThat(ok.count()).isEqualTo(secrets.stats().providers().get("memory").successfulCalls()).isPositive();
            assertThat(failed.count()).isEqualTo(secrets.stats().providers().get("memory").failedCalls()).isPositive();
            assertThat(ok.totalTime(TimeUnit.NANOSECONDS)).isGreaterThanOrEqualTo(0);
            assertThat(registry.get("secrets4j.backend.since.last.success").tag("provider", "memory").gauge().value())
                    .isGreaterThanOrEqualTo(0).isLessThan(60);
            // The per-secret meters carry the name as a tag (never the value); the others carry none.
            assertThat(registry.get("secrets.accessed").tags("provider", "memory", "secret", "DB_PASSWORD").functionCounter()
                    .count()).isEqualTo(secrets.counts("DB_PASSWORD").accessed()).isEqualTo(2);
            assertThat(registry.get("secrets.rotated.successfully").tags("secret", "DB_PASSWORD").functionCounter().count())
                    .isZero();
            assertThat(registry.get("expired.secrets.count").gauge().value()).isZero();
            for (Meter meter : registry.getMeters()) {
                if (meter.getId().getName().startsWith("secrets4j.")) {
                    assertThat(meter.getId().toString()).doesNotContain("DB_PASSWORD");
                }
                leaks.assertNoLeak(meter.getId());
            }
        });
    }

    @Test
    void conditions_backOffWithoutMicrometerOrRegistry_andForUserBeans() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(Secrets4jAutoConfiguration.class, Secrets4jMetricsAutoConfiguration.class))
                .withBean(SecretProvider.class, () -> memory)
                .withClassLoader(new FilteredClassLoader(MeterRegistry.class))
                .run(ctx -> assertThat(ctx).doesNotHaveBean(Secrets4jMetrics.class).doesNotHaveBean("secrets4jRecordStats"));
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(Secrets4jAutoConfiguration.class, Secrets4jMetricsAutoConfiguration.class))
                .withBean(SecretProvider.class, () -> memory)
                .run(ctx -> assertThat(ctx).hasNotFailed().doesNotHaveBean(Secrets4jMetrics.class)
                        .doesNotHaveBean(Secrets4jBuilderCustomizer.class));
        runner().withBean("secrets4jMetrics", Secrets4jMetrics.class, () -> new Secrets4jMetrics(
                        Secrets.builder().provider(InMemorySecretProvider.create()).build(), java.time.Clock.systemUTC()))
                .run(ctx -> assertThat(ctx).getBeans(Secrets4jMetrics.class).containsOnlyKeys("secrets4jMetrics"));
    }
}
