package dev.secrets4j.provider.file.internal;

import dev.secrets4j.spi.PutOptions;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The SPI's rules for writes and stages, applied to a record under the store lock: a put with an
 * expected version is a compare-and-set on the current version; a pending put is not current; a
 * promotion is a compare-and-set too and keeps the replaced version as a previous one; retiring
 * ends a previous or pending version, is idempotent, and refuses the current one. Every refusal
 * is a not-retryable error naming the secret and the versions.
 */
public final class VersionRules {

    private final FileStore store;
    private final int maxPrevious;

    /** Rules writing through {@code store}, keeping at most {@code maxPrevious} previous versions per secret. */
    public VersionRules(FileStore store, int maxPrevious) {
        this.store = store;
        this.maxPrevious = maxPrevious;
    }

    /** Adds a version holding {@code value} (current, or pending when the options say so). */
    public FileStore.Outcome<SecretRecord.Version> put(String name, Optional<SecretRecord> existing, byte[] value,
                                                       PutOptions options, Instant now) {
        Optional<String> current = existing.flatMap(SecretRecord::current).map(SecretRecord.Version::label);
        // PutOptions.ABSENT ("") expects no current version: the compare-and-set that creates.
        Optional<String> seen = Optional.of(current.orElse(PutOptions.ABSENT));
        if (options.expectedVersion().isPresent() && !options.expectedVersion().equals(seen)) {
            throw store.errors().refused(name, "secret '" + name + "' was not written to " + store.where()
                    + ": expected " + (options.expectedVersion().get().isEmpty() ? "no current version"
                    : "current version " + options.expectedVersion().get()) + " but "
                    + current.map(v -> "the current version is " + v).orElse("the secret has no current version")
                    + "; read it again and retry the write");
        }
        SecretRecord record = existing.orElseGet(() -> SecretRecord.empty(store.storeId(), name));
        Map<String, String> metadata = new LinkedHashMap<>(options.metadata());
        metadata.remove(PutOptions.STAGE);
        SecretRecord.Stage stage = options.isPending() ? SecretRecord.Stage.PENDING : SecretRecord.Stage.CURRENT;
        SecretRecord.Version added = store.seal(name, record.nextVersion(), stage, now, metadata, value);
        return FileStore.Outcome.write(record.add(added, maxPrevious), added);
    }

    /** Makes the pending or previous {@code version} current, if the current one is still {@code expectedCurrent}. */
    public FileStore.Outcome<SecretRecord.Version> promote(String name, Optional<SecretRecord> existing, String version,
                                                           Optional<String> expectedCurrent) {
        SecretRecord record = existing.orElseThrow(() -> missing(name, version, "promoted"));
        SecretRecord.Version target = record.find(version).orElseThrow(() -> missing(name, version, "promoted"));
        Optional<String> current = record.current().map(SecretRecord.Version::label);
        if (expectedCurrent.isPresent() && !expectedCurrent.equals(current)) {
            throw store.errors().refused(name, "version " + version + " of secret '" + name + "' was not promoted in "
                    + store.where() + ": expected current version " + expectedCurrent.get() + " but "
                    + current.map(v -> "it is " + v).orElse("the secret has no current version")
                    + "; read it again and retry");
        }
        if (target.stage() == SecretRecord.Stage.CURRENT) {
            return FileStore.Outcome.unchanged(target);
        }
        SecretRecord promoted = record.promote(target.number(), maxPrevious);
        return FileStore.Outcome.write(promoted, promoted.current().orElseThrow());
    }

    /** Ends the previous or pending {@code version}; nothing when it is already retired. */
    public FileStore.Outcome<Boolean> retire(String name, Optional<SecretRecord> existing, String version) {
        SecretRecord record = existing.orElseThrow(() -> missing(name, version, "retired"));
        if (record.retired(version)) {
            return FileStore.Outcome.unchanged(false);
        }
        SecretRecord.Version target = record.find(version).orElseThrow(() -> missing(name, version, "retired"));
        if (target.stage() == SecretRecord.Stage.CURRENT) {
            throw store.errors().refused(name, "version " + version + " of secret '" + name + "' is current in "
                    + store.where() + " and cannot be retired; promote another version first");
        }
        return FileStore.Outcome.write(record.retire(target.number()), true);
    }

    private RuntimeException missing(String name, String version, String what) {
        String shown = version.length() > 40 ? version.substring(0, 40) + "..." : version;
        return store.errors().refused(name, "version " + shown.replaceAll("\\p{Cntrl}", "?") + " of secret '" + name
                + "' cannot be " + what + " in " + store.where() + ": it does not exist; list the versions and use one of them");
    }
}
