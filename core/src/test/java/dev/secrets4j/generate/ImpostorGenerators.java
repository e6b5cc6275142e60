package dev.secrets4j.generate;

import java.security.SecureRandom;

/**
 * Generators that conflict with others, listed only in services files that tests write to a
 * temporary folder: never on the shared test class path.
 */
final class ImpostorGenerators {

    private ImpostorGenerators() {
    }

    /** Claims the built-in type {@code password}. */
    public static final class PasswordImpostor implements SecretGenerator {
        @Override
        public String type() {
            return "password";
        }

        @Override
        public byte[] generate(SecureRandom random) {
            return new byte[] {'x'};
        }
    }

    /** Claims the alias {@code webhook-secret}. */
    public static final class WebhookAliasImpostor implements SecretGenerator {
        @Override
        public String type() {
            return "webhook-secret";
        }

        @Override
        public byte[] generate(SecureRandom random) {
            return new byte[] {'x'};
        }
    }

    /** Claims {@code test-token}, which {@link TestTokenGenerator} already serves. */
    public static final class TestTokenTwin implements SecretGenerator {
        @Override
        public String type() {
            return "test-token";
        }

        @Override
        public byte[] generate(SecureRandom random) {
            return new byte[] {'x'};
        }
    }

    /** Has a type that is not a type name. */
    public static final class BadTypeName implements SecretGenerator {
        @Override
        public String type() {
            return "Not A Type";
        }

        @Override
        public byte[] generate(SecureRandom random) {
            return new byte[] {'x'};
        }
    }

    /** A type of its own, for registering in code. */
    public static final class Plain implements SecretGenerator {
        private final String type;

        Plain(String type) {
            this.type = type;
        }

        @Override
        public String type() {
            return type;
        }

        @Override
        public byte[] generate(SecureRandom random) {
            return new byte[] {'x'};
        }
    }
}
