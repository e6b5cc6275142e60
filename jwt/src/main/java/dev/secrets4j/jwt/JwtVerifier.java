package dev.secrets4j.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import dev.secrets4j.jwt.JwtVerificationException.Reason;
import dev.secrets4j.jwt.internal.HmacKey;
import dev.secrets4j.jwt.internal.RingKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Verifies JWTs against the keys of a {@link JwtKeyRing}, and only those: the key is chosen by
 * the header's {@code kid} in the ring (the primary key when there is no {@code kid}), never from
 * {@code jku}, {@code x5u}, {@code jwk} or {@code x5c} headers, which are never fetched nor used.
 * Checks, in order, stopping at the first failure: size (before any parsing), structure,
 * {@code alg} against the ring's allow-list (its own algorithm, and {@code HS256} through the
 * legacy HMAC secret until the migration deadline), {@code crit}, key, signature; then, on the
 * authentic claims, {@code exp}, {@code nbf}, {@code iat}, lifetime, {@code iss}, {@code aud} and
 * required claims. Each failure is a {@link JwtVerificationException} with its
 * {@link JwtVerificationException.Reason}; its message never holds the token, a claim value, key
 * material or the token's {@code kid}.
 *
 * <pre>{@code
 * JwtVerifier verifier = JwtVerifier.builder(ring).issuer("https://auth.example").audience("api").build();
 * JwtClaims claims = verifier.verify(token);   // or JwtVerificationException with a reason
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class JwtVerifier {

    private static final Logger log = LoggerFactory.getLogger(JwtVerifier.class);

    /**
     * The 6-bit value of each base64url character (RFC 4648 section 5), -1 for anything else. A
     * table, not a regular expression: the part check runs on every token (about 10 % of a
     * verification when it was a regex).
     */
    private static final byte[] BASE64URL = new byte[128];

    static {
        Arrays.fill(BASE64URL, (byte) -1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        for (int i = 0; i < alphabet.length(); i++) {
            BASE64URL[alphabet.charAt(i)] = (byte) i;
        }
    }

    private final JwtKeyRing ring;
    private final ClaimChecks claimChecks;
    private final int maxTokenSize;

    private JwtVerifier(Builder b) {
        this.ring = b.ring;
        this.claimChecks = new ClaimChecks(Optional.ofNullable(b.issuer), Optional.ofNullable(b.audience),
                b.clockSkew, b.requireExpiry, Optional.ofNullable(b.maxLifetime), List.copyOf(b.requiredClaims), b.clock);
        this.maxTokenSize = b.maxTokenSize;
    }

    /** Starts a verifier that trusts the keys of {@code ring}. */
    public static Builder builder(JwtKeyRing ring) {
        return new Builder(ring);
    }

    /**
     * Verifies {@code token} and returns its claims.
     *
     * @throws JwtVerificationException with the {@link JwtVerificationException.Reason} the token was refused for
     * @throws NullPointerException     when {@code token} is null
     */
    public JwtClaims verify(String token) {
        Objects.requireNonNull(token, "token");
        try {
            return claimChecks.check(verifySignature(token));
        } catch (JwtVerificationException e) {
            log.debug("JWT refused: {}", e.reason());
            throw e;
        }
    }

    /** Steps up to and including the signature; returns the payload's JSON only once it is authentic. */
    private Map<String, Object> verifySignature(String token) {
        if (token.length() > maxTokenSize) {
            throw refuse(Reason.TOO_LARGE, "the token has " + token.length() + " characters, more than the "
                    + maxTokenSize + " this verifier accepts; send a smaller token or raise maxTokenSize");
        }
        String[] parts = split(token);
        Map<String, Object> headerJson = json(parts[0], "header");
        JwtAlgorithm alg = allowedAlgorithm(headerJson.get("alg"));
        if (parts[2].isEmpty()) {
            throw malformed("it has no signature");
        }
        if (!canonical(parts[2])) {
            // Unused low bits set in the last character decode to the same signature: refuse such
            // twins, so that one signed token has exactly one spelling (deny lists, replay caches).
            throw malformed("its signature is not canonical base64url");
        }
        if (headerJson.containsKey("crit")) {
            throw refuse(Reason.UNSUPPORTED_CRITICAL_HEADER, "the token's header lists critical (crit) parameters,"
                    + " and this verifier understands none; issue tokens without crit");
        }
        JWSHeader header;
        try {
            header = JWSHeader.parse(headerJson, new Base64URL(parts[0]));
        } catch (ParseException | RuntimeException e) {
            throw malformed("its header is not a valid JWS header");
        }
        byte[] signingInput = (parts[0] + '.' + parts[1]).getBytes(StandardCharsets.US_ASCII);
        Base64URL signature = new Base64URL(parts[2]);
        if (alg == JwtAlgorithm.HS256) {
            verifyLegacyMac(header, signingInput, signature);
        } else {
            verifyRsa(header, signingInput, signature);
        }
        return json(parts[1], "claims set");
    }

    private JwtAlgorithm allowedAlgorithm(Object alg) {
        if (!(alg instanceof String name)) {
            throw malformed("its header has no alg");
        }
        if ("none".equalsIgnoreCase(name)) {
            throw refuse(Reason.ALG_NOT_ALLOWED, "the token is unsigned (alg none), and unsigned tokens are never"
                    + " accepted; sign it with " + ring.algorithm());
        }
        if (name.equals(ring.algorithm().name())) {
            return ring.algorithm();
        }
        if (name.equals(JwtAlgorithm.HS256.name()) && ring.hasLegacyHmac()) {
            if (!ring.legacyHmacOpen()) {
                throw refuse(Reason.MIGRATION_ENDED, "the token is HS256, and the HS256 to RS256 migration ended at "
                        + ring.legacyHmacDeadline().orElseThrow() + "; get a new " + ring.algorithm()
                        + " token from the issuer");
            }
            return JwtAlgorithm.HS256;
        }
        throw refuse(Reason.ALG_NOT_ALLOWED, "the token's alg is not one this verifier accepts (it accepts "
                + ring.algorithm() + (ring.legacyHmacOpen() ? " and, until the migration deadline, HS256" : "")
                + "); sign it with " + ring.algorithm());
    }

    private void verifyRsa(JWSHeader header, byte[] signingInput, Base64URL signature) {
        String kid = header.getKeyID();
        RingKey key;
        if (kid == null) {
            key = ring.signingKey();
        } else {
            key = ring.find(kid).orElseThrow(() -> refuse(Reason.UNKNOWN_KID, "no live key in the ring has the"
                    + " token's kid; the key may have been dropped after its grace period, or the token comes"
                    + " from another issuer: get a new token"));
        }
        if (!verifies(key.verifier(), header, signingInput, signature)) {
            throw refuse(Reason.BAD_SIGNATURE, "the signature does not match the ring's key"
                    + (kid == null ? " (the token has no kid, so only the primary key was tried)" : "")
                    + "; the token was altered or signed by another key: get a new token");
        }
    }

    private void verifyLegacyMac(JWSHeader header, byte[] signingInput, Base64URL signature) {
        for (HmacKey key : ring.legacyKeys()) {
            if (verifies(key.verifier(), header, signingInput, signature)) {
                return;
            }
        }
        throw refuse(Reason.BAD_SIGNATURE, "the HS256 MAC matches no live version of the legacy HMAC secret;"
                + " the token was altered or MACed with another key: get a new token");
    }

    private static boolean verifies(JWSVerifier verifier, JWSHeader header, byte[] input, Base64URL signature) {
        try {
            return verifier.verify(header, input, signature);
        } catch (JOSEException | RuntimeException e) {
            return false;
        }
    }

    /** Exactly three base64url parts (only the signature may be empty), checked before anything is decoded. */
    private static String[] split(String token) {
        int first = token.indexOf('.');
        int second = first < 0 ? -1 : token.indexOf('.', first + 1);
        if (second < 0 || token.indexOf('.', second + 1) >= 0) {
            throw malformed("it does not have exactly three dot-separated parts (a JWE or a truncated token?)");
        }
        String[] parts = {token.substring(0, first), token.substring(first + 1, second), token.substring(second + 1)};
        if (parts[0].isEmpty() || parts[1].isEmpty()) {
            throw malformed("its header or payload is empty (a detached payload?)");
        }
        for (String part : parts) {
            // An empty signature passes here so that an unsigned token is refused for its alg none.
            if (!part.isEmpty() && (part.length() % 4 == 1 || !isBase64Url(part))) {
                throw malformed("a part is not unpadded base64url");
            }
        }
        return parts;
    }

    private static boolean isBase64Url(String part) {
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            if (c >= BASE64URL.length || BASE64URL[c] < 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether the unused low bits of the last character are zero (RFC 4648 section 3.5): 4 bits
     * when the length is 2 mod 4, 2 bits when it is 3 mod 4. Only then does the text re-encode to
     * itself, so one signature has one spelling. Called after {@link #isBase64Url(String)}.
     */
    private static boolean canonical(String part) {
        int unusedMask = switch (part.length() % 4) {
            case 2 -> 0x0F;
            case 3 -> 0x03;
            default -> 0;
        };
        return (BASE64URL[part.charAt(part.length() - 1)] & unusedMask) == 0;
    }

    private static Map<String, Object> json(String part, String what) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8);
            return JSONObjectUtils.parse(text);
        } catch (ParseException | RuntimeException e) {
            throw malformed("its " + what + " is not a JSON object");
        }
    }

    private static JwtVerificationException malformed(String why) {
        return refuse(Reason.MALFORMED, "the token is malformed: " + why + "; send a compact JWS (header.payload.signature)");
    }

    static JwtVerificationException refuse(Reason reason, String why) {
        return new JwtVerificationException(reason, "JWT refused (" + reason + "): " + why);
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
