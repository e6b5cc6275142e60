package dev.secrets4j.spring.boot.autoconfigure.rotation;

import dev.secrets4j.Secret;
import dev.secrets4j.Secrets;
import org.springframework.core.env.PropertySource;

/**
 * Stands in for the {@code spring.config.import=secrets4j:} property source in these tests: a
 * non-enumerable source that reads each secret from {@link Secrets} when asked.
 */
final class SecretsPropertySource extends PropertySource<Secrets> {

    SecretsPropertySource(Secrets secrets) {
        super("secrets4j-test", secrets);
    }

    @Override
    public Object getProperty(String name) {
        return getSource().declaredNames().contains(name) ? getSource().find(name).map(Secret::asString).orElse(null) : null;
    }
}
