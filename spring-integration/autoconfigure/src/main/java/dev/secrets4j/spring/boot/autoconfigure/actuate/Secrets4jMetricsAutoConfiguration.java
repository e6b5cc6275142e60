package dev.secrets4j.spring.boot.autoconfigure.actuate;

import dev.secrets4j.Secrets;
import dev.secrets4j.micrometer.SecretsMeterBinder;
import dev.secrets4j.spring.boot.autoconfigure.core.Secrets4jAutoConfiguration;
import dev.secrets4j.spring.boot.autoconfigure.core.Secrets4jBuilderCustomizer;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

/**
 * Auto-configuration of secrets4j's Micrometer metrics ({@link Secrets4jMetrics} and the
 * per-secret {@link SecretsMeterBinder}): on with
 * Micrometer and a {@code MeterRegistry} bean. It makes the auto-configured {@code Secrets}
 * record cache statistics (a {@link Secrets4jBuilderCustomizer} calling
 * {@link Secrets.Builder#recordStats()}) and binds the meters to every registry. Each bean backs
 * off when the application defines its own ({@link Secrets4jMetrics}, or a bean named
 * {@code secrets4jRecordStats}).
 */
@AutoConfiguration(after = Secrets4jAutoConfiguration.class, afterName = {
        "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration"})
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean(MeterRegistry.class)
public final class Secrets4jMetricsAutoConfiguration {

    /** Turns on cache hit, miss and stale-read counting in the auto-configured {@code Secrets}. */
    @Bean
    @ConditionalOnMissingBean(name = "secrets4jRecordStats")
    Secrets4jBuilderCustomizer secrets4jRecordStats() {
        return Secrets.Builder::recordStats;
    }

    /** The meter binder, when there is a {@code Secrets} to measure. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBean(Secrets.class)
    static class Binder {

        @Bean
        @ConditionalOnMissingBean
        Secrets4jMetrics secrets4jMetrics(Secrets secrets) {
            return new Secrets4jMetrics(secrets, Clock.systemUTC());
        }

        /** Per-secret meters: accesses, versions written, rotations and their errors, expired secrets. */
        @Bean
        @ConditionalOnMissingBean
        SecretsMeterBinder secrets4jSecretMeters(Secrets secrets) {
            return new SecretsMeterBinder(secrets);
        }
    }
}
