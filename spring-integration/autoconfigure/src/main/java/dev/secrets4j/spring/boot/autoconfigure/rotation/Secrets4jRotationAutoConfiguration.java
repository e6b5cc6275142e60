package dev.secrets4j.spring.boot.autoconfigure.rotation;

import dev.secrets4j.Secrets;
import dev.secrets4j.spring.boot.autoconfigure.core.Secrets4jAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration that publishes every secret change as a {@link SecretChangedEvent} and
 * rebinds the {@code @ConfigurationProperties} beans bound to the changed secret. On with a
 * {@link Secrets} bean; off with {@code secrets4j.rotation.enabled=false} (rebinding alone with
 * {@code secrets4j.rotation.rebind=false}). Each bean backs off when the application defines one
 * of the same name.
 */
@AutoConfiguration(after = Secrets4jAutoConfiguration.class)
@ConditionalOnBean(Secrets.class)
@ConditionalOnBooleanProperty(name = "secrets4j.rotation.enabled", matchIfMissing = true)
@EnableConfigurationProperties(Secrets4jRotationProperties.class)
public final class Secrets4jRotationAutoConfiguration {

    /** Publishes {@link SecretChangedEvent}s to the context. */
    @Bean
    @ConditionalOnMissingBean(name = "secrets4jChangePublisher")
    SecretChangePublisher secrets4jChangePublisher(Secrets secrets, ApplicationEventPublisher publisher) {
        return new SecretChangePublisher(secrets, publisher);
    }

    /** Rebinds configuration properties beans bound to a changed secret. */
    @Bean
    @ConditionalOnMissingBean(name = "secrets4jPropertiesRebinder")
    @ConditionalOnBooleanProperty(name = "secrets4j.rotation.rebind", matchIfMissing = true)
    SecretPropertiesRebinder secrets4jPropertiesRebinder(ApplicationContext context) {
        return new SecretPropertiesRebinder(context);
    }
}
