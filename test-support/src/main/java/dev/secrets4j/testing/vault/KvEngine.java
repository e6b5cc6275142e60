package dev.secrets4j.testing.vault;

import tools.jackson.databind.node.ObjectNode;

import java.util.Collection;
import java.util.Optional;
import java.util.TreeSet;

/** A KV secrets engine mounted at one path of a namespace: version 1 or 2. Thread-safe. */
interface KvEngine {

    /** 1 or 2. */
    int version();

    /** Answers {@code req}, whose path below the mount is {@code rest} (no leading slash). */
    ApiResponse handle(ApiRequest req, String rest);

    /** Writes {@code data} at {@code path} as a client without CAS would; returns the new version (0 on KV v1). */
    int put(String path, ObjectNode data);

    /** The data of the readable current version of {@code path}, if any. */
    Optional<ObjectNode> current(String path);

    /**
     * The keys directly under folder {@code prefix} ({@code ""} or ending with {@code /}) among {@code paths}:
     * names of keys, and folder names ending with {@code /}; a name that is both appears twice. Sorted.
     */
    static TreeSet<String> childKeys(Collection<String> paths, String prefix) {
        TreeSet<String> keys = new TreeSet<>();
        for (String p : paths) {
            if (p.startsWith(prefix) && p.length() > prefix.length()) {
                String rest = p.substring(prefix.length());
                int slash = rest.indexOf('/');
                keys.add(slash < 0 ? rest : rest.substring(0, slash + 1));
            }
        }
        return keys;
    }

    /** {@code {"data":{"keys":[...]}}}, or 404 {@code {"errors":[]}} when there are none (Vault turns an empty list into 404). */
    static ApiResponse listResponse(Collection<String> keys) {
        if (keys.isEmpty()) {
            return ApiResponse.notFound();
        }
        ObjectNode data = WireJson.object();
        data.set("keys", WireJson.array(keys.stream().toList()));
        return ApiResponse.ok(WireJson.envelope(data, "kv"));
    }
}
