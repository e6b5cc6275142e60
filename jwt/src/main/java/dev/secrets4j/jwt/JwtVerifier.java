package dev.secrets4j.jwt;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Verifies JWTs against the keys of a {@link JwtKeyRing}, and only those: the key is chosen by
 * the header's {@code kid} in the ring (the primary key when there is no {@code kid}), never from
 * {@code jku}, {@code x5u}, {@code jwk} or {@code x5c} headers. Checks, in order: size, structure,
 * {@code alg} against the ring's allow-list, {@code crit}, key, signature, then the claims
 * ({@code exp}, {@code nbf}, {@code iat}, lifetime, {@code iss}, {@code aud}, required claims).
 *
 * <pre>{@code
 * JwtVerifier verifier = JwtVerifier.builder(ring).issuer("https://auth.example").audience("api").build();
 * JwtClaims claims = verifier.verify(token);   // or JwtVerificationException with a reason
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class JwtVerifier {

    private JwtVerifier(Builder b) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Starts a verifier that trusts the keys of {@code ring}. */
    public static Builder builder(JwtKeyRing ring) {
        return new Builder(ring);
    }

    /**
     * Verifies {@code token} and returns its claims.
     *
     * @throws JwtVerificationException with the {@link JwtVerificationException.Reason} the token was refused for
     */
    public JwtClaims verify(String token) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Options of a {@link JwtVerifier}; each setter checks its argument at once. */
    public static final class Builder {
        private final JwtKeyRing ring;
        private String issuer;
        private String audience;
        private Duration clockSkew = Duration.ofSeconds(60);
        private boolean requireExpiry = true;
        private Duration maxLifetime;
        private final List<String> requiredClaims = new ArrayList<>();
        private int maxTokenSize = 8 * 1024;
        private Clock clock = Clock.systemUTC();

        private Builder(JwtKeyRing ring) {
            this.ring = Objects.requireNonNull(ring, "ring");
        }

        /** Requires {@code iss} to equal {@code issuer}. */
        public Builder issuer(String issuer) {
            this.issuer = text("issuer", issuer);
            return this;
        }

        /** Requires {@code aud} to contain {@code audience}. */
        public Builder audience(String audience) {
            this.audience = text("audience", audience);
            return this;
        }

        /** How far clocks may disagree for {@code exp}, {@code nbf} and {@code iat}; default 60 seconds. */
        public Builder clockSkew(Duration clockSkew) {
            Objects.requireNonNull(clockSkew, "clockSkew");
            if (clockSkew.isNegative()) {
                throw new IllegalArgumentException("clockSkew must not be negative, got " + clockSkew);
            }
            this.clockSkew = clockSkew;
            return this;
        }

        /** Whether a token without {@code exp} is refused; default true. */
        public Builder requireExpiry(boolean requireExpiry) {
            this.requireExpiry = requireExpiry;
            return this;
        }

        /** The longest a token may live: {@code exp - iat}, or {@code exp - now} without {@code iat}. */
        public Builder maxLifetime(Duration maxLifetime) {
            Objects.requireNonNull(maxLifetime, "maxLifetime");
            if (maxLifetime.isNegative() || maxLifetime.isZero()) {
                throw new IllegalArgumentException("maxLifetime must be positive, got " + maxLifetime);
            }
            this.maxLifetime = maxLifetime;
            return this;
        }

        /** Claims every token must have. */
        public Builder requiredClaims(String... names) {
            Objects.requireNonNull(names, "requiredClaims");
            for (String n : names) {
                requiredClaims.add(text("requiredClaims", n));
            }
            return this;
        }

        /** The longest token accepted, in characters, checked before any parsing; default 8 KiB. */
        public Builder maxTokenSize(int maxTokenSize) {
            if (maxTokenSize < 64) {
                throw new IllegalArgumentException("maxTokenSize must be at least 64, got " + maxTokenSize);
            }
            this.maxTokenSize = maxTokenSize;
            return this;
        }

        /** The clock the time claims are judged by; default the system clock. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Builds the verifier. */
        public JwtVerifier build() {
            return new JwtVerifier(this);
        }

        private static String text(String setting, String value) {
            Objects.requireNonNull(value, setting);
            if (value.isBlank()) {
                throw new IllegalArgumentException(setting + " must not be blank");
            }
            return value;
        }
    }
}
