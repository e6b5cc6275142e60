package dev.secrets4j.provider.vault.internal.session;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A token and what Vault said about it when it was issued, looked up or renewed.
 * {@code toString()} shows the times and flags, never the token.
 *
 * @param token      the token
 * @param obtainedAt when Vault answered
 * @param expiresAt  when the token expires, or empty for a token that never does (a root token)
 * @param renewable  whether {@code renew-self} may extend it
 * @param increment  the TTL to ask for at renewal (the token's creation TTL)
 * @param capped     whether the last renewal was cut short by the max TTL, so renewing cannot extend it further
 */
record TokenGrant(String token, Instant obtainedAt, Optional<Instant> expiresAt, boolean renewable,
                  Duration increment, boolean capped) {

    TokenGrant {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(obtainedAt, "obtainedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(increment, "increment");
    }

    /**
     * A grant of {@code ttl} from {@code obtainedAt}; a zero TTL means the token never expires, as
     * Vault reports it for root tokens.
     */
    static TokenGrant of(String token, Instant obtainedAt, Duration ttl, boolean renewable, Duration increment,
                         boolean capped) {
        Optional<Instant> expiresAt = ttl.isZero() || ttl.isNegative() ? Optional.empty() : Optional.of(obtainedAt.plus(ttl));
        return new TokenGrant(token, obtainedAt, expiresAt, renewable, increment, capped);
    }

    /** Whether renewing could still extend it. */
    boolean canBeExtended() {
        return expiresAt.isPresent() && renewable && !capped;
    }

    /** The time two thirds into its life, when it should be renewed or replaced; empty when it never expires. */
    Optional<Instant> refreshAt() {
        return expiresAt.map(end -> obtainedAt.plus(Duration.between(obtainedAt, end).multipliedBy(2).dividedBy(3)));
    }

    /** This grant, no longer renewable (Vault refused to renew it). */
    TokenGrant notRenewable() {
        return new TokenGrant(token, obtainedAt, expiresAt, false, increment, capped);
    }

    @Override
    public String toString() {
        return "TokenGrant[obtained " + obtainedAt + ", expires " + expiresAt.map(Instant::toString).orElse("never")
                + (renewable ? ", renewable" : ", not renewable") + (capped ? ", capped by max TTL" : "") + "]";
    }
}
