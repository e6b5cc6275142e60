package dev.secrets4j.spring.boot.autoconfigure.core;

import dev.secrets4j.Secrets;
import dev.secrets4j.hmac.HmacVerifier;
import dev.secrets4j.hmac.WebhookScheme;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Hands out webhook {@link HmacVerifier}s that follow rotations of their secret, one per secret
 * and scheme, and closes them with the application context.
 *
 * <pre>{@code
 * @PostMapping("/webhooks/github")
 * ResponseEntity<Void> github(@RequestHeader HttpHeaders headers, @RequestBody byte[] body) {
 *     verifiers.forSecret("GITHUB_WEBHOOK_SECRET", WebhookScheme.github())
 *              .verify(headers.toSingleValueMap(), body);      // throws WebhookVerificationException
 *     ...
 * }
 * }</pre>
 *
 * <p>The same secret and scheme always give the same verifier, so its replay cache sees every
 * delivery: calling {@code forSecret} on each request is cheap and safe. Verifiers use the
 * library defaults (tolerance 300 s, grace 24 h); build one with {@link HmacVerifier#builder}
 * for other settings. Thread-safe.
 */
public final class HmacVerifiers implements AutoCloseable {

    private final Secrets secrets;
    private final Map<Key, HmacVerifier> verifiers = new ConcurrentHashMap<>();
    private volatile boolean closed;

    private HmacVerifiers(Secrets secrets) {
        this.secrets = secrets;
    }

    /** A factory of verifiers over {@code secrets}. */
    public static HmacVerifiers of(Secrets secrets) {
        return new HmacVerifiers(Objects.requireNonNull(secrets, "secrets"));
    }

    /**
     * The verifier of deliveries signed with the secret {@code secretName} in {@code scheme},
     * created on first use.
     *
     * @throws IllegalStateException when this factory is closed
     * @throws dev.secrets4j.SecretsException when the secret cannot be read or is not a usable key
     */
    public HmacVerifier forSecret(String secretName, WebhookScheme scheme) {
        Objects.requireNonNull(secretName, "secretName");
        Objects.requireNonNull(scheme, "scheme");
        if (closed) {
            throw new IllegalStateException("HmacVerifiers is closed (the application context is shutting down); "
                    + "no verifier for secret '" + secretName + "' (scheme " + scheme.name() + ")");
        }
        return verifiers.computeIfAbsent(new Key(secretName, scheme),
                k -> HmacVerifier.builder(secrets, secretName).scheme(scheme).build());
    }

    /** The verifiers handed out so far. */
    public List<HmacVerifier> verifiers() {
        return List.copyOf(verifiers.values());
    }

    /** Closes every verifier handed out: they stop following their secrets. */
    @Override
    public void close() {
        closed = true;
        verifiers.values().forEach(HmacVerifier::close);
    }

    /** {@code HmacVerifiers[2 verifiers]}: names no value. */
    @Override
    public String toString() {
        return "HmacVerifiers[" + verifiers.size() + " verifiers]";
    }

    private record Key(String secretName, WebhookScheme scheme) {
    }
}
