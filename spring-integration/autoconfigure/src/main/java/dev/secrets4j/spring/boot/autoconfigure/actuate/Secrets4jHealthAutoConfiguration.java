package dev.secrets4j.spring.boot.autoconfigure.actuate;

import dev.secrets4j.Secrets;
import dev.secrets4j.spring.boot.autoconfigure.core.Secrets4jAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@code secrets4j} health indicator: on with {@code spring-boot-health}
 * and a {@link Secrets} bean; off with {@code management.health.secrets4j.enabled=false}; backs
 * off when the application defines a bean named {@code secrets4jHealthIndicator}.
 */
@AutoConfiguration(after = Secrets4jAutoConfiguration.class,
        beforeName = "org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration")
@ConditionalOnClass(Health.class)
@ConditionalOnBean(Secrets.class)
@ConditionalOnEnabledHealthIndicator("secrets4j")
public final class Secrets4jHealthAutoConfiguration {

    /** The indicator; its bean name makes the contributor name {@code secrets4j}. */
    @Bean
    @ConditionalOnMissingBean(name = "secrets4jHealthIndicator")
    Secrets4jHealthIndicator secrets4jHealthIndicator(Secrets secrets) {
        return new Secrets4jHealthIndicator(secrets);
    }
}
