package dev.secrets4j.spring.boot.autoconfigure.actuate;

import dev.secrets4j.Secrets;
import dev.secrets4j.spring.boot.autoconfigure.core.Secrets4jAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import java.time.Clock;

/**
 * Auto-configuration of the {@code secrets} actuator endpoint: on with the actuator, a
 * {@link Secrets} bean, and the endpoint available (exposed through
 * {@code management.endpoints.web.exposure.include=secrets} or JMX, and not switched off);
 * backs off when the application defines its own {@link SecretsEndpoint}.
 */
@AutoConfiguration(after = Secrets4jAutoConfiguration.class)
@ConditionalOnClass({Endpoint.class, ConditionalOnAvailableEndpoint.class})
@ConditionalOnBean(Secrets.class)
public final class Secrets4jEndpointAutoConfiguration {

    /** The endpoint over the {@code Secrets} bean. */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnAvailableEndpoint(SecretsEndpoint.class)
    SecretsEndpoint secretsEndpoint(Secrets secrets) {
        return new SecretsEndpoint(secrets, Clock.systemUTC());
    }
}
