package dev.secrets4j.testing.vault;

import java.time.Instant;

/**
 * A snapshot of one lease the emulator issued for a dynamic secret; holds no credential.
 *
 * @param id           the lease id, such as {@code database/creds/app/3f2a...}
 * @param path         the path that was read, such as {@code database/creds/app}
 * @param issuedAt     when the lease was issued
 * @param expiresAt    when the lease expires unless renewed
 * @param maxExpiresAt the hard limit: issue time plus the max TTL
 * @param renewable    whether {@code sys/leases/renew} accepts it
 * @param renewals     how many times it was renewed
 * @param revoked      whether it was revoked (through the API or {@link VaultEmulator#revokeLease(String)})
 */
public record LeaseView(String id, String path, Instant issuedAt, Instant expiresAt, Instant maxExpiresAt,
                        boolean renewable, int renewals, boolean revoked) {

    /** Whether the lease is neither revoked nor expired at {@code now}. */
    public boolean isLiveAt(Instant now) {
        return !revoked && now.isBefore(expiresAt);
    }
}
