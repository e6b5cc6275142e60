package dev.secrets4j.provider.file.internal;

import dev.secrets4j.Secret;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A secret's record as read from its file at one {@link StoreFiles.Stamp}, with the versions
 * already decrypted into {@link Secret}s, so that a read of an unchanged file costs a
 * {@code stat} and a map lookup, not a decryption.
 */
public final class Snapshot {

    private final StoreFiles.Stamp stamp;
    private final SecretRecord record;
    private final ConcurrentHashMap<Integer, Secret> secrets = new ConcurrentHashMap<>();

    Snapshot(StoreFiles.Stamp stamp, SecretRecord record) {
        this.stamp = stamp;
        this.record = record;
    }

    /** The stamp of the file this was read from. */
    StoreFiles.Stamp stamp() {
        return stamp;
    }

    /** The record. */
    public SecretRecord record() {
        return record;
    }

    /** The {@link Secret} of {@code version}, built by {@code build} on first use and kept with this snapshot. */
    public Secret secret(SecretRecord.Version version, Function<SecretRecord.Version, Secret> build) {
        return secrets.computeIfAbsent(version.number(), n -> build.apply(version));
    }

    /** The record; never a value. */
    @Override
    public String toString() {
        return "Snapshot[" + record + "]";
    }
}
