package dev.secrets4j.testing.vault;

import tools.jackson.databind.node.ObjectNode;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Leases of dynamic secrets: each read mints new credentials with a lease; {@code sys/leases/renew} extends a
 * lease by the increment capped at its max TTL (with Vault's warning), and answers 400 {@code lease not found}
 * once it expired or was revoked; {@code sys/leases/revoke} revokes it. Thread-safe.
 */
final class LeaseStore {

    /** One lease; mutable fields guarded by the lease itself. */
    private static final class Lease {
        final String id;
        final String path;
        final LeaseSpec spec;
        final Instant issuedAt;
        final Instant maxExpiresAt;
        Instant expiresAt;
        Instant lastRenewal;
        int renewals;
        boolean revoked;

        Lease(String id, String path, LeaseSpec spec, Instant now) {
            this.id = id;
            this.path = path;
            this.spec = spec;
            this.issuedAt = now;
            this.maxExpiresAt = now.plus(spec.maxTtl());
            this.expiresAt = now.plus(spec.ttl());
        }

        synchronized LeaseView view() {
            return new LeaseView(id, path, issuedAt, expiresAt, maxExpiresAt, spec.renewable(), renewals, revoked);
        }

        synchronized boolean isLiveAt(Instant now) {
            return !revoked && now.isBefore(expiresAt);
        }
    }

    private final Clock clock;
    private final Map<String, Lease> byId = new ConcurrentHashMap<>();
    private final List<Lease> inOrder = new CopyOnWriteArrayList<>();
    private final AtomicInteger minted = new AtomicInteger();

    LeaseStore(Clock clock) {
        this.clock = clock;
    }

    /** A read of dynamic secret {@code path}: new {@code username}/{@code password} and a new lease. */
    ApiResponse mint(String path, LeaseSpec spec) {
        Instant now = clock.instant();
        Lease lease = new Lease(path + "/" + TokenStore.random(24), path, spec, now);
        byId.put(lease.id, lease);
        inOrder.add(lease);
        int n = minted.incrementAndGet();
        ObjectNode data = WireJson.object();
        String role = path.substring(path.lastIndexOf('/') + 1);
        data.put("username", "v-token-" + role + "-" + n + "-" + TokenStore.random(8).toLowerCase());
        data.put("password", TokenStore.random(4) + "-" + TokenStore.random(16));
        ObjectNode body = WireJson.envelope(data, path.substring(0, path.indexOf('/')));
        body.put("lease_id", lease.id);
        body.put("renewable", spec.renewable());
        body.put("lease_duration", spec.ttl().toSeconds());
        return ApiResponse.ok(body);
    }

    ApiResponse renew(String leaseId, Optional<Duration> increment) {
        if (leaseId.isEmpty()) {
            return ApiResponse.error(400, "lease_id must not be empty");
        }
        if (leaseId.startsWith("auth/")) {
            return ApiResponse.error(400, "tokens cannot be renewed through this endpoint");
        }
        Lease lease = byId.get(leaseId);
        Instant now = clock.instant();
        if (lease == null || !lease.isLiveAt(now)) {
            return ApiResponse.error(400, "lease not found");
        }
        if (!lease.spec.renewable()) {
            return ApiResponse.error(400, "lease is not renewable");
        }
        Duration asked = increment.filter(d -> !d.isZero() && !d.isNegative()).orElse(lease.spec.ttl());
        String warning = null;
        long seconds;
        synchronized (lease) {
            Instant granted = now.plus(asked);
            if (granted.isAfter(lease.maxExpiresAt)) {
                granted = lease.maxExpiresAt;
                warning = TokenStore.cappedWarning(asked, Duration.between(now, granted));
            }
            lease.expiresAt = granted;
            lease.lastRenewal = now;
            lease.renewals++;
            seconds = Math.max(0, Duration.between(now, granted).toSeconds());
        }
        ObjectNode body = WireJson.envelope(null, "");
        body.put("lease_id", lease.id);
        body.put("renewable", true);
        body.put("lease_duration", seconds);
        if (warning != null) {
            WireJson.warn(body, warning);
        }
        return ApiResponse.ok(body);
    }

    /** Revokes a lease; an unknown or already revoked id is accepted too, as Vault does. */
    ApiResponse revoke(String leaseId) {
        Lease lease = byId.get(leaseId);
        if (lease != null) {
            synchronized (lease) {
                lease.revoked = true;
            }
        }
        return ApiResponse.noContent();
    }

    ApiResponse lookup(String leaseId) {
        Lease lease = byId.get(leaseId);
        Instant now = clock.instant();
        if (lease == null || !lease.isLiveAt(now)) {
            return ApiResponse.error(400, "invalid lease");
        }
        ObjectNode d = WireJson.object();
        synchronized (lease) {
            d.put("id", lease.id);
            d.put("issue_time", WireJson.time(lease.issuedAt));
            d.put("expire_time", WireJson.time(lease.expiresAt));
            if (lease.lastRenewal == null) {
                d.putNull("last_renewal");
            } else {
                d.put("last_renewal", WireJson.time(lease.lastRenewal));
            }
            d.put("renewable", lease.spec.renewable());
            d.put("ttl", Math.max(0, Duration.between(now, lease.expiresAt).toSeconds()));
        }
        return ApiResponse.ok(WireJson.envelope(d, "system"));
    }

    List<LeaseView> views() {
        List<LeaseView> out = new ArrayList<>();
        inOrder.forEach(l -> out.add(l.view()));
        return List.copyOf(out);
    }

    void revokeById(String id) {
        if (!byId.containsKey(id)) {
            throw new IllegalArgumentException("revokeLease: no lease with id '" + id + "' was issued");
        }
        revoke(id);
    }
}
