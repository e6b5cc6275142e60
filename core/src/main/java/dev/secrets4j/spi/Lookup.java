package dev.secrets4j.spi;

import dev.secrets4j.Secret;
import dev.secrets4j.SecretProviderException;

import java.util.Objects;

/** The answer for one reference of a batch read: found, absent, or failed on its own. */
public sealed interface Lookup {

    /** The provider has it. */
    record Found(Secret secret) implements Lookup {
        /** Checks the secret is not null. */
        public Found {
            Objects.requireNonNull(secret, "secret");
        }
    }

    /** The provider does not have it. */
    record Absent() implements Lookup {
    }

    /** Reading this one failed; the others may still have succeeded. */
    record Failed(SecretProviderException error) implements Lookup {
        /** Checks the error is not null. */
        public Failed {
            Objects.requireNonNull(error, "error");
        }
    }

    /** A found secret. */
    static Lookup found(Secret secret) {
        return new Found(secret);
    }

    /** Absent. */
    static Lookup absent() {
        return new Absent();
    }

    /** A failure of this reference alone. */
    static Lookup failed(SecretProviderException error) {
        return new Failed(error);
    }
}
