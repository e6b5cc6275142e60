package dev.secrets4j.jwt;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Signs JWTs with the primary key of a {@link JwtKeyRing}. The header carries the ring's
 * {@code alg}, the primary key's {@code kid} and {@code typ: JWT}; {@code iat} is now and
 * {@code jti} random unless the claims set them, {@code iss} and {@code exp} come from the
 * signer's defaults unless the claims set them.
 *
 * <pre>{@code
 * JwtSigner signer = JwtSigner.builder(ring).issuer("https://auth.example").lifetime(Duration.ofMinutes(15)).build();
 * String token = signer.sign(JwtClaims.builder().subject("user-42").build());
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class JwtSigner {

    private JwtSigner(Builder b) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Starts a signer that signs with {@code ring}'s primary key. */
    public static Builder builder(JwtKeyRing ring) {
        return new Builder(ring);
    }

    /** Signs {@code claims} with the ring's primary key and returns the compact token. */
    public String sign(JwtClaims claims) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Options of a {@link JwtSigner}; each setter checks its argument at once. */
    public static final class Builder {
        private final JwtKeyRing ring;
        private String issuer;
        private Duration lifetime = Duration.ofMinutes(15);
        private Clock clock = Clock.systemUTC();

        private Builder(JwtKeyRing ring) {
            this.ring = Objects.requireNonNull(ring, "ring");
        }

        /** The {@code iss} put in tokens whose claims set none. */
        public Builder issuer(String issuer) {
            Objects.requireNonNull(issuer, "issuer");
            if (issuer.isBlank()) {
                throw new IllegalArgumentException("issuer must not be blank");
            }
            this.issuer = issuer;
            return this;
        }

        /** How long a token lives when its claims set no {@code exp}; default 15 minutes. */
        public Builder lifetime(Duration lifetime) {
            Objects.requireNonNull(lifetime, "lifetime");
            if (lifetime.isNegative() || lifetime.isZero() || lifetime.toSeconds() < 1) {
                throw new IllegalArgumentException("lifetime must be at least one second, got " + lifetime);
            }
            this.lifetime = lifetime;
            return this;
        }

        /** The clock for {@code iat} and {@code exp}; default the system clock. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Builds the signer. */
        public JwtSigner build() {
            return new JwtSigner(this);
        }
    }
}
