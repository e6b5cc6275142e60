package dev.secrets4j.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import dev.secrets4j.jwt.internal.RingKey;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

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

    private static final SecureRandom RANDOM = new SecureRandom();

    private final JwtKeyRing ring;
    private final Optional<String> issuer;
    private final Duration lifetime;
    private final Clock clock;

    private JwtSigner(Builder b) {
        this.ring = b.ring;
        this.issuer = Optional.ofNullable(b.issuer);
        this.lifetime = b.lifetime;
        this.clock = b.clock;
    }

    /** Starts a signer that signs with {@code ring}'s primary key. */
    public static Builder builder(JwtKeyRing ring) {
        return new Builder(ring);
    }

    /** Signs {@code claims} with the ring's primary key and returns the compact token. */
    public String sign(JwtClaims claims) {
        Objects.requireNonNull(claims, "claims");
        RingKey key = ring.signingKey();
        Map<String, Object> json = new LinkedHashMap<>();
        issuer.ifPresent(iss -> json.put(JwtClaims.ISS, iss));
        Instant issuedAt = claims.issuedAt().orElse(clock.instant());
        json.put(JwtClaims.IAT, issuedAt.getEpochSecond());
        json.put(JwtClaims.EXP, issuedAt.plus(lifetime).getEpochSecond());
        json.put(JwtClaims.JTI, randomId());
        json.putAll(claims.asMap());
        List<String> aud = claims.audience();
        if (aud.size() == 1) {
            json.put(JwtClaims.AUD, aud.get(0)); // RFC 7519 4.1.3: a single audience may be a plain string
        }
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.parse(ring.algorithm().name()))
                .type(JOSEObjectType.JWT).keyID(key.kid()).build();
        JWSObject jws = new JWSObject(header, new Payload(json));
        try {
            jws.sign(key.signer().orElseThrow());
        } catch (JOSEException e) {
            // Nimbus's message names no key material, but keep to the type to be sure.
            throw new IllegalStateException("signing a JWT with key " + key.kid() + " failed ("
                    + e.getClass().getSimpleName() + "); check that the JVM supports " + ring.algorithm(), e);
        }
        return jws.serialize();
    }

    private static String randomId() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
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
