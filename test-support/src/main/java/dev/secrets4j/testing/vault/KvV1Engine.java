package dev.secrets4j.testing.vault;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A KV v1 mount: flat data under {@code data}, no versions, 204 on writes, and an advisory
 * {@code lease_duration} (a {@code ttl} key of the data, else the mount default of 768 hours) with no lease.
 * Thread-safe.
 */
final class KvV1Engine implements KvEngine {

    private static final long DEFAULT_LEASE_SECONDS = Duration.ofHours(768).toSeconds();

    private final TreeMap<String, ObjectNode> entries = new TreeMap<>();

    @Override
    public int version() {
        return 1;
    }

    @Override
    public synchronized ApiResponse handle(ApiRequest req, String rest) {
        if (req.isList()) {
            String prefix = rest.isEmpty() || rest.endsWith("/") ? rest : rest + "/";
            return KvEngine.listResponse(KvEngine.childKeys(entries.keySet(), prefix));
        }
        if (req.isRead()) {
            ObjectNode data = entries.get(rest);
            if (data == null) {
                return ApiResponse.notFound();
            }
            ObjectNode body = WireJson.envelope(data.deepCopy(), "kv");
            body.put("lease_duration", leaseSeconds(data));
            return ApiResponse.ok(body);
        }
        if (req.isWrite()) {
            if (rest.isEmpty()) {
                return ApiResponse.error(400, "missing path");
            }
            ObjectNode data = req.json();
            if (data.isEmpty()) {
                return ApiResponse.error(400, "missing data fields");
            }
            entries.put(rest, data.deepCopy());
            return ApiResponse.noContent();
        }
        if (req.isDelete()) {
            entries.remove(rest);
            return ApiResponse.noContent();
        }
        return ApiResponse.unsupported();
    }

    /** The {@code ttl} (or legacy {@code lease}) key as a refresh hint, else the mount default. */
    private static long leaseSeconds(ObjectNode data) {
        for (String name : new String[] {"ttl", "lease"}) {
            JsonNode node = data.get(name);
            if (node != null) {
                try {
                    Optional<Duration> d = WireJson.duration(node, name);
                    if (d.isPresent()) {
                        return d.get().toSeconds();
                    }
                } catch (WireJson.BadRequest ignored) {
                    // an unparseable ttl is just data; Vault falls back to the default too
                }
            }
        }
        return DEFAULT_LEASE_SECONDS;
    }

    @Override
    public synchronized int put(String path, ObjectNode data) {
        entries.put(path, data.deepCopy());
        return 0;
    }

    @Override
    public synchronized Optional<ObjectNode> current(String path) {
        ObjectNode data = entries.get(path);
        return data == null ? Optional.empty() : Optional.of(data.deepCopy());
    }
}
