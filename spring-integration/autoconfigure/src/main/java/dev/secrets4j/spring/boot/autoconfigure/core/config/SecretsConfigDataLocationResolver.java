package dev.secrets4j.spring.boot.autoconfigure.core.config;

import dev.secrets4j.spring.boot.autoconfigure.core.Secrets4jProperties;
import org.springframework.boot.context.config.ConfigDataLocation;
import org.springframework.boot.context.config.ConfigDataLocationResolver;
import org.springframework.boot.context.config.ConfigDataLocationResolverContext;
import org.springframework.boot.context.config.ConfigDataResourceNotFoundException;
import org.springframework.boot.context.properties.bind.Bindable;

import java.util.List;

/**
 * Resolves {@code spring.config.import=secrets4j:} (and {@code optional:secrets4j:}) by binding
 * the {@code secrets4j.*} properties visible at that point. Registered in
 * {@code META-INF/spring.factories}; Spring Boot creates it.
 */
public final class SecretsConfigDataLocationResolver implements ConfigDataLocationResolver<SecretsConfigDataResource> {

    /** The prefix of the import location: {@code secrets4j:}. */
    public static final String PREFIX = "secrets4j:";

    /** Created by Spring Boot. */
    public SecretsConfigDataLocationResolver() {
    }

    /** Whether {@code location} is {@code secrets4j:}. */
    @Override
    public boolean isResolvable(ConfigDataLocationResolverContext context, ConfigDataLocation location) {
        return location.hasPrefix(PREFIX);
    }

    /**
     * Binds the {@code secrets4j.*} properties.
     *
     * @throws IllegalArgumentException            when something follows {@code secrets4j:}
     * @throws IllegalStateException               when secrets4j is disabled ({@code secrets4j.enabled=false})
     * @throws ConfigDataResourceNotFoundException when it is disabled and the import is {@code optional:}, which
     *                                             Spring Boot then skips
     */
    @Override
    public List<SecretsConfigDataResource> resolve(ConfigDataLocationResolverContext context, ConfigDataLocation location) {
        String rest = location.getNonPrefixedValue(PREFIX);
        if (!rest.isBlank()) {
            throw new IllegalArgumentException("spring.config.import '" + location + "': nothing may follow '" + PREFIX
                    + "'; write " + PREFIX + " and configure secrets4j with secrets4j.* properties");
        }
        Secrets4jProperties properties = context.getBinder()
                .bind(Secrets4jProperties.PREFIX, Bindable.of(Secrets4jProperties.class))
                .orElseGet(Secrets4jProperties::new);
        SecretsConfigDataResource resource = new SecretsConfigDataResource(properties, location.isOptional());
        if (!properties.isEnabled()) {
            if (location.isOptional()) {
                throw new ConfigDataResourceNotFoundException(resource);   // Spring Boot skips optional imports that are not found
            }
            throw new IllegalStateException("spring.config.import has '" + PREFIX + "' but secrets4j.enabled is false; "
                    + "enable secrets4j, or write 'optional:" + PREFIX + "' to skip the import while it is disabled");
        }
        return List.of(resource);
    }
}
