package dev.secrets4j.testing.vault;

import dev.secrets4j.testing.vault.KvV2Entry.Version;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A KV v2 mount, following {@code hashicorp/vault-plugin-secrets-kv}: {@code data/}, {@code metadata/},
 * {@code delete/}, {@code undelete/}, {@code destroy/}, {@code subkeys/} and {@code config}, with check-and-set,
 * soft delete (404 with metadata), destroy and max_versions pruning. Thread-safe: one lock per mount.
 */
final class KvV2Engine implements KvEngine {

    private static final String ROOT_WARNING = "Non-listing operations on the root of a K/V v2 mount are not supported.";
    private static final String MERGE_PATCH = "application/merge-patch+json";

    private final Clock clock;
    private final TreeMap<String, KvV2Entry> entries = new TreeMap<>();
    private int maxVersions;
    private boolean casRequired;
    private Duration deleteVersionAfter = Duration.ZERO;

    KvV2Engine(Clock clock) {
        this.clock = clock;
    }

    @Override
    public int version() {
        return 2;
    }

    @Override
    public synchronized ApiResponse handle(ApiRequest req, String rest) {
        int slash = rest.indexOf('/');
        String op = slash < 0 ? rest : rest.substring(0, slash);
        String key = slash < 0 ? "" : rest.substring(slash + 1);
        if (slash < 0 && !req.isList() && List.of("data", "metadata", "delete", "undelete", "destroy").contains(op)) {
            return invalid(WireJson.warn(WireJson.envelope(null, "kv"), ROOT_WARNING));
        }
        switch (op) {
            case "config":
                if (slash < 0) {
                    return config(req);
                }
                break;
            case "data":
                if (req.isRead()) {
                    return read(req, key);
                }
                if (req.isWrite()) {
                    return write(req, key);
                }
                if (req.isPatch()) {
                    return patch(req, key);
                }
                if (req.isDelete()) {
                    return deleteLatest(key);
                }
                break;
            case "metadata":
                return metadata(req, key);
            case "delete", "undelete", "destroy":
                if (req.isWrite()) {
                    return versionsOp(req, op, key);
                }
                break;
            case "subkeys":
                if (req.isRead()) {
                    return subkeys(req, key);
                }
                break;
            default:
                break;
        }
        String sub = req.isWrite() ? "put" : req.isPatch() ? "patch" : req.isList() ? "list"
                : req.isDelete() ? "delete" : "get";
        return invalid(WireJson.warn(WireJson.envelope(null, "kv"), "Invalid path for a versioned K/V secrets engine. "
                + "See the API docs for the appropriate API endpoints to use. If using the Vault CLI, use 'vault kv "
                + sub + "' for this operation."));
    }

    private static ApiResponse invalid(ObjectNode envelope) {
        return ApiResponse.json(404, envelope);
    }

    private ApiResponse read(ApiRequest req, String key) {
        KvV2Entry entry = entries.get(key);
        if (entry == null) {
            return ApiResponse.notFound();
        }
        int number = versionParam(req);
        if (number == 0) {
            number = entry.currentVersion;
        }
        Version v = entry.versions.get(number);
        if (v == null) {
            return ApiResponse.notFound();
        }
        ObjectNode data = WireJson.object();
        data.putNull("data");
        data.set("metadata", entry.versionMetadata(number, v));
        ObjectNode body = WireJson.envelope(data, "kv");
        if (v.isDeletedAt(clock.instant()) || v.destroyed) {
            return ApiResponse.json(404, body);
        }
        data.set("data", v.data.deepCopy());
        return ApiResponse.ok(body);
    }

    private static int versionParam(ApiRequest req) {
        String raw = req.query("version").orElse("0");
        try {
            int n = Integer.parseInt(raw.isEmpty() ? "0" : raw);
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new WireJson.BadRequest("error converting input " + raw + " for field \"version\"");
        }
    }

    private ApiResponse write(ApiRequest req, String key) {
        if (key.isEmpty()) {
            return ApiResponse.error(400, "missing path");
        }
        ObjectNode body = req.json();
        JsonNode data = body.get("data");
        if (data == null || data.isNull()) {
            return ApiResponse.error(400, "no data provided");
        }
        if (!data.isObject()) {
            return ApiResponse.error(400, "error converting input for field \"data\": expected a JSON object");
        }
        KvV2Entry entry = entries.get(key);
        KvV2Entry target = entry == null ? new KvV2Entry() : entry;
        checkAndSet(body.get("options"), target);
        entries.put(key, target);
        return versionWritten(target, target.addVersion((ObjectNode) data.deepCopy(), clock.instant(), maxVersions,
                deleteVersionAfter));
    }

