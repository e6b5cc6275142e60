package dev.secrets4j.provider.vault.internal.session;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The state of the Vault session's token, for the provider's health report. Holds no secret.
 *
 * @param tokenExpiresAt      when the current token expires, or empty when it never does (a root token)
 * @param renewable           whether the current token can be renewed
 * @param lastFailure         the last failed login or renewal since the last success, described without secrets
 * @param consecutiveFailures how many logins or renewals failed in a row (0 when the last one succeeded)
 */
public record SessionHealth(Optional<Instant> tokenExpiresAt, boolean renewable, Optional<String> lastFailure,
                            int consecutiveFailures) {

    /** Checks the components. */
    public SessionHealth {
        Objects.requireNonNull(tokenExpiresAt, "tokenExpiresAt");
        Objects.requireNonNull(lastFailure, "lastFailure");
        if (consecutiveFailures < 0) {
            throw new IllegalArgumentException("consecutiveFailures must be 0 or more, got " + consecutiveFailures);
        }
    }
}
