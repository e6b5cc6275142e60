package dev.secrets4j.spring.boot.autoconfigure.jwt;

import dev.secrets4j.jwt.JwtAlgorithm;
import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Settings of the JWT key ring, signer, verifier and JWKS endpoint ({@code secrets4j.jwt.*}). Only
 * secret <em>names</em> are set here, never key material: the keys are read through the
 * {@code Secrets} bean. Each setter checks its value at once and names the property it rejects.
 * A JavaBean for Spring's binder: getters of unset optional settings return null.
 *
 * <pre>{@code
 * secrets4j.jwt.private-key=JWT_PRIVATE_KEY
 * secrets4j.jwt.issuer=https://auth.example
 * secrets4j.jwt.audience=api
 * secrets4j.jwt.jwks.enabled=true
 * }</pre>
 */
@ConfigurationProperties("secrets4j.jwt")
public class Secrets4jJwtProperties {

    /** Prefix of every property of this class. */
    static final String PREFIX = "secrets4j.jwt";

    /**
     * Name of the secret holding the RSA private key PEM that signs (PKCS#8 or PKCS#1, unencrypted,
     * at least 2048 bits). Setting it switches the JWT beans on.
     */
    private String privateKey;

    /** Names of secrets holding extra RSA public key PEMs that are accepted for verification only. */
    private List<String> verificationKeys = new ArrayList<>();

    /** Algorithm the ring signs with and the only RSA algorithm it accepts: RS256 or PS256. */
    private JwtAlgorithm algorithm = JwtAlgorithm.RS256;

    /** How long a replaced key still verifies; at least the longest token lifetime. */
    private Duration grace = Duration.ofHours(24);

    /** How long a new key is published in the JWKS before it signs; also sets the JWKS cache lifetime. */
    private Duration pending = Duration.ZERO;

    /** Issuer written into signed tokens that set none, and required of verified tokens. */
    private String issuer;

    /** Audience every verified token must contain. */
    private String audience;

    /** Lifetime of signed tokens whose claims set no expiry. */
    private Duration lifetime = Duration.ofMinutes(15);

    /** How far clocks may disagree when checking exp, nbf and iat. */
    private Duration clockSkew = Duration.ofSeconds(60);

    /** Claims every verified token must have. */
    private List<String> requiredClaims = new ArrayList<>();

    /** Longest token accepted by the verifier, in characters, checked before any parsing. */
    private int maxTokenSize = 8192;

    /** HS256 to RS256 migration: legacy HMAC tokens accepted until a deadline. */
    private final LegacyHmac legacyHmac = new LegacyHmac();

    /** The JWKS endpoint publishing the ring's public keys. */
    private final Jwks jwks = new Jwks();

    /** Name of the secret holding the RSA private key PEM that signs; null when not set. */
    public String getPrivateKey() {
        return privateKey;
    }

    /** Sets the name of the secret holding the RSA private key PEM that signs. */
    public void setPrivateKey(String privateKey) {
        this.privateKey = secretName("private-key", privateKey);
    }

    /** Names of secrets holding extra public keys accepted for verification only. */
    public List<String> getVerificationKeys() {
        return List.copyOf(verificationKeys);
    }

    /** Sets the names of secrets holding extra public keys accepted for verification only. */
    public void setVerificationKeys(List<String> verificationKeys) {
        Objects.requireNonNull(verificationKeys, PREFIX + ".verification-keys");
        verificationKeys.forEach(n -> secretName("verification-keys", n));
        this.verificationKeys = new ArrayList<>(verificationKeys);
    }

    /** Algorithm the ring signs with. */
    public JwtAlgorithm getAlgorithm() {
        return algorithm;
    }

    /** Sets the algorithm the ring signs with: RS256 or PS256. */
    public void setAlgorithm(JwtAlgorithm algorithm) {
        Objects.requireNonNull(algorithm, PREFIX + ".algorithm");
        if (algorithm == JwtAlgorithm.HS256) {
            throw new IllegalArgumentException(PREFIX + ".algorithm must be RS256 or PS256, got HS256; HS256 tokens"
                    + " are only verified, during a migration: set " + PREFIX + ".legacy-hmac.secret and .deadline");
        }
        this.algorithm = algorithm;
    }

    /** How long a replaced key still verifies. */
    public Duration getGrace() {
        return grace;
    }

    /** Sets how long a replaced key still verifies. */
    public void setGrace(Duration grace) {
        this.grace = nonNegative("grace", grace);
    }

    /** How long a new key is published before it signs. */
    public Duration getPending() {
        return pending;
    }

    /** Sets how long a new key is published before it signs. */
    public void setPending(Duration pending) {
        this.pending = nonNegative("pending", pending);
    }

    /** Issuer of signed tokens and required of verified ones; null when not set. */
    public String getIssuer() {
        return issuer;
    }

    /** Sets the issuer of signed tokens, also required of verified ones. */
    public void setIssuer(String issuer) {
        this.issuer = notBlank("issuer", issuer);
    }

    /** Audience every verified token must contain; null when not set. */
    public String getAudience() {
        return audience;
    }

