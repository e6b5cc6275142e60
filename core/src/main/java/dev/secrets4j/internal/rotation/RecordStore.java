package dev.secrets4j.internal.rotation;

import dev.secrets4j.Secret;
import dev.secrets4j.SecretProviderException;
import dev.secrets4j.spi.PutOptions;
import dev.secrets4j.spi.SecretProvider;
import dev.secrets4j.spi.SecretRef;

import java.util.Optional;

/**
 * Reads and writes one secret's rotation record, stored in the same provider next to the secret
 * ({@code <path>.rotation}). Every write is a compare-and-set on the version read: the record is
 * the rotation's lock, so of several instances exactly one moves it forward.
 */
final class RecordStore {

    /** The record as read, with the provider version the next write must expect. */
    record Versioned(RotationRecord record, String version) {
    }

    /** Another instance wrote the record since it was read. */
    static final class Lost extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Lost(String name) {
            super("the rotation record of secret '" + name + "' was written by another instance", null, false, false);
        }
    }

    private final String name;
    private final SecretProvider provider;
    private final SecretRef ref;

    RecordStore(String name, SecretProvider provider, SecretRef secretRef) {
        this.name = name;
        this.provider = provider;
        // A bare name: each provider maps it as it maps names (Key Vault turns the dot into a dash).
        this.ref = SecretRef.ofName(secretRef.path() + ".rotation");
    }

    /** The record, if the secret ever rotated. */
    Optional<Versioned> read() {
        Optional<Secret> stored = provider.get(ref);
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Versioned(RotationRecord.parse(stored.get().asBytes()), stored.get().version()));
        } catch (IllegalArgumentException e) {
            throw SecretProviderException.permanent(provider.id(), name, "the rotation record " + ref + " of secret '" + name
                    + "' is damaged (" + e.getMessage() + "); delete it to start over, after checking which version is current", null);
        }
    }

    /**
     * Writes {@code next} over {@code seen} (or as the first record when empty).
     *
     * @throws Lost when another instance wrote the record in between
     */
    Versioned write(RotationRecord next, Optional<Versioned> seen) {
        PutOptions cas = seen.map(v -> PutOptions.expectVersion(v.version())).orElseGet(PutOptions::expectAbsent);
        try {
            Secret written = provider.put(ref, next.toJson(), cas);
            return new Versioned(next, written.version());
        } catch (SecretProviderException e) {
            Optional<String> now = provider.get(ref).map(Secret::version);
            if (!now.equals(seen.map(Versioned::version))) {
                throw new Lost(name);
            }
            throw e;
        }
    }
}
