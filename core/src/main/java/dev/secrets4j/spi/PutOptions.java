package dev.secrets4j.spi;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Options of a write: the version the caller last saw (compare-and-set) and metadata to store.
 * The metadata key {@link #STAGE} set to {@link #PENDING} writes a version that is not current,
 * for providers with {@link Capability#STAGES}.
 *
 * @param expectedVersion the write fails unless the current version is this one ({@link #ABSENT}:
 *                        unless the secret does not exist)
 * @param metadata        non-secret metadata to store with the new version
 */
public record PutOptions(Optional<String> expectedVersion, Map<String, String> metadata) {

    /** The metadata key of the stage a version is written in. */
    public static final String STAGE = "stage";
    /** The stage of a version written but not current yet (see {@link Capability#STAGES}). */
    public static final String PENDING = "pending";

    /** Copies the metadata. */
    public PutOptions {
        Objects.requireNonNull(expectedVersion, "expectedVersion");
        metadata = Map.copyOf(metadata);
    }

    /** An unconditional write without metadata. */
    public static PutOptions none() {
        return new PutOptions(Optional.empty(), Map.of());
    }

    /** A compare-and-set write against {@code version}. */
    public static PutOptions expectVersion(String version) {
        return new PutOptions(Optional.of(version), Map.of());
    }

    /** The expected version meaning "the secret must not exist yet": see {@link #expectAbsent()}. */
    public static final String ABSENT = "";

    /**
     * A write that creates the secret and fails, not retryable, when it exists already: the
     * compare-and-set that lets one of several instances claim a new record.
     */
    public static PutOptions expectAbsent() {
        return new PutOptions(Optional.of(ABSENT), Map.of());
    }

    /** A write of a pending version: stored, readable by version, not current until promoted. */
    public static PutOptions pending() {
        return new PutOptions(Optional.empty(), Map.of(STAGE, PENDING));
    }

    /** These options with one more metadata entry. */
    public PutOptions with(String key, String value) {
        java.util.Map<String, String> m = new java.util.LinkedHashMap<>(metadata);
        m.put(key, value);
        return new PutOptions(expectedVersion, m);
    }

    /** Whether the write is of a pending version. */
    public boolean isPending() {
        return PENDING.equals(metadata.get(STAGE));
    }
}
