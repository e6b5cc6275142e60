package dev.secrets4j.spring.boot.autoconfigure.core.config;

import dev.secrets4j.spring.boot.autoconfigure.core.Secrets4jProperties;
import org.springframework.boot.context.config.ConfigDataResource;

/**
 * The import {@code secrets4j:} resolved: the {@code secrets4j.*} properties visible where it
 * was declared. All such resources are equal, so an application imports secrets4j once even
 * when several documents name it.
 */
public final class SecretsConfigDataResource extends ConfigDataResource {

    private final Secrets4jProperties properties;

    SecretsConfigDataResource(Secrets4jProperties properties, boolean optional) {
        super(optional);
        this.properties = properties;
    }

    /** The properties to build {@code Secrets} from. */
    Secrets4jProperties properties() {
        return properties;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SecretsConfigDataResource;
    }

    @Override
    public int hashCode() {
        return SecretsConfigDataResource.class.hashCode();
    }

    @Override
    public String toString() {
        return "secrets4j:";
    }
}
