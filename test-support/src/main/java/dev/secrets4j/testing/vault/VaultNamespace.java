package dev.secrets4j.testing.vault;

import tools.jackson.databind.node.ObjectNode;

import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

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

    private final String name;
    private final Clock clock;
    private final Map<String, KvEngine> mounts = new ConcurrentHashMap<>();
    private final Map<String, LeaseSpec> dynamicSecrets = new ConcurrentHashMap<>();

    VaultNamespace(String name, Clock clock) {
        this.name = name;
        this.clock = clock;
        mountKv("secret", 2);
    }

    /** The namespace path, {@code ""} for the root namespace. */
    public String name() {
        return name;
    }

    /**
     * Mounts a KV engine of {@code version} 1 or 2 at {@code mount} (such as {@code "kv1"}); remounting an
     * existing mount with the same version is harmless.
     *
     * @throws IllegalArgumentException when the version is not 1 or 2, or the mount exists with another version
     */
    public synchronized VaultNamespace mountKv(String mount, int version) {
        String m = mountName(mount);
        if (version != 1 && version != 2) {
            throw new IllegalArgumentException("mountKv: KV version must be 1 or 2, got " + version);
        }
        KvEngine existing = mounts.get(m);
        if (existing != null && existing.version() != version) {
            throw new IllegalArgumentException("mountKv: mount '" + m + "' already holds KV v" + existing.version()
                    + "; choose another mount path");
        }
        if (existing == null) {
            mounts.put(m, version == 2 ? new KvV2Engine(clock) : new KvV1Engine());
        }
        return this;
    }

    /**
     * Writes {@code data} at {@code path} of KV mount {@code mount}, as a client would without CAS.
     *
     * @return the new version (KV v2), or 0 on a KV v1 mount
     * @throws IllegalArgumentException when the mount does not exist
     */
    public int putKv(String mount, String path, Map<String, String> data) {
        Objects.requireNonNull(data, "data");
        ObjectNode node = WireJson.object();
        new TreeMap<>(data).forEach(node::put);
        return engine(mount).put(keyPath(path), node);
    }

    /**
     * Writes the JSON object {@code json} (values of any JSON type) at {@code path} of KV mount {@code mount}.
     *
     * @return the new version (KV v2), or 0 on a KV v1 mount
     * @throws IllegalArgumentException when the mount does not exist or {@code json} is not a JSON object
     */
    public int putKvJson(String mount, String path, String json) {
        Objects.requireNonNull(json, "json");
        return engine(mount).put(keyPath(path), WireJson.parseObject(json, "putKvJson data"));
    }

    /** Soft-deletes {@code versions} of a KV v2 entry (sets their deletion time to now). */
    public void deleteKvVersions(String mount, String path, int... versions) {
        v2(mount).applyVersions(keyPath(path), "delete", versions);
    }

    /** Destroys {@code versions} of a KV v2 entry (drops their data for good). */
    public void destroyKvVersions(String mount, String path, int... versions) {
        v2(mount).applyVersions(keyPath(path), "destroy", versions);
    }

    /** Sets the engine-wide {@code max_versions} of KV v2 mount {@code mount} (0 means Vault's default, 10). */
    public void kvMaxVersions(String mount, int maxVersions) {
        v2(mount).maxVersions(maxVersions);
    }

    /** Sets the engine-wide {@code cas_required} of KV v2 mount {@code mount}. */
    public void kvCasRequired(String mount, boolean casRequired) {
        v2(mount).casRequired(casRequired);
    }

    /**
     * The data of the current version of a KV entry as a JSON object string, or empty when the entry does not
     * exist or its current version is deleted or destroyed.
     */
    public Optional<String> readKvJson(String mount, String path) {
        return engine(mount).current(keyPath(path)).map(n -> WireJson.MAPPER.writeValueAsString(n));
    }

    /** The {@code current_version} of a KV v2 entry, or 0 when it does not exist. */
    public int currentVersion(String mount, String path) {
        return v2(mount).currentVersion(keyPath(path));
    }

    /**
     * Serves a dynamic secret at {@code path} (such as {@code database/creds/app}): each read mints a new
     * {@code {"username":...,"password":...}} with a lease of {@code spec}.
     */
    public VaultNamespace dynamicSecret(String path, LeaseSpec spec) {
        Objects.requireNonNull(spec, "spec");
        String p = LoginMethods.trimSlashes(Objects.requireNonNull(path, "path"));
        if (!p.contains("/")) {
            throw new IllegalArgumentException("dynamicSecret path must be <mount>/<path>, such as database/creds/app,"
                    + " got '" + path + "'");
        }
        if (mounts.containsKey(p.substring(0, p.indexOf('/')))) {
            throw new IllegalArgumentException("dynamicSecret path '" + p + "' is inside a KV mount; use another mount");
        }
        dynamicSecrets.put(p, spec);
        return this;
    }

    /** {@code VaultNamespace[team-a]}. */
    @Override
    public String toString() {
        return "VaultNamespace[" + (name.isEmpty() ? "root" : name) + "]";
    }

    // ---- for the router ----

    Optional<KvEngine> mount(String mount) {
        return Optional.ofNullable(mounts.get(mount));
    }

    Map<String, Integer> kvMounts() {
        Map<String, Integer> out = new TreeMap<>();
        mounts.forEach((k, v) -> out.put(k, v.version()));
        return out;
    }

    Optional<LeaseSpec> dynamicSecret(String path) {
        return Optional.ofNullable(dynamicSecrets.get(path));
    }

    /** The mounts that hold dynamic secrets ({@code database} for {@code database/creds/app}). */
    TreeMap<String, String> dynamicMounts() {
        TreeMap<String, String> out = new TreeMap<>();
        dynamicSecrets.keySet().forEach(p -> out.put(p.substring(0, p.indexOf('/')), p));
        return out;
    }

    private KvEngine engine(String mount) {
        String m = mountName(mount);
        KvEngine e = mounts.get(m);
        if (e == null) {
            throw new IllegalArgumentException("no KV mount '" + m + "' in " + this + "; call mountKv first");
        }
        return e;
    }

    private KvV2Engine v2(String mount) {
        KvEngine e = engine(mount);
        if (!(e instanceof KvV2Engine v2)) {
            throw new IllegalArgumentException("mount '" + mountName(mount) + "' is KV v1; versions need a KV v2 mount");
        }
        return v2;
    }

    private static String mountName(String mount) {
        String m = LoginMethods.trimSlashes(Objects.requireNonNull(mount, "mount"));
        if (m.isEmpty() || m.contains("/")) {
            throw new IllegalArgumentException("mount must be one path segment such as 'secret', got '" + mount + "'");
        }
        return m;
    }

    private static String keyPath(String path) {
        String p = LoginMethods.trimSlashes(Objects.requireNonNull(path, "path"));
        if (p.isEmpty()) {
            throw new IllegalArgumentException("KV path must not be empty");
        }
        return p;
    }
}
