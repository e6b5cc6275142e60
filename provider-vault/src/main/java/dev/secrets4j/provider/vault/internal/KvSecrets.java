package dev.secrets4j.provider.vault.internal;

import dev.secrets4j.Secret;
import dev.secrets4j.SecretFormatException;
import dev.secrets4j.SecretProviderException;
import dev.secrets4j.spi.KeyedHash;
import dev.secrets4j.spi.PutOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * KV secrets: reads, versions and check-and-set writes, with "describe first, fetch only when the
 * version moved": once an entry was served, a read asks the metadata endpoint for its
 * {@code current_version} and serves the entry it holds when that did not move, so the engine's
 * scheduled refresh costs one small metadata call instead of a data read. KV v1 has no metadata:
 * every read is a data read, and its version label is a keyed hash of the data.
 */
final class KvSecrets {

    private static final Logger log = LoggerFactory.getLogger(KvSecrets.class);

    private final KvStore store;
    private final Clock clock;
    private final int previousVersions;
    private final ConcurrentMap<VaultLocation, KvEntry> served = new ConcurrentHashMap<>();
    /** Cleared when the policy denies the metadata: then every refresh reads the data. */
    private volatile boolean describeFirst = true;

    KvSecrets(VaultClient client, KeyedHash hasher, Clock clock, int previousVersions) {
        this.store = new KvStore(client, hasher, clock);
        this.clock = clock;
        this.previousVersions = previousVersions;
    }

    /** The latest value at {@code location}, or empty when the entry does not exist. */
    public Optional<Secret> get(String name, VaultLocation location) {
        return current(name, location.entry()).map(e -> secret(name, e, location));
    }

    /**
     * The latest entry, read only when its version moved since it was last served.
     *
     * @throws SecretProviderException (not retryable) when the current version is deleted or destroyed
     */
    Optional<KvEntry> current(String name, VaultLocation entry) {
        KvEntry known = served.get(entry);
        if (entry.kind() == VaultLocation.Kind.KV1 || known == null || !describeFirst) {
            return remember(entry, store.latest(entry, name));
        }
        Optional<KvMetadata> metadata;
        try {
            metadata = store.metadata(entry, name);
        } catch (KvStore.MetadataDenied denied) {
            describeFirst = false;
            log.warn("{}; until then every refresh reads the data instead of the cheaper metadata", denied.error.getMessage());
            return remember(entry, store.latest(entry, name));
        }
        if (metadata.isEmpty()) {
            served.remove(entry);
            return Optional.empty();
        }
        int current = metadata.get().currentVersion();
        KvMetadata.VersionInfo info = metadata.get().versions().get(current);
        if (info != null && info.goneAt(clock.instant())) {
            served.remove(entry);
            throw store.gone(Call.read("reading", name, entry.dataPath()), entry, current, info);
        }
        if (current == known.version()) {
            return Optional.of(known);
        }
        return remember(entry, store.read(entry, name, current));
    }

    /**
     * Version {@code version} of {@code location} (KV v2), or empty when Vault does not keep it.
     *
     * @throws SecretFormatException when the version is not a positive number
     */
    public Optional<Secret> get(String name, VaultLocation location, String version) {
        int number = parseVersion(name, version);
        KvEntry known = served.get(location.entry());
        if (known != null && known.version() == number) {
            return Optional.of(secret(name, known, location));
        }
        return store.read(location.entry(), name, number).map(e -> secret(name, e, location));
    }

    /** The current value, then up to the configured number of previous versions that are neither deleted nor destroyed, newest first. */
    public List<Secret> versions(String name, VaultLocation location) {
        VaultLocation entry = location.entry();
        Optional<KvEntry> current = current(name, entry);
        if (current.isEmpty()) {
            return List.of();
        }
        List<Secret> out = new ArrayList<>();
        out.add(secret(name, current.get(), location));
        if (entry.kind() == VaultLocation.Kind.KV1 || previousVersions == 0) {
            return out;
        }
        KvMetadata metadata;
        try {
            metadata = store.metadata(entry, name).orElse(null);
        } catch (KvStore.MetadataDenied denied) {
            throw denied.error;
        }
        if (metadata == null) {
            return out;
        }
        for (int v = current.get().version() - 1; v >= Math.max(1, metadata.oldestVersion()) && out.size() <= previousVersions; v--) {
            KvMetadata.VersionInfo info = metadata.versions().get(v);
            if (info == null || info.goneAt(clock.instant())) {
                continue;
            }
            try {
                store.read(entry, name, v).ifPresent(e -> out.add(secret(name, e, location)));
            } catch (SecretProviderException e) {
                if (e.isRetryable()) {
                    throw e;
                }
                // Deleted between the metadata read and this one: it is no longer a valid version.
            }
        }
        return out;
    }

