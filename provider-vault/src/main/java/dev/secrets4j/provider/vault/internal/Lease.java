package dev.secrets4j.provider.vault.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One lease the provider holds: a dynamic credential and its lifetime. The lease id is not shown
 * by {@link #toString()} (it could be used to revoke the credential) and the data never is.
 * Guarded by the monitor of the entry that holds it.
 */
final class Lease {

    final String id;
    final byte[] data;
    final String label;
    final Instant issuedAt;
    final Duration granted;
    Instant renewedAt;
    Instant expiresAt;
    boolean renewable;
    /** Vault gave less than asked at the last renewal: the lease is near its max TTL. */
    boolean capped;

    Lease(String id, byte[] data, String label, Instant issuedAt, Duration granted, boolean renewable) {
        this.id = Objects.requireNonNull(id, "id");
        this.data = Objects.requireNonNull(data, "data");
        this.label = label;
        this.issuedAt = issuedAt;
        this.granted = granted;
        this.renewedAt = issuedAt;
        this.expiresAt = issuedAt.plus(granted);
        this.renewable = renewable;
    }

    /** Whether the credential still works at {@code now}. */
    boolean liveAt(Instant now) {
        return now.isBefore(expiresAt);
    }

    /** Version, expiry and state; no id, no data. */
    @Override
    public String toString() {
        return "Lease[v" + label + ", expires " + expiresAt + (renewable ? ", renewable" : "") + (capped ? ", at max TTL" : "") + "]";
    }
}
