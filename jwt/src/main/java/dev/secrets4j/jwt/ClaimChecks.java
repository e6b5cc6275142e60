package dev.secrets4j.jwt;

import dev.secrets4j.jwt.JwtVerificationException.Reason;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The claim checks of a {@link JwtVerifier}, run on an authentic claims set: times against the
 * clock with skew, lifetime, issuer, audience, required claims. Messages name the check and
 * the verifier's own settings, never a value from the token.
 */
final class ClaimChecks {

    private final Optional<String> issuer;
    private final Optional<String> audience;
    private final Duration skew;
    private final boolean requireExpiry;
    private final Optional<Duration> maxLifetime;
    private final List<String> requiredClaims;
    private final Clock clock;

    ClaimChecks(Optional<String> issuer, Optional<String> audience, Duration skew, boolean requireExpiry,
                Optional<Duration> maxLifetime, List<String> requiredClaims, Clock clock) {
        this.issuer = issuer;
        this.audience = audience;
        this.skew = skew;
        this.requireExpiry = requireExpiry;
        this.maxLifetime = maxLifetime;
        this.requiredClaims = requiredClaims;
        this.clock = clock;
    }

    JwtClaims check(Map<String, Object> json) {
        JwtClaims claims;
        try {
            claims = JwtClaims.fromJson(json);
        } catch (IllegalArgumentException e) {
            // The builder's message names a claim taken from the token: do not pass it on.
            throw JwtVerifier.refuse(Reason.MALFORMED, "the token is malformed: a registered claim (iss, sub, aud,"
                    + " exp, nbf, iat, jti) has the wrong type or an out-of-range time; fix the issuer");
        }
        Instant now = clock.instant();
        checkTimes(claims, now);
        if (issuer.isPresent() && !claims.issuer().equals(issuer)) {
            throw JwtVerifier.refuse(Reason.WRONG_ISSUER, "the token's iss is " + (claims.issuer().isEmpty() ? "missing"
                    : "not the expected issuer") + " (expected " + issuer.get() + "); get a token from that issuer");
        }
        if (audience.isPresent() && !claims.audience().contains(audience.get())) {
            throw JwtVerifier.refuse(Reason.WRONG_AUDIENCE, "the token's aud " + (claims.audience().isEmpty()
                    ? "is missing" : "does not contain") + " the expected audience " + audience.get()
                    + "; get a token issued for it");
        }
        for (String name : requiredClaims) {
            if (!claims.has(name)) {
                throw JwtVerifier.refuse(Reason.MISSING_CLAIM, "the token lacks the required claim '" + name
                        + "'; get a token that carries it");
            }
        }
        return claims;
    }

    private void checkTimes(JwtClaims claims, Instant now) {
        Optional<Instant> exp = claims.expiresAt();
        if (exp.isEmpty() && requireExpiry) {
            throw JwtVerifier.refuse(Reason.MISSING_EXPIRY, "the token has no exp and this verifier requires one;"
                    + " issue tokens that expire");
        }
        if (exp.isPresent() && !now.isBefore(exp.get().plus(skew))) {
            throw JwtVerifier.refuse(Reason.EXPIRED, "the token has expired (beyond the clock skew of "
                    + skew.toSeconds() + " s); get a new token");
        }
        if (claims.notBefore().isPresent() && now.plus(skew).isBefore(claims.notBefore().get())) {
            throw JwtVerifier.refuse(Reason.NOT_YET_VALID, "the token is not valid yet: its nbf is more than "
                    + skew.toSeconds() + " s ahead; check the clocks of issuer and verifier");
        }
        if (claims.issuedAt().isPresent() && claims.issuedAt().get().isAfter(now.plus(skew))) {
            throw JwtVerifier.refuse(Reason.ISSUED_IN_FUTURE, "the token's iat is more than " + skew.toSeconds()
                    + " s in the future; check the clocks of issuer and verifier");
        }
        if (maxLifetime.isPresent()) {
            if (exp.isEmpty()) {
                throw JwtVerifier.refuse(Reason.LIFETIME_TOO_LONG, "the token has no exp, so it never expires, and"
                        + " this verifier accepts at most " + maxLifetime.get() + "; issue tokens that expire");
            }
            Instant from = claims.issuedAt().orElse(now);
            if (Duration.between(from, exp.get()).compareTo(maxLifetime.get()) > 0) {
                throw JwtVerifier.refuse(Reason.LIFETIME_TOO_LONG, "the token lives longer than the "
                        + maxLifetime.get() + " this verifier accepts (from iat, or from now without iat, to exp);"
                        + " issue shorter-lived tokens");
            }
        }
    }
}
