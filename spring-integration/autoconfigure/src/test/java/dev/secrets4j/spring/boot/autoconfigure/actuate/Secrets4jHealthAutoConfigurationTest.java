package dev.secrets4j.spring.boot.autoconfigure.actuate;

import dev.secrets4j.SecretProviderException;
import dev.secrets4j.Secrets;
import dev.secrets4j.testing.InMemorySecretProvider;
import dev.secrets4j.testing.LeakCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The secrets4j health indicator: status from providers and validation, counts only, and its conditions. */
class Secrets4jHealthAutoConfigurationTest {

    @RegisterExtension
    final LeakCheck leaks = LeakCheck.create();

    private final String value = leaks.canary("canary-health-db-password-1111");
    private final InMemorySecretProvider memory = InMemorySecretProvider.create();

    private ApplicationContextRunner runner() {
        memory.set("DB_PASSWORD", value);
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(Secrets4jHealthAutoConfiguration.class))
                .withBean(Secrets.class, () -> Secrets.builder().provider(memory).require("DB_PASSWORD").build());
    }

    @Test
    void health_whenProvidersAreUp_isUpWithCountsAndNoSecretNames() {
        runner().run(ctx -> {
            Health health = ctx.getBean("secrets4jHealthIndicator", HealthIndicator.class).health();

            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsEntry("declared", 1).containsEntry("problems", 0)
                    .containsEntry("warnings", 0).containsEntry("stale", 0L)
                    .containsEntry("providers", Map.of("memory", Map.of("status", "UP", "reason", "memory: 1 secrets in memory")));
            assertThat(health.toString()).doesNotContain("DB_PASSWORD");
            leaks.assertNoLeak(health, health.getDetails());
        });
    }

    @Test
    void health_whenAProviderIsDown_isDownWithItsReason() {
        runner().run(ctx -> {
            memory.failWith(null, SecretProviderException.retryable("memory", "DB_PASSWORD", "backend unreachable", null));

            Health health = ctx.getBean("secrets4jHealthIndicator", HealthIndicator.class).health();

            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat(health.getDetails().get("providers")).asString().contains("status=DOWN").contains("every call fails");
        });
    }

    @Test
    void conditions_backOffWhenDisabled_withoutHealth_withoutSecrets_orWithUserBean() {
        runner().withPropertyValues("management.health.secrets4j.enabled=false")
                .run(ctx -> assertThat(ctx).doesNotHaveBean(Secrets4jHealthIndicator.class));
        runner().withClassLoader(new FilteredClassLoader(Health.class))
                .run(ctx -> assertThat(ctx).doesNotHaveBean(Secrets4jHealthIndicator.class));
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(Secrets4jHealthAutoConfiguration.class))
                .run(ctx -> assertThat(ctx).hasNotFailed().doesNotHaveBean(Secrets4jHealthIndicator.class));
        runner().withBean("secrets4jHealthIndicator", HealthIndicator.class, () -> () -> Health.up().build())
                .run(ctx -> assertThat(ctx).doesNotHaveBean(Secrets4jHealthIndicator.class));
    }
}
