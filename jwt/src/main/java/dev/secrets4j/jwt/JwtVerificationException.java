package dev.secrets4j.jwt;

import dev.secrets4j.SecretsException;

import java.util.Objects;

/**
 * A token was refused by a {@link JwtVerifier}. {@link #reason()} says why as an enum, for code
 * and metrics; the message says it in words with what to do. Neither ever holds the token, a
 * claim value, key material or a {@code kid} taken from the token.
 */
public final class JwtVerificationException extends SecretsException {

    private static final long serialVersionUID = 1L;

    /** Why a token was refused. */
    public enum Reason {
        /** Not a compact JWS with a JSON header and a JSON claims set. */
        MALFORMED,
        /** Longer than the verifier's maximum token size; refused before parsing. */
        TOO_LARGE,
        /** The header's {@code alg} is not one the ring accepts (includes {@code none}). */
        ALG_NOT_ALLOWED,
        /** No live key in the ring has the header's {@code kid}. */
        UNKNOWN_KID,
        /** The signature does not match the key the ring chose. */
        BAD_SIGNATURE,
        /** {@code exp} has passed, beyond the clock skew. */
        EXPIRED,
        /** {@code nbf} is still ahead, beyond the clock skew. */
        NOT_YET_VALID,
        /** {@code iat} is in the future, beyond the clock skew. */
        ISSUED_IN_FUTURE,
        /** The token has no {@code exp} and the verifier requires one. */
        MISSING_EXPIRY,
        /** The token lives longer than the verifier's maximum lifetime. */
        LIFETIME_TOO_LONG,
        /** {@code iss} is missing or not the expected issuer. */
        WRONG_ISSUER,
        /** {@code aud} is missing or does not contain the expected audience. */
        WRONG_AUDIENCE,
        /** A claim the verifier requires is missing. */
        MISSING_CLAIM,
        /** The header lists a {@code crit} parameter this verifier does not understand. */
        UNSUPPORTED_CRITICAL_HEADER,
        /** An HS256 token arrived after the HS256 to RS256 migration deadline. */
        MIGRATION_ENDED
    }

    private final Reason reason;

    JwtVerificationException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** Why the token was refused. */
    public Reason reason() {
        return reason;
    }
}
