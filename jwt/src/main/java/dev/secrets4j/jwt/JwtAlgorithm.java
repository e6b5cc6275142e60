package dev.secrets4j.jwt;

/**
 * The JWS algorithms secrets4j signs or verifies with. The ring signs with {@link #RS256} (the
 * default) or {@link #PS256}; {@link #HS256} is only ever accepted when verifying legacy tokens
 * during an HS256 to RS256 migration (see {@link JwtKeyRing.Builder#legacyHmac}).
 */
public enum JwtAlgorithm {
    /** RSASSA-PKCS1-v1_5 with SHA-256 (RFC 7518 section 3.3). */
    RS256,
    /** RSASSA-PSS with SHA-256 and MGF1 with SHA-256 (RFC 7518 section 3.5). */
    PS256,
    /** HMAC with SHA-256: verification of legacy tokens only, never used to sign. */
    HS256
}