    private ApiResponse patch(ApiRequest req, String key) {
        String type = req.contentType().orElse("");
        if (!type.toLowerCase().startsWith(MERGE_PATCH)) {
            return ApiResponse.error(415, "PATCH requires Content-Type of " + MERGE_PATCH + ", provided " + type);
        }
        KvV2Entry entry = entries.get(key);
        Instant now = clock.instant();
        Version current = entry == null ? null : entry.versions.get(entry.currentVersion);
        if (current == null || current.destroyed || current.isDeletedAt(now)) {
            return ApiResponse.notFound();
        }
        ObjectNode body = req.json();
        JsonNode data = body.get("data");
        if (data == null || !data.isObject()) {
            return ApiResponse.error(400, "no data provided");
        }
        checkAndSet(body.get("options"), entry);
        ObjectNode merged = mergePatch(current.data.deepCopy(), (ObjectNode) data);
        return versionWritten(entry, entry.addVersion(merged, now, maxVersions, deleteVersionAfter));
    }

    /** RFC 7386: a null member removes the key, an object member merges recursively, anything else replaces. */
    private static ObjectNode mergePatch(ObjectNode target, ObjectNode patch) {
        for (Map.Entry<String, JsonNode> e : patch.properties()) {
            JsonNode value = e.getValue();
            if (value.isNull()) {
                target.remove(e.getKey());
            } else if (value.isObject() && target.get(e.getKey()) instanceof ObjectNode existing) {
                mergePatch(existing, (ObjectNode) value);
            } else {
                target.set(e.getKey(), value.deepCopy());
            }
        }
        return target;
    }

    private void checkAndSet(JsonNode options, KvV2Entry entry) {
        JsonNode cas = options != null && options.isObject() ? options.get("cas") : null;
        if (cas != null) {
            long expected;
            if (cas.isIntegralNumber()) {
                expected = cas.asLong();
            } else if (cas.isString() && cas.stringValue().strip().matches("\\d+")) {
                expected = Long.parseLong(cas.stringValue().strip());
            } else {
                throw new WireJson.BadRequest("error parsing check-and-set parameter");
            }
            if (expected != entry.currentVersion) {
                throw new WireJson.BadRequest("check-and-set parameter did not match the current version");
            }
        } else if (casRequired || entry.casRequired) {
            throw new WireJson.BadRequest("check-and-set parameter required for this call");
        }
    }

    private ApiResponse versionWritten(KvV2Entry entry, Version v) {
        return ApiResponse.ok(WireJson.envelope(entry.versionMetadata(entry.currentVersion, v), "kv"));
    }

    private ApiResponse deleteLatest(String key) {
        KvV2Entry entry = entries.get(key);
        if (entry != null) {
            Version v = entry.versions.get(entry.currentVersion);
            if (v != null && !v.destroyed && v.deletionTime == null) {
                v.deletionTime = clock.instant();
            }
        }
        return ApiResponse.noContent();
    }

    private ApiResponse versionsOp(ApiRequest req, String op, String key) {
        List<Integer> numbers = KvV2Entry.versionList(req.json().get("versions"));
        if (numbers.isEmpty()) {
            return ApiResponse.error(400, "no version number provided");
        }
        KvV2Entry entry = entries.get(key);
        if (entry != null) {
            entry.apply(op, numbers, clock.instant());
        }
        return ApiResponse.noContent();
    }

    private ApiResponse metadata(ApiRequest req, String key) {
        if (req.isList()) {
            String prefix = key.isEmpty() || key.endsWith("/") ? key : key + "/";
            List<String> keys = new ArrayList<>(KvEngine.childKeys(entries.keySet(), prefix));
            if (req.queryFlag("exclude_deleted")) {
                Instant now = clock.instant();
                keys.removeIf(k -> {
                    KvV2Entry e = entries.get(prefix + k);
                    Version cur = e == null ? null : e.versions.get(e.currentVersion);
                    return !k.endsWith("/") && cur != null && cur.deletionTime != null;
                });
            }
            return KvEngine.listResponse(keys);
        }
        KvV2Entry entry = entries.get(key);
        if (req.isRead()) {
            return entry == null ? ApiResponse.notFound() : ApiResponse.ok(WireJson.envelope(entry.metadata(), "kv"));
        }
        if (req.isDelete()) {
            entries.remove(key);
            return ApiResponse.noContent();
        }
        if (req.isWrite()) {
            return writeMetadata(req.json(), key, entry);
        }
        return ApiResponse.unsupported();
    }

