package dev.secrets4j.spring.boot.autoconfigure.core.config;

import dev.secrets4j.Secret;
import dev.secrets4j.Secrets;
import dev.secrets4j.spi.KeyedHash;
import org.springframework.core.env.PropertySource;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A property source that resolves the declared secret names through {@link Secrets}, so that
 * {@code spring.datasource.password=${DB_PASSWORD}} works. It is deliberately not enumerable:
 * {@code /actuator/env} and other tools that list properties never see its names or values.
 *
 * <p>Only declared names (required, optional, bound or in the catalog) resolve; any other name
 * is absent without a backend call, because Spring asks every property source for every
 * property it binds. Each value handed out is remembered as a keyed hash (never the value), so
 * that {@link SecretsSanitizingFunction} can mask it wherever Spring Boot shows it, even after
 * a placeholder copied it into another property or a rotation replaced it.
 */
public final class SecretsPropertySource extends PropertySource<Secrets> {

    /** The name of the property source in the environment: {@code secrets4j}. */
    public static final String NAME = "secrets4j";

    private final KeyedHash hash = KeyedHash.withRandomKey();
    private final Set<String> served = ConcurrentHashMap.newKeySet();
    private final Set<String> resolvedNames = ConcurrentHashMap.newKeySet();

    private SecretsPropertySource(Secrets secrets) {
        super(NAME, secrets);
    }

    /** A property source over {@code secrets}. */
    public static SecretsPropertySource of(Secrets secrets) {
        return new SecretsPropertySource(Objects.requireNonNull(secrets, "secrets"));
    }

    /** The current value of the declared secret {@code name} as text, or null when it is not declared or absent. */
    @Override
    public Object getProperty(String name) {
        if (!getSource().declaredNames().contains(name)) {
            return null;
        }
        Optional<Secret> secret = getSource().find(name);
        if (secret.isEmpty()) {
            return null;
        }
        byte[] bytes = secret.get().asBytes();
        served.add(hash.hash(bytes));
        resolvedNames.add(name);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Whether {@code name} is declared and present. */
    @Override
    public boolean containsProperty(String name) {
        return getSource().declaredNames().contains(name) && getSource().find(name).isPresent();
    }

    /** Whether {@code value} is text that this source handed out (now or before a rotation). */
    public boolean hasServed(Object value) {
        if (!(value instanceof CharSequence text) || text.length() == 0 || served.isEmpty()) {
            return false;
        }
        return served.contains(hash.hash(text.toString().getBytes(StandardCharsets.UTF_8)));
    }

    /** The names this source resolved so far. */
    public Set<String> resolvedNames() {
        return Set.copyOf(resolvedNames);
    }

    /** Names the source, never a value. */
    @Override
    public String toString() {
        return "SecretsPropertySource[" + NAME + ", " + getSource().declaredNames().size() + " declared names]";
    }
}
