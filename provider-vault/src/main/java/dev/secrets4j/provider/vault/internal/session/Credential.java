package dev.secrets4j.provider.vault.internal.session;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a login credential (token, role id, secret id, JWT) comes from: a value given in the
 * configuration, a file read at each login (it may rotate), or the environment ({@code VAULT_TOKEN},
 * then {@code ~/.vault-token}). {@code toString()} describes the source, never the value.
 */
public sealed interface Credential {

    /** A value given in the configuration. */
    static Credential value(String value) {
        Objects.requireNonNull(value, "value");
        if (value.isBlank()) {
            throw new IllegalArgumentException("the credential value is empty");
        }
        return new Value(value);
    }

    /** A file read at each login, its content trimmed. */
    static Credential file(Path file) {
        return new FromFile(Objects.requireNonNull(file, "file"));
    }

    /** The environment variable {@code VAULT_TOKEN}, else the file {@code ~/.vault-token}. */
    static Credential environmentToken() {
        return FromEnvironment.INSTANCE;
    }

    /** Says where the credential comes from, without its value: "a configured value", "file /x". */
    String describe();

    /** A configured value. */
    final class Value implements Credential {
        private final String value;

        private Value(String value) {
            this.value = value;
        }

        String value() {
            return value;
        }

        @Override
        public String describe() {
            return "a configured value";
        }

        @Override
        public String toString() {
            return describe();
        }
    }

    /** A file read at each login. */
    record FromFile(Path file) implements Credential {
        @Override
        public String describe() {
            return "file " + file;
        }

        @Override
        public String toString() {
            return describe();
        }
    }

    /** {@code VAULT_TOKEN} else {@code ~/.vault-token}. */
    enum FromEnvironment implements Credential {
        /** The only instance. */
        INSTANCE;

        @Override
        public String describe() {
            return "VAULT_TOKEN or ~/.vault-token";
        }

        @Override
        public String toString() {
            return describe();
        }
    }
}