    private ApiResponse writeMetadata(ObjectNode body, String key, KvV2Entry existing) {
        if (key.isEmpty()) {
            return ApiResponse.error(400, "missing path");
        }
        KvV2Entry entry = existing == null ? new KvV2Entry() : existing;
        if (body.hasNonNull("max_versions")) {
            entry.maxVersions = body.get("max_versions").asInt();
        }
        if (body.hasNonNull("cas_required")) {
            entry.casRequired = body.get("cas_required").asBoolean();
        }
        WireJson.duration(body.get("delete_version_after"), "delete_version_after")
                .ifPresent(d -> entry.deleteVersionAfter = d);
        JsonNode custom = body.get("custom_metadata");
        if (custom != null && custom.isObject()) {
            entry.customMetadata = (ObjectNode) custom.deepCopy();
        }
        Instant now = clock.instant();
        if (entry.createdTime == null) {
            entry.createdTime = now;
        }
        entry.updatedTime = now;
        entries.put(key, entry);
        return ApiResponse.noContent();
    }

    private ApiResponse subkeys(ApiRequest req, String key) {
        KvV2Entry entry = entries.get(key);
        if (entry == null) {
            return ApiResponse.notFound();
        }
        int number = versionParam(req);
        int resolved = number == 0 ? entry.currentVersion : number;
        Version v = entry.versions.get(resolved);
        if (v == null || v.destroyed || v.isDeletedAt(clock.instant())) {
            return ApiResponse.notFound();
        }
        ObjectNode data = WireJson.object();
        data.set("subkeys", KvV2Entry.subkeys(v.data));
        data.set("metadata", entry.versionMetadata(resolved, v));
        return ApiResponse.ok(WireJson.envelope(data, "kv"));
    }

    private ApiResponse config(ApiRequest req) {
        if (req.isRead()) {
            ObjectNode data = WireJson.object();
            data.put("cas_required", casRequired);
            data.put("delete_version_after", WireJson.goDuration(deleteVersionAfter));
            data.put("max_versions", maxVersions);
            return ApiResponse.ok(WireJson.envelope(data, "kv"));
        }
        if (req.isWrite()) {
            ObjectNode body = req.json();
            if (body.hasNonNull("max_versions")) {
                maxVersions = body.get("max_versions").asInt();
            }
            if (body.hasNonNull("cas_required")) {
                casRequired = body.get("cas_required").asBoolean();
            }
            WireJson.duration(body.get("delete_version_after"), "delete_version_after")
                    .ifPresent(d -> deleteVersionAfter = d);
            return ApiResponse.noContent();
        }
        return ApiResponse.unsupported();
    }

    // ---- setup from the test ----

    @Override
    public synchronized int put(String path, ObjectNode data) {
        KvV2Entry entry = entries.computeIfAbsent(path, p -> new KvV2Entry());
        entry.addVersion(data.deepCopy(), clock.instant(), maxVersions, deleteVersionAfter);
        return entry.currentVersion;
    }

    @Override
    public synchronized Optional<ObjectNode> current(String path) {
        KvV2Entry entry = entries.get(path);
        Version v = entry == null ? null : entry.versions.get(entry.currentVersion);
        if (v == null || v.destroyed || v.isDeletedAt(clock.instant())) {
            return Optional.empty();
        }
        return Optional.of(v.data.deepCopy());
    }

    synchronized int currentVersion(String path) {
        KvV2Entry entry = entries.get(path);
        return entry == null ? 0 : entry.currentVersion;
    }

    synchronized void applyVersions(String path, String op, int... versions) {
        KvV2Entry entry = entries.get(path);
        if (entry == null) {
            throw new IllegalArgumentException("no KV entry at '" + path + "'; write it first");
        }
        List<Integer> numbers = new ArrayList<>();
        for (int v : versions) {
            numbers.add(v);
        }
        entry.apply(op, numbers, clock.instant());
    }

    synchronized void maxVersions(int max) {
        if (max < 0) {
            throw new IllegalArgumentException("kvMaxVersions needs 0 or more, got " + max);
        }
        this.maxVersions = max;
    }

    synchronized void casRequired(boolean required) {
        this.casRequired = required;
    }
}
