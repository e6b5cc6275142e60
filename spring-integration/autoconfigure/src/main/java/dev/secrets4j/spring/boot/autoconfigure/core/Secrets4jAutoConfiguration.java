package dev.secrets4j.spring.boot.autoconfigure.core;

import dev.secrets4j.Secrets;
import dev.secrets4j.spi.SecretProvider;
import dev.secrets4j.spring.boot.autoconfigure.core.config.SecretsSanitizingFunction;
import dev.secrets4j.spring.boot.autoconfigure.core.internal.SecretsFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Auto-configuration of the {@link Secrets} bean from {@code secrets4j.*} properties and the
 * {@link SecretProvider} beans of the context, of {@link HmacVerifiers}, and of the
 * {@link SanitizingFunction} that masks secrets4j values in actuator endpoints. Every bean backs
 * off when the application defines its own; with {@code spring.config.import=secrets4j:} the
 * {@code Secrets} bean is the instance the import built. {@code secrets4j.enabled=false} turns it off.
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = "secrets4j.enabled", matchIfMissing = true)
@EnableConfigurationProperties(Secrets4jProperties.class)
public class Secrets4jAutoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(Secrets4jAutoConfiguration.class);

    /** Created by Spring. */
    public Secrets4jAutoConfiguration() {
    }

    /**
     * {@code Secrets} from the properties: {@code SecretProvider} beans first (in {@code @Order}),
     * then the configured providers; resolved and validated now, so a missing required secret
     * stops the boot with the failure analysis report. Boot warnings are logged once at WARN.
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public Secrets secrets(Secrets4jProperties properties, ObjectProvider<SecretProvider> providers,
                           ObjectProvider<Secrets4jBuilderCustomizer> customizers) {
        return SecretsFactory.build(properties, providers.orderedStream().toList(), customizers.orderedStream().toList(),
                log::warn);
    }

    /** Webhook verifiers over the {@code Secrets} bean, closed with the context. */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public HmacVerifiers hmacVerifiers(Secrets secrets) {
        return HmacVerifiers.of(secrets);
    }

    /** Masks secrets4j values in {@code /actuator/env}, {@code /actuator/configprops} and other sanitized output. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(SanitizingFunction.class)
    static class Sanitizing {

        @Bean
        @ConditionalOnMissingBean(SecretsSanitizingFunction.class)
        SecretsSanitizingFunction secrets4jSanitizingFunction(ConfigurableEnvironment environment) {
            return SecretsSanitizingFunction.of(environment);
        }
    }
}
