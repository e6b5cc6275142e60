package dev.secrets4j.provider.vault.internal;

import tools.jackson.databind.JsonNode;

import java.time.DateTimeException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the KV v2 metadata endpoint says about an entry: its current version and, per version,
 * when it was created and whether it is deleted or destroyed. Holds no secret data.
 *
 * @param currentVersion the latest version, 0 when none was ever written
 * @param oldestVersion  the oldest version still kept
 * @param versions       the versions Vault keeps, by number
 */
record KvMetadata(int currentVersion, int oldestVersion, Map<Integer, VersionInfo> versions) {

    KvMetadata {
        versions = Map.copyOf(versions);
    }

    /**
     * One version's state.
     *
     * @param createdAt    {@code created_time}
     * @param deletionTime {@code deletion_time}: past means soft-deleted, future means scheduled
     * @param destroyed    whether the data is destroyed for good
     */
    record VersionInfo(Optional<Instant> createdAt, Optional<Instant> deletionTime, boolean destroyed) {

        /** Whether this version has no readable data at {@code now}. */
        boolean goneAt(Instant now) {
            return destroyed || deletionTime.filter(t -> !t.isAfter(now)).isPresent();
        }

        /** {@code deleted at <time>} or {@code destroyed}, for messages. */
        String describeGone() {
            return destroyed ? "destroyed (its data is gone for good)"
                    : "deleted at " + deletionTime.map(Instant::toString).orElse("an unknown time");
        }
    }

    /** Reads the {@code data} object of a metadata answer; versions with unreadable keys are skipped. */
    static KvMetadata parse(JsonNode data) {
        Map<Integer, VersionInfo> versions = new TreeMap<>();
        JsonNode vs = data.path("versions");
        if (vs.isObject()) {
            for (Map.Entry<String, JsonNode> e : vs.properties()) {
                try {
                    versions.put(Integer.parseInt(e.getKey()), info(e.getValue()));
                } catch (NumberFormatException ignored) {
                    // Vault's keys are decimal strings; anything else is not a version.
                }
            }
        }
        return new KvMetadata(data.path("current_version").asInt(0), data.path("oldest_version").asInt(0), versions);
    }

    /** A version's state from its {@code metadata} object (in a data read) or its entry in {@code versions}. */
    static VersionInfo info(JsonNode node) {
        return new VersionInfo(time(node.path("created_time")), time(node.path("deletion_time")),
                node.path("destroyed").asBoolean(false));
    }

    /** An RFC 3339 time; Vault writes "not set" as the empty string. */
    static Optional<Instant> time(JsonNode node) {
        if (!node.isString() || node.asString().isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(node.asString()));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }
}