    /** Sets the audience every verified token must contain. */
    public void setAudience(String audience) {
        this.audience = notBlank("audience", audience);
    }

    /** Lifetime of signed tokens whose claims set no expiry. */
    public Duration getLifetime() {
        return lifetime;
    }

    /** Sets the lifetime of signed tokens whose claims set no expiry. */
    public void setLifetime(Duration lifetime) {
        this.lifetime = positive("lifetime", lifetime);
    }

    /** How far clocks may disagree. */
    public Duration getClockSkew() {
        return clockSkew;
    }

    /** Sets how far clocks may disagree when checking exp, nbf and iat. */
    public void setClockSkew(Duration clockSkew) {
        this.clockSkew = nonNegative("clock-skew", clockSkew);
    }

    /** Claims every verified token must have. */
    public List<String> getRequiredClaims() {
        return List.copyOf(requiredClaims);
    }

    /** Sets the claims every verified token must have. */
    public void setRequiredClaims(List<String> requiredClaims) {
        Objects.requireNonNull(requiredClaims, PREFIX + ".required-claims");
        requiredClaims.forEach(c -> notBlank("required-claims", c));
        this.requiredClaims = new ArrayList<>(requiredClaims);
    }

    /** Longest token accepted, in characters. */
    public int getMaxTokenSize() {
        return maxTokenSize;
    }

    /** Sets the longest token accepted, in characters. */
    public void setMaxTokenSize(int maxTokenSize) {
        if (maxTokenSize <= 0) {
            throw new IllegalArgumentException(PREFIX + ".max-token-size must be positive, got " + maxTokenSize);
        }
        this.maxTokenSize = maxTokenSize;
    }

    /** The HS256 migration settings. */
    public LegacyHmac getLegacyHmac() {
        return legacyHmac;
    }

    /** The JWKS endpoint settings. */
    public Jwks getJwks() {
        return jwks;
    }

    /** Lists the property names and secret names set; never a value of a secret. */
    @Override
    public String toString() {
        return "Secrets4jJwtProperties[private-key=" + privateKey + ", verification-keys=" + verificationKeys
                + ", algorithm=" + algorithm + ", legacy-hmac.secret=" + legacyHmac.secret
                + ", jwks.enabled=" + jwks.enabled + "]";
    }

    /** HS256 tokens MACed with a legacy shared secret, accepted until a deadline ({@code secrets4j.jwt.legacy-hmac.*}). */
    public static class LegacyHmac {

        /** Name of the secret holding the legacy HS256 key (at least 32 bytes); needs a deadline. */
        private String secret;

        /** Instant after which HS256 tokens are refused with MIGRATION_ENDED, such as 2027-01-01T00:00:00Z. */
        private Instant deadline;

        /** Name of the legacy HMAC secret; null when not set. */
        public String getSecret() {
            return secret;
        }

        /** Sets the name of the legacy HMAC secret. */
        public void setSecret(String secret) {
            this.secret = secretName("legacy-hmac.secret", secret);
        }

        /** When HS256 tokens stop being accepted; null when not set. */
        public Instant getDeadline() {
            return deadline;
        }

        /** Sets when HS256 tokens stop being accepted. */
        public void setDeadline(Instant deadline) {
            this.deadline = Objects.requireNonNull(deadline, PREFIX + ".legacy-hmac.deadline");
        }
    }

    /** The endpoint serving the ring's JWKS ({@code secrets4j.jwt.jwks.*}). */
    public static class Jwks {

        /** Whether to serve the key ring's public keys as a JWK set (needs Spring MVC). */
        private boolean enabled;

        /** Path the JWK set is served at. */
        private String path = "/.well-known/jwks.json";

        /** Whether the endpoint is on. */
        public boolean isEnabled() {
            return enabled;
        }

        /** Turns the endpoint on or off. */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /** Path the JWK set is served at. */
        public String getPath() {
            return path;
        }

        /** Sets the path the JWK set is served at; it must start with a slash. */
        public void setPath(String path) {
            notBlank("jwks.path", path);
            if (!path.startsWith("/") || path.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException(PREFIX + ".jwks.path must start with '/' and hold no spaces, got '"
                        + path + "'; for example /.well-known/jwks.json");
            }
            this.path = path;
        }
    }

    private static String secretName(String property, String name) {
        return notBlank(property, name);
    }

    private static String notBlank(String property, String value) {
        Objects.requireNonNull(value, PREFIX + "." + property);
        if (value.isBlank()) {
            throw new IllegalArgumentException(PREFIX + "." + property + " must not be blank");
        }
        return value;
    }

    private static Duration nonNegative(String property, Duration d) {
        Objects.requireNonNull(d, PREFIX + "." + property);
        if (d.isNegative()) {
            throw new IllegalArgumentException(PREFIX + "." + property + " must not be negative, got " + d);
        }
        return d;
    }

    private static Duration positive(String property, Duration d) {
        nonNegative(property, d);
        if (d.isZero()) {
            throw new IllegalArgumentException(PREFIX + "." + property + " must be positive, got " + d);
        }
        return d;
    }
}
