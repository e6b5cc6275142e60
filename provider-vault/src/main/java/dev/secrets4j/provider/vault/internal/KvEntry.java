package dev.secrets4j.provider.vault.internal;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One version of one KV entry as read: its data (a JSON object, as bytes) and what Vault says
 * about it. Holds secret data: never logged, {@link #toString()} shows none.
 *
 * @param location     the entry (without field)
 * @param version      the KV v2 version number, 0 for KV v1
 * @param label        the version label given to secrets: the number, or a keyed hash for KV v1
 * @param createdAt    Vault's {@code created_time}, if known
 * @param deletionTime a soft deletion scheduled for later ({@code delete_version_after}), if any
 * @param data         the data object as JSON bytes
 */
record KvEntry(VaultLocation location, int version, String label, Optional<Instant> createdAt,
               Optional<Instant> deletionTime, byte[] data) {

    KvEntry {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(deletionTime, "deletionTime");
        Objects.requireNonNull(data, "data");
    }

    /** Where and which version; never the data. */
    @Override
    public String toString() {
        return "KvEntry[" + location + " v" + label + "]";
    }
}