    /**
     * Writes {@code value} as a new version. With {@code #field}, the other fields of the current
     * version are kept; without, an entry of one field keeps its field name, a new entry stores
     * the value under {@code value}, and an entry of several fields takes a JSON object as its
     * whole data. A field update is checked against the version read, so a concurrent write is
     * never lost.
     *
     * @throws SecretProviderException (not retryable) on a check-and-set conflict, naming both versions
     */
    public Secret put(String name, VaultLocation location, byte[] value, PutOptions options) {
        VaultLocation entry = location.entry();
        // PutOptions.ABSENT is Vault's check-and-set 0: write only if the entry does not exist.
        OptionalInt expected = options.expectedVersion().map(v -> OptionalInt.of(v.equals(PutOptions.ABSENT) ? 0
                : parseVersion(name, v))).orElse(OptionalInt.empty());
        if (entry.kind() == VaultLocation.Kind.KV1 && expected.isPresent()) {
            throw SecretProviderException.permanent("vault", name, "writing secret '" + name + "' (" + entry.dataPath()
                    + ") with an expected version is not possible: KV version 1 has no check-and-set; write without"
                    + " PutOptions.expectVersion or move the secret to a KV version 2 mount", null);
        }
        Optional<KvEntry> current = expected.isPresent() && expected.getAsInt() > 0
                ? store.read(entry, name, expected.getAsInt())
                : store.latest(entry, name);
        ObjectNode data = Failures.JSON.createObjectNode();
        current.ifPresent(c -> data.setAll((ObjectNode) Failures.JSON.readTree(c.data())));
        String describe = "secret '" + name + "' (" + entry.dataPath() + ")";
        if (location.field().isPresent()) {
            data.put(location.field().get(), new String(value, StandardCharsets.UTF_8));
        } else if (data.size() == 1) {
            data.put(data.propertyNames().iterator().next(), new String(value, StandardCharsets.UTF_8));
        } else if (data.isEmpty()) {
            data.put("value", new String(value, StandardCharsets.UTF_8));
        } else {
            data.removeAll();
            data.setAll(wholeObject(value, describe, current.map(c -> SecretValues.fieldNames(c.data())).orElse(List.of())));
        }
        OptionalInt cas = expected.isPresent() ? expected
                : location.field().isPresent() || data.size() > 1 ? OptionalInt.of(current.map(KvEntry::version).orElse(0))
                : OptionalInt.empty();
        if (entry.kind() == VaultLocation.Kind.KV1) {
            cas = OptionalInt.empty();
        }
        byte[] bytes = Failures.JSON.writeValueAsBytes(data);
        Optional<KvEntry> written = store.write(entry, name, bytes, cas);
        if (written.isEmpty()) {
            int now = currentVersionAfterConflict(entry, name);
            throw SecretProviderException.permanent("vault", name, "writing " + describe + " failed: check-and-set expected version "
                    + cas.getAsInt() + " but Vault has version " + now + "; another writer was first: read the secret again,"
                    + " reapply the change and write against version " + now, null);
        }
        served.put(entry, written.get());
        return secret(name, written.get(), location);
    }

    private int currentVersionAfterConflict(VaultLocation entry, String name) {
        try {
            return store.metadata(entry, name).map(KvMetadata::currentVersion).orElse(0);
        } catch (KvStore.MetadataDenied denied) {
            return store.latest(entry, name).map(KvEntry::version).orElse(0);
        }
    }

    /** Forgets every entry served. */
    public void clear() {
        served.clear();
    }

    private Optional<KvEntry> remember(VaultLocation entry, Optional<KvEntry> read) {
        read.ifPresentOrElse(e -> served.put(entry, e), () -> served.remove(entry));
        return read;
    }

    /** The secret {@code location} (with its field) asks of entry {@code e}. */
    Secret secret(String name, KvEntry e, VaultLocation location) {
        String describe = "secret '" + name + "' (" + e.location().dataPath() + ", version " + e.label() + ")";
        byte[] value = SecretValues.value(e.data(), location.field(), describe);
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("mount", e.location().mount());
        metadata.put("path", e.location().path());
        metadata.put("kv-version", e.location().kind() == VaultLocation.Kind.KV1 ? "1" : "2");
        location.field().ifPresent(f -> metadata.put("field", f));
        e.deletionTime().ifPresent(t -> metadata.put("deletion-time", t.toString()));
        Secret.Builder b = Secret.builder(name, value).version(e.label()).providerId("vault").metadata(metadata);
        e.createdAt().ifPresent(b::createdAt);
        java.util.Arrays.fill(value, (byte) 0);
        return b.build();
    }

    private static ObjectNode wholeObject(byte[] value, String describe, List<String> fields) {
        try {
            JsonNode node = Failures.JSON.readTree(value);
            if (node != null && node.isObject()) {
                return (ObjectNode) node;
            }
        } catch (JacksonException e) {
            // Never quote the parser: its message may hold the value.
        }
        throw new SecretFormatException(describe + " has several fields (" + VaultPaths.printable(String.join(", ", fields))
                + "), so a write without '#field' must give the whole entry as a JSON object; write to '#<field>' to change one field");
    }

    private static int parseVersion(String name, String version) {
        try {
            int v = Integer.parseInt(version.strip());
            if (v >= 0) {
                return v;
            }
        } catch (NumberFormatException e) {
            // Fall through to the message.
        }
        throw new SecretFormatException("secret '" + name + "' from provider 'vault': version '" + VaultPaths.printable(version)
                + "' is not a KV version number; KV version 2 numbers its versions 1, 2, 3...");
    }
}
