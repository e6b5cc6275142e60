package dev.secrets4j.spi;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Options of a write: the version the caller last saw (compare-and-set) and metadata to store.
 *
 * @param expectedVersion the write fails unless the current version is this one
 * @param metadata        non-secret metadata to store with the new version
 */
public record PutOptions(Optional<String> expectedVersion, Map<String, String> metadata) {

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
}
