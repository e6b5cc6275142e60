package dev.secrets4j.testing.vault;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One key of a KV v2 mount: its metadata and its versions, with the rules of the KV plugin's
 * {@code KeyMetadata.AddVersion} (version numbers, {@code oldest_version}, pruning past
 * {@code max_versions}). Not thread-safe: the engine holds its lock around every call.
 */
final class KvV2Entry {

    static final int DEFAULT_MAX_VERSIONS = 10;

    /** One version: its data ({@code null} once destroyed), creation and deletion times. */
    static final class Version {
        ObjectNode data;
        final Instant createdTime;
        Instant deletionTime;
        boolean destroyed;

        Version(ObjectNode data, Instant createdTime, Instant deletionTime) {
            this.data = data;
            this.createdTime = createdTime;
            this.deletionTime = deletionTime;
        }

        /** Deleted when its deletion time is set and not in the future (a future one still reads). */
        boolean isDeletedAt(Instant now) {
            return deletionTime != null && !deletionTime.isAfter(now);
        }
    }

    final TreeMap<Integer, Version> versions = new TreeMap<>();
    int currentVersion;
    int oldestVersion;
    Instant createdTime;
    Instant updatedTime;
    int maxVersions;
    boolean casRequired;
    Duration deleteVersionAfter = Duration.ZERO;
    ObjectNode customMetadata;

    /**
     * Adds a version with {@code data} created {@code now} and returns it, then prunes the oldest versions when
     * there are more than the larger of the key's and the mount's max_versions (10 when both are 0).
     */
    Version addVersion(ObjectNode data, Instant now, int mountMaxVersions, Duration mountDeleteAfter) {
        Instant deletion = deletionTime(now, mountDeleteAfter, deleteVersionAfter);
        Version version = new Version(data, now, deletion);
        currentVersion++;
        versions.put(currentVersion, version);
        updatedTime = now;
        if (createdTime == null) {
            createdTime = now;
        }
        int max = Math.max(maxVersions, mountMaxVersions) > 0 ? Math.max(maxVersions, mountMaxVersions)
                : DEFAULT_MAX_VERSIONS;
        if (currentVersion - oldestVersion >= max) {
            int toDelete = currentVersion - max;
            for (int i = oldestVersion; i <= toDelete; i++) {
                versions.remove(i);
            }
            oldestVersion = toDelete + 1;
        }
        return version;
    }

    /** The smaller non-zero of the mount's and the key's delete_version_after, as the KV plugin computes it. */
    private static Instant deletionTime(Instant created, Duration mount, Duration meta) {
        if (mount.isZero() && meta.isZero()) {
            return null;
        }
        Duration min = meta;
        if ((!mount.isZero() && mount.compareTo(min) < 0) || min.isZero()) {
            min = mount;
        }
        return created.plus(min);
    }

    /** The {@code data.metadata} object of a read, or the {@code data} of a write. */
    ObjectNode versionMetadata(int number, Version v) {
        ObjectNode m = WireJson.object();
        m.put("version", number);
        m.put("created_time", WireJson.timeOrEmpty(v.createdTime));
        m.put("deletion_time", WireJson.timeOrEmpty(v.deletionTime));
        m.put("destroyed", v.destroyed);
        setCustomMetadata(m);
        return m;
    }

    /** The {@code data} of a metadata read: versions keyed by decimal strings, "" for unset times. */
    ObjectNode metadata() {
        ObjectNode d = WireJson.object();
        ObjectNode vs = d.putObject("versions");
        for (Map.Entry<Integer, Version> e : versions.entrySet()) {
            ObjectNode v = vs.putObject(Integer.toString(e.getKey()));
            v.put("created_time", WireJson.timeOrEmpty(e.getValue().createdTime));
            v.put("deletion_time", WireJson.timeOrEmpty(e.getValue().deletionTime));
            v.put("destroyed", e.getValue().destroyed);
        }
        d.put("current_version", currentVersion);
        d.put("oldest_version", oldestVersion);
        d.put("created_time", WireJson.timeOrEmpty(createdTime));
        d.put("updated_time", WireJson.timeOrEmpty(updatedTime));
        d.put("max_versions", maxVersions);
        d.put("cas_required", casRequired);
        d.put("delete_version_after", WireJson.goDuration(deleteVersionAfter));
        setCustomMetadata(d);
        return d;
    }

    /** The {@code subkeys} object: the data's structure with every leaf value replaced by null. */
    static ObjectNode subkeys(ObjectNode data) {
        ObjectNode out = WireJson.object();
        for (Map.Entry<String, JsonNode> e : data.properties()) {
            if (e.getValue().isObject()) {
                out.set(e.getKey(), subkeys((ObjectNode) e.getValue()));
            } else {
                out.putNull(e.getKey());
            }
        }
        return out;
    }

    /** Soft-deletes ({@code delete}), restores ({@code undelete}) or destroys ({@code destroy}) versions; unknown numbers are skipped. */
    void apply(String op, List<Integer> numbers, Instant now) {
        for (int n : numbers) {
            Version v = versions.get(n);
            if (v == null) {
                continue;
            }
            switch (op) {
                case "delete" -> {
                    if (!v.destroyed && !v.isDeletedAt(now)) {
                        v.deletionTime = now;
                    }
                }
                case "undelete" -> {
                    if (!v.destroyed) {
                        v.deletionTime = null;
                    }
                }
                default -> {
                    v.destroyed = true;
                    v.data = null;
                }
            }
        }
    }

    /** The {@code versions} parameter: a JSON array of numbers or a comma-separated string. */
    static List<Integer> versionList(JsonNode node) {
        List<Integer> out = new ArrayList<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (node.isArray()) {
            node.forEach(n -> out.add(n.isString() ? Integer.parseInt(n.stringValue().strip()) : n.asInt()));
        } else if (node.isString()) {
            for (String part : node.stringValue().split(",")) {
                if (!part.isBlank()) {
                    out.add(Integer.parseInt(part.strip()));
                }
            }
        } else {
            out.add(node.asInt());
        }
        return out;
    }

    private void setCustomMetadata(ObjectNode target) {
        if (customMetadata == null) {
            target.putNull("custom_metadata");
        } else {
            target.set("custom_metadata", customMetadata.deepCopy());
        }
    }
}
