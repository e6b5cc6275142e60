package dev.secrets4j.jwt;

import dev.secrets4j.Secrets;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The RSA keys an application signs and verifies JWTs with, read from secrets and following
 * their rotation: one primary key that signs, pending keys published before they sign, and
 * verify-only keys (replaced keys during their grace period and extra public keys).
 *
 * <pre>{@code
 * JwtKeyRing ring = JwtKeyRing.builder(secrets)
 *     .privateKey("JWT_PRIVATE_KEY")
 *     .grace(Duration.ofHours(24))
 *     .build();
 * }</pre>
 *
 * <p>Thread-safe. {@link #close()} stops following the secrets' changes.
 */
public final class JwtKeyRing implements AutoCloseable {

    private JwtKeyRing(Builder b) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Starts a key ring that reads its keys from {@code secrets}. */
    public static Builder builder(Secrets secrets) {
        return new Builder(secrets);
    }

    /** A PKCS#8 PEM of a new RSA 4096 key, for a new {@code JWT_PRIVATE_KEY}. */
    public static String generatePrivateKeyPem() {
        return generatePrivateKeyPem(4096);
    }

    /** A PKCS#8 PEM of a new RSA key of {@code bits} bits (at least 2048). */
    public static String generatePrivateKeyPem(int bits) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** The {@code kid} of the key that signs now. */
    public String primaryKid() {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Every live public key with its state now: pending, primary, verify-only. */
    public List<JwtKey> keys() {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** The RFC 7517 JWK set of every pending, primary and verify-only public key. */
    public String jwks() {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** How long a client may cache {@link #jwks()}: shorter than the pending period, zero when there is none. */
    public Duration jwksMaxAge() {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Until when HS256 tokens are accepted, when the ring has a legacy HMAC secret. */
    public Optional<Instant> legacyHmacDeadline() {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Stops following the secrets' changes; the keys stay as they are. */
    @Override
    public void close() {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Options of a {@link JwtKeyRing}; each setter checks its argument at once. */
    public static final class Builder {
        private final Secrets secrets;
        private String privateKey;
        private final List<String> verificationKeys = new ArrayList<>();
        private JwtAlgorithm algorithm = JwtAlgorithm.RS256;
        private Duration grace = Duration.ofHours(24);
        private Duration pending = Duration.ZERO;
        private String legacyHmac;
        private Instant legacyDeadline;
        private Clock clock = Clock.systemUTC();

        private Builder(Secrets secrets) {
            this.secrets = Objects.requireNonNull(secrets, "secrets");
        }

        /** The secret holding the RSA private key PEM (PKCS#1 or PKCS#8) that signs; required. */
        public Builder privateKey(String secretName) {
            this.privateKey = name("privateKey", secretName);
            return this;
        }

        /** A secret holding an extra public key PEM accepted for verification only; repeatable. */
        public Builder verificationKey(String secretName) {
            verificationKeys.add(name("verificationKey", secretName));
            return this;
        }

        /** The algorithm the ring signs with: {@link JwtAlgorithm#RS256} (default) or {@link JwtAlgorithm#PS256}. */
        public Builder algorithm(JwtAlgorithm algorithm) {
            Objects.requireNonNull(algorithm, "algorithm");
            if (algorithm == JwtAlgorithm.HS256) {
                throw new IllegalArgumentException("algorithm must be RS256 or PS256, got HS256;"
                        + " HS256 is only verified, through legacyHmac(secret, deadline)");
            }
            this.algorithm = algorithm;
            return this;
        }

        /** How long a replaced key still verifies; default 24 hours. */
        public Builder grace(Duration grace) {
            this.grace = nonNegative("grace", grace);
            return this;
        }

        /** How long a new key is published before it signs; default zero. */
        public Builder pending(Duration pending) {
            this.pending = nonNegative("pending", pending);
            return this;
        }

        /** Accepts HS256 tokens MACed with the secret {@code secretName} until {@code deadline}. */
        public Builder legacyHmac(String secretName, Instant deadline) {
            this.legacyHmac = name("legacyHmac", secretName);
            this.legacyDeadline = Objects.requireNonNull(deadline, "legacyHmac deadline");
            return this;
        }

        /** The clock that decides key states and the migration deadline; default the system clock. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Reads the keys and starts following their secrets.
         *
         * @throws dev.secrets4j.SecretsException naming the secret (and version) that is missing or not a usable key
         */
        public JwtKeyRing build() {
            return new JwtKeyRing(this);
        }

        private static String name(String setting, String secretName) {
            Objects.requireNonNull(secretName, setting);
            if (secretName.isBlank()) {
                throw new IllegalArgumentException(setting + " needs a secret name, got a blank one");
            }
            return secretName;
        }

        private static Duration nonNegative(String setting, Duration d) {
            Objects.requireNonNull(d, setting);
            if (d.isNegative()) {
                throw new IllegalArgumentException(setting + " must not be negative, got " + d);
            }
            return d;
        }
    }
}
