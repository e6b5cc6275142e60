package dev.secrets4j.testing.vault;

import java.util.Map;
import java.util.Optional;

/**
 * The secrets engines of one namespace of a {@link VaultEmulator}: the root namespace (the emulator's own
 * methods delegate here) or one declared with {@link VaultEmulator#namespace(String)} and reached with
 * {@link VaultEmulator#inNamespace(String)}. Requests reach a namespace through the {@code X-Vault-Namespace}
 * header or a path prefix ({@code /v1/team-a/secret/...}). Thread-safe.
 *
 * <pre>{@code
 * vault.namespace("team-a");
 * vault.inNamespace("team-a").putKv("secret", "app/db", Map.of("password", "s3cr3t"));
 * }</pre>
 *
 * <p>Every namespace starts with a KV v2 mount {@code secret}.
 */
public final class VaultNamespace {

    VaultNamespace() {
    }

    /** The namespace path, {@code ""} for the root namespace. */
    public String name() {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /**
     * Mounts a KV engine of {@code version} 1 or 2 at {@code mount} (such as {@code "kv1"}); remounting an
     * existing mount with the same version is harmless.
     *
     * @throws IllegalArgumentException when the version is not 1 or 2, or the mount exists with another version
     */
    public VaultNamespace mountKv(String mount, int version) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /**
     * Writes {@code data} at {@code path} of KV mount {@code mount}, as a client would without CAS.
     *
     * @return the new version (KV v2), or 0 on a KV v1 mount
     * @throws IllegalArgumentException when the mount does not exist
     */
    public int putKv(String mount, String path, Map<String, String> data) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /**
     * Writes the JSON object {@code json} (values of any JSON type) at {@code path} of KV mount {@code mount}.
     *
     * @return the new version (KV v2), or 0 on a KV v1 mount
     * @throws IllegalArgumentException when the mount does not exist or {@code json} is not a JSON object
     */
    public int putKvJson(String mount, String path, String json) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Soft-deletes {@code versions} of a KV v2 entry (sets their deletion time to now). */
    public void deleteKvVersions(String mount, String path, int... versions) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Destroys {@code versions} of a KV v2 entry (drops their data for good). */
    public void destroyKvVersions(String mount, String path, int... versions) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Sets the engine-wide {@code max_versions} of KV v2 mount {@code mount} (0 means Vault's default, 10). */
    public void kvMaxVersions(String mount, int maxVersions) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Sets the engine-wide {@code cas_required} of KV v2 mount {@code mount}. */
    public void kvCasRequired(String mount, boolean casRequired) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /**
     * The data of the current version of a KV entry as a JSON object string, or empty when the entry does not
     * exist or its current version is deleted or destroyed.
     */
    public Optional<String> readKvJson(String mount, String path) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** The {@code current_version} of a KV v2 entry, or 0 when it does not exist. */
    public int currentVersion(String mount, String path) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /**
     * Serves a dynamic secret at {@code path} (such as {@code database/creds/app}): each read mints a new
     * {@code {"username":...,"password":...}} with a lease of {@code spec}.
     */
    public VaultNamespace dynamicSecret(String path, LeaseSpec spec) {
        throw new UnsupportedOperationException("not implemented yet");
    }
}
