package dev.secrets4j.spring.boot.autoconfigure.rotation;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.util.Optional;

/**
 * How secret changes reach the application: {@code secrets4j.rotation.*}.
 *
 * @param enabled    whether each secret change is published as a {@code SecretChangedEvent} and
 *                   {@code @ConfigurationProperties} beans bound to it are rebound
 * @param rebind     whether {@code @ConfigurationProperties} beans whose properties refer to a
 *                   changed secret ({@code ${NAME}}) are bound again
 * @param datasource how a rotated database password reaches the HikariCP pool
 */
@ConfigurationProperties("secrets4j.rotation")
public record Secrets4jRotationProperties(@DefaultValue("true") boolean enabled,
                                          @DefaultValue("true") boolean rebind,
                                          @DefaultValue Datasource datasource) {

    /**
     * Rotation of the HikariCP pool's password.
     *
     * @param enabled        whether a change of the pool's password secret sets the new password on
     *                       the pool and soft-evicts its idle connections
     * @param passwordSecret the secret that holds the pool's password; by default the one
     *                       {@code spring.datasource.password} refers to ({@code ${DB_PASSWORD}})
     */
    public record Datasource(@DefaultValue("true") boolean enabled, String passwordSecret) {

        /** The configured password secret, if set and not blank. */
        public Optional<String> passwordSecretName() {
            return Optional.ofNullable(passwordSecret).filter(s -> !s.isBlank());
        }
    }
}
