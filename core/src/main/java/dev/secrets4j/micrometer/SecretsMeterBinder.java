package dev.secrets4j.micrometer;

import dev.secrets4j.SecretCounts;
import dev.secrets4j.Secrets;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.util.Objects;
import java.util.function.ToLongFunction;

/**
 * Binds per-secret meters to a Micrometer registry, tagged {@code provider} and {@code secret}
 * (the name, never the value). In a Prometheus registry they read:
 *
 * <ul>
 *   <li>{@code secrets_accessed_total}: reads by the application (needs
 *       {@link Secrets.Builder#recordStats()})</li>
 *   <li>{@code secrets_created_versions_total}: new versions secrets4j wrote (not
 *       {@code secrets_created_total}: Prometheus reserves the suffix {@code _created})</li>
 *   <li>{@code secrets_rotated_successfully_total}: rotations that made a new version current</li>
 *   <li>{@code secrets_rotation_errors_total}: rotation attempts that failed</li>
 *   <li>{@code expired_secrets_count} (gauge, no tags): cached secrets whose value has expired</li>
 * </ul>
 *
 * <pre>{@code
 * new SecretsMeterBinder(secrets).bindTo(registry);
 * }</pre>
 *
 * <p>Meters are registered for the declared secrets the {@code Secrets} has read when bound.
 */
public final class SecretsMeterBinder implements MeterBinder {

    private final Secrets secrets;

    /** Meters of {@code secrets}. */
    public SecretsMeterBinder(Secrets secrets) {
        this.secrets = Objects.requireNonNull(secrets, "secrets");
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (String name : secrets.declaredNames()) {
            String provider = secrets.providerOf(name).orElse("none");
            counter(registry, "secrets.accessed", "reads of the secret by the application", name, provider,
                    SecretCounts::accessed);
            // "secrets.created" cannot be used: the Prometheus client (1.x) strips the reserved suffix
            // _created, which would publish the counter as secrets_total.
            counter(registry, "secrets.created.versions", "new versions of the secret secrets4j wrote", name, provider,
                    SecretCounts::created);
            counter(registry, "secrets.rotated.successfully", "rotations that made a new version current", name, provider,
                    SecretCounts::rotated);
            counter(registry, "secrets.rotation.errors", "rotation attempts that failed", name, provider,
                    SecretCounts::rotationErrors);
        }
        Gauge.builder("expired.secrets.count", secrets, s -> s.expiredCount())
                .description("cached secrets whose value has expired (the provider's expiry or a certificate's end)")
                .strongReference(true)
                .register(registry);
    }

    private void counter(MeterRegistry registry, String meter, String description, String name, String provider,
                         ToLongFunction<SecretCounts> count) {
        FunctionCounter.builder(meter, secrets, s -> count.applyAsLong(s.counts(name)))
                .description(description)
                .tags("provider", provider, "secret", name)
                .register(registry);
    }

    @Override
    public String toString() {
        return "SecretsMeterBinder[" + secrets + "]";
    }
}
