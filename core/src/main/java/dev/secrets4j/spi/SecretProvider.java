package dev.secrets4j.spi;

import dev.secrets4j.Secret;
import dev.secrets4j.SecretProviderException;
import dev.secrets4j.SecretSpec;
import dev.secrets4j.Subscription;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A source of secrets: environment, files, Vault, a cloud secret manager.
 *
 * <p>Only {@link #id()}, {@link #get(SecretRef)} and {@link #capabilities()} are required; the
 * other abilities are default methods that a provider overrides and declares in
 * {@link #capabilities()}, so that callers ask before they try.
 *
 * <p>A provider returns secrets named after {@link SecretRef#path()}; the core renames them to
 * the logical name the application used. It must never put a value into an exception message or
 * a log line. Implementations are thread-safe.
 */
public interface SecretProvider extends AutoCloseable {

    /** The provider id, also the scheme of its references: {@code env}, {@code docker}, {@code vault}. */
    String id();

    /** Where this provider looks, for messages: {@code docker:/run/secrets}, {@code env (prefix APP_)}. Default: the id. */
    default String describe() {
        return id();
    }

    /** Where this provider looked for one reference, for a not-found message: {@code docker:/run/secrets (files db_password, DB_PASSWORD)}. */
    default String describeLookup(SecretRef ref) {
        return describe();
    }

    /** What this provider can do. Always contains {@link Capability#READ}. */
    Set<Capability> capabilities();

    /**
     * The latest value of {@code ref}, or empty when the provider does not have it.
     *
     * @throws SecretProviderException when the backend fails, with {@code isRetryable()} set
     */
    Optional<Secret> get(SecretRef ref);

    /**
     * A given version of {@code ref}, or empty when that version does not exist.
     * Requires {@link Capability#VERSIONS}.
     */
    default Optional<Secret> get(SecretRef ref, String version) {
        throw SecretProviderException.unsupported(id(), "reading a version");
    }

    /**
     * Reads many references at once. The default loops over {@link #get(SecretRef)}; providers
     * with a batch call override it and declare {@link Capability#BATCH}. Every reference given
     * has an entry in the result; a failure of one reference does not fail the others.
     */
    default Map<SecretRef, Lookup> getAll(Collection<SecretRef> refs) {
        Map<SecretRef, Lookup> out = new LinkedHashMap<>();
        for (SecretRef ref : refs) {
            try {
                out.put(ref, get(ref).map(Lookup::found).orElseGet(Lookup::absent));
            } catch (SecretProviderException e) {
                out.put(ref, Lookup.failed(e));
            }
        }
        return out;
    }

    /**
     * The current value first, then the still-valid previous values, newest first. The default
     * gives the current value alone (or nothing).
     */
    default List<Secret> versions(SecretRef ref) {
        return get(ref).map(List::of).orElse(List.of());
    }

    /** Writes a new version and returns it. Requires {@link Capability#WRITE}. */
    default Secret put(SecretRef ref, byte[] value, PutOptions options) {
        throw SecretProviderException.unsupported(id(), "writing");
    }

    /**
     * Makes {@code version} (a pending version) the current one and returns it; the version that
     * was current becomes a previous version: readable, listed by {@link #versions(SecretRef)} until
     * retired. Requires {@link Capability#STAGES}.
     *
     * @param expectedCurrent the version the caller last saw as current; the promotion fails, not
     *                        retryable and naming both versions, when another one is (compare-and-set)
     * @throws SecretProviderException when the version does not exist or the current one moved
     */
    default Secret promote(SecretRef ref, String version, Optional<String> expectedCurrent) {
        throw SecretProviderException.unsupported(id(), "promoting a version");
    }

    /**
     * Ends a version that is not current: a previous version after its grace period, or a pending
     * one that failed verification. {@link #versions(SecretRef)} no longer lists it and reads of it
     * fail. Retiring a version already retired does nothing. Requires {@link Capability#STAGES}.
     *
     * @throws SecretProviderException when the version is the current one or does not exist
     */
    default void retire(SecretRef ref, String version) {
        throw SecretProviderException.unsupported(id(), "retiring a version");
    }

    /**
     * The versions written pending and neither promoted nor retired, with their metadata, so that
     * a rotation that stopped before recording its new version can find and retire it. Providers
     * with {@link Capability#STAGES} implement it; the default has none.
     */
    default List<Secret> pendingVersions(SecretRef ref) {
        return List.of();
    }

    /** Calls {@code listener} when {@code ref} may have changed. Requires {@link Capability#WATCH}. */
    default Subscription watch(SecretRef ref, WatchListener listener) {
        throw SecretProviderException.unsupported(id(), "watching");
    }

    /**
     * Provider-specific checks of a value it returned, run at validation: file permissions, for
     * example. Messages never quote the value.
     */
    default List<SecretSpec.Violation> inspect(Secret secret) {
        return List.of();
    }

    /**
     * How long calls waited before they went out, by operation, since the provider was created:
     * for a provider with client-side rate budgets, so that waits show in metrics. The default
     * is empty.
     */
    default Map<String, Duration> throttleWaits() {
        return Map.of();
    }

    /** The backend's health. The default is up. */
    default ProviderHealth health() {
        return ProviderHealth.up(describe());
    }

    /** Releases connections, watches and threads. The default does nothing. */
    @Override
    default void close() {
    }
}
