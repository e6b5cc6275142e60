package dev.secrets4j.internal;

import dev.secrets4j.Secret;
import dev.secrets4j.SecretChangeListener;
import dev.secrets4j.Subscription;
import dev.secrets4j.ValidationReport;
import dev.secrets4j.spi.ProviderHealth;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The machinery behind {@code Secrets}: boot, cache, refresh, change hooks. */
public final class SecretsEngine implements AutoCloseable {

    public static SecretsEngine start(EngineSettings settings) {
        throw new UnsupportedOperationException("engine not implemented yet");
    }

    public Secret get(String name) { throw new UnsupportedOperationException(); }
    public Optional<Secret> find(String name) { throw new UnsupportedOperationException(); }
    public List<Secret> versions(String name) { throw new UnsupportedOperationException(); }
    public Secret refresh(String name) { throw new UnsupportedOperationException(); }
    public Subscription onChange(String name, SecretChangeListener l) { throw new UnsupportedOperationException(); }
    public ValidationReport validate() { throw new UnsupportedOperationException(); }
    public ValidationReport bootReport() { throw new UnsupportedOperationException(); }
    public Set<String> declaredNames() { throw new UnsupportedOperationException(); }
    public List<String> providerIds() { throw new UnsupportedOperationException(); }
    public Map<String, ProviderHealth> health() { throw new UnsupportedOperationException(); }
    @Override public void close() { }
}
