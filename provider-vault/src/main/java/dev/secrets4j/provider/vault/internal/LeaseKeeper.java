package dev.secrets4j.provider.vault.internal;

import dev.secrets4j.Scheduler;
import dev.secrets4j.Secret;
import dev.secrets4j.SecretProviderException;
import dev.secrets4j.SecretsException;
import dev.secrets4j.Subscription;
import dev.secrets4j.provider.vault.internal.session.Backoff;
import dev.secrets4j.spi.KeyedHash;
import dev.secrets4j.spi.SecretRef;
import dev.secrets4j.spi.WatchListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Keeps dynamic credentials alive. A read that returns a lease is held: every reader gets the same
 * credential (no new one per refresh), renewed at about two thirds of its life. When it cannot be
 * renewed any more (not renewable, Vault capped the renewal at the max TTL, or less than the
 * threshold would remain) a fresh credential is read ahead of expiry, while the old one still
 * works, and every watcher of the reference is told, so the engine reads it and fires one change
 * with old and new values. Failures are retried with backoff and full jitter, never given up; the
 * old credential is served while it lives. Leases are revoked on close when configured.
 *
 * <p>Watchers are told from the scheduler, never from inside a read, so a listener that reads the
 * secret again cannot deadlock with the read that found the new credential.
 */
final class LeaseKeeper implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LeaseKeeper.class);
    private static final Duration MIN_RETRY = Duration.ofSeconds(1);

    private final VaultClient client;
    private final Failures failures;
    private final KeyedHash hasher;
    private final Clock clock;
    private final Scheduler scheduler;
    private final Backoff backoff;
    private final Duration threshold;
    private final boolean revokeOnClose;
    private final ConcurrentMap<VaultLocation, Held> held = new ConcurrentHashMap<>();
    private volatile boolean closed;

    LeaseKeeper(VaultClient client, KeyedHash hasher, Clock clock, Scheduler scheduler, Backoff backoff,
                       Duration threshold, boolean revokeOnClose) {
        this.client = client;
        this.failures = client.failures();
        this.hasher = hasher;
        this.clock = clock;
        this.scheduler = scheduler;
        this.backoff = backoff;
        this.threshold = threshold;
        this.revokeOnClose = revokeOnClose;
    }

    /** One dynamic path and the lease held for it. Guarded by its own monitor. */
    private static final class Held {
        final VaultLocation entry;
        final String name;
        final List<Watcher> watchers = new CopyOnWriteArrayList<>();
        final List<Lease> retired = new ArrayList<>();
        Lease lease;
        Subscription timer;
        int failures;

        Held(VaultLocation entry, String name) {
            this.entry = entry;
            this.name = name;
        }
    }

    private record Watcher(SecretRef ref, WatchListener listener) {
    }

    /**
     * The credential held for {@code location}, reading (and holding) a new one when none is held
     * or the held one expired; empty when Vault has nothing there.
     */
    public Optional<Secret> get(String name, VaultLocation location) {
        Held h = held.computeIfAbsent(location.entry(), e -> new Held(e, name));
        boolean replaced;
        Lease lease;
        synchronized (h) {
            Instant now = clock.instant();
            if (h.lease != null && h.lease.liveAt(now)) {
                return Optional.of(secret(name, h.lease, location));
            }
            Optional<Read> read = read(h.name, h.entry);
            if (read.isEmpty()) {
                return Optional.empty();
            }
            if (read.get().lease().isEmpty()) {
                return Optional.of(secret(name, read.get().unleased(), location));
            }
            replaced = h.lease != null;
            install(h, read.get().lease().get());
            lease = h.lease;
        }
        if (replaced) {
            notifyLater(h);
        }
        return Optional.of(secret(name, lease, location));
    }

    /** Tells {@code listener} when a new credential replaces the one held for {@code location}. */
    public Subscription watch(VaultLocation location, SecretRef ref, WatchListener listener) {
        Held h = held.computeIfAbsent(location.entry(), e -> new Held(e, ref.path()));
        Watcher w = new Watcher(ref, listener);
        h.watchers.add(w);
        return () -> h.watchers.remove(w);
    }

    /** A read's outcome: a lease, or data without a lease. */
    private record Read(Optional<Lease> lease, Lease unleased) {
    }

    private Optional<Read> read(String name, VaultLocation entry) {
        Call call = Call.read("reading", name, entry.dataPath());
        Reply reply = client.driverRead(call, entry.dataPath());
        if (reply.status() == 404 && Failures.errors(reply).isEmpty()) {
            return Optional.empty();
        }
        if (reply.status() != 200) {
            throw failures.status(reply, call);
        }
        JsonNode body = failures.json(reply, call);
        JsonNode data = body.path("data");
        if (!data.isObject()) {
            throw failures.permanent(call, "Vault's answer has no 'data' object", "check that the path serves credentials");
        }
        byte[] bytes = Failures.JSON.writeValueAsBytes(data);
        Instant now = clock.instant();
        String id = body.path("lease_id").asString("");
        Duration life = Duration.ofSeconds(Math.max(0, body.path("lease_duration").asLong(0)));
        Lease lease = new Lease(id, bytes, hasher.version(bytes), now, life, body.path("renewable").asBoolean(false));
        // A lease of no duration cannot be held: treat the answer as unleased rather than re-read it on every get.
        boolean leased = !id.isEmpty() && !life.isZero();
        return Optional.of(leased ? new Read(Optional.of(lease), lease) : new Read(Optional.empty(), lease));
    }

    /** Makes {@code lease} the held one (the old one, still live, is kept for revocation) and schedules its care. */
    private void install(Held h, Lease lease) {
        Instant now = clock.instant();
        if (h.lease != null && h.lease.liveAt(now)) {
            h.retired.add(h.lease);
        }
        h.retired.removeIf(l -> !l.liveAt(now));
        h.lease = lease;
        h.failures = 0;
        log.debug("holding a lease for secret '{}' ({}): {}", h.name, h.entry.dataPath(), lease);
        scheduleCare(h);
    }

    /** Renews at two thirds of the life since the last renewal, or rotates ahead of expiry when renewing cannot help. */
    private void scheduleCare(Held h) {
        Lease l = h.lease;
        Instant now = clock.instant();
        Duration life = Duration.between(l.renewedAt, l.expiresAt);
        if (l.renewable && !l.capped) {
            schedule(h, Duration.between(now, l.renewedAt.plus(life.multipliedBy(2).dividedBy(3))), () -> renew(h));
        } else {
            Duration lead = life.dividedBy(3).compareTo(threshold) > 0 ? life.dividedBy(3) : threshold;
            schedule(h, Duration.between(now, l.expiresAt.minus(lead)), () -> rotate(h));
        }
    }

    private void schedule(Held h, Duration delay, Runnable task) {
        if (h.timer != null) {
            h.timer.cancel();
        }
        if (!closed) {
            h.timer = scheduler.schedule(() -> {
                if (!closed) {
                    task.run();
                }
            }, delay.isNegative() ? Duration.ZERO : delay);
        }
    }

    private void renew(Held h) {
        synchronized (h) {
            Lease l = h.lease;
            Instant now = clock.instant();
            if (!positive(Duration.between(now, l.expiresAt).minus(threshold))) {
                rotateLocked(h);
                return;
            }
            Call call = new Call("renewing the lease of", h.name, "sys/leases/renew", "update", true);
            byte[] body = Failures.JSON.writeValueAsBytes(Map.of("lease_id", l.id, "increment", l.granted.toSeconds()));
            try {
                Reply reply = client.direct(call, "PUT", "sys/leases/renew", body);
                if (reply.status() == 400) {
                    // "lease not found": expired or revoked behind our back; the credential is dead.
                    log.warn("secret '{}' ({}): Vault no longer knows its lease ({}); reading a new credential",
                            h.name, h.entry.dataPath(), Failures.errors(reply).orElse("400"));
                    l.expiresAt = now;
                    rotateLocked(h);
                    return;
                }
                if (reply.status() != 200) {
                    throw failures.status(reply, call);
                }
                JsonNode answer = failures.json(reply, call);
                Duration got = Duration.ofSeconds(Math.max(0, answer.path("lease_duration").asLong(0)));
                l.renewedAt = now;
                l.expiresAt = now.plus(got);
                l.renewable = answer.path("renewable").asBoolean(l.renewable);
                l.capped = got.compareTo(l.granted) < 0;
                recovered(h);
                log.debug("renewed the lease of secret '{}' ({}) until {}{}", h.name, h.entry.dataPath(), l.expiresAt,
                        l.capped ? ", its max TTL: a new credential will be read ahead of expiry" : "");
                if (!positive(got.minus(threshold))) {
                    rotateLocked(h);
                } else {
                    scheduleCare(h);
                }
            } catch (SecretsException e) {
                failed(h, "renewing its lease", e, () -> renew(h));
            }
        }
    }

    private void rotate(Held h) {
        synchronized (h) {
            rotateLocked(h);
        }
    }

    private void rotateLocked(Held h) {
        boolean replaced = false;
        try {
            Optional<Read> read = read(h.name, h.entry);
            if (read.isEmpty() || read.get().lease().isEmpty()) {
                throw SecretProviderException.permanent("vault", h.name, "reading a new credential for secret '" + h.name + "' ("
                        + h.entry.dataPath() + ") at " + failures.where() + " gave " + (read.isEmpty() ? "nothing (404)" : "no lease")
                        + "; check the role behind the path", null);
            }
            recovered(h);
            install(h, read.get().lease().get());
            replaced = true;
            log.info("secret '{}' ({}): read a new credential ahead of the old one's expiry; the old one stays valid until it expires",
                    h.name, h.entry.dataPath());
        } catch (SecretsException e) {
            failed(h, "reading a new credential", e, () -> rotate(h));
        }
        if (replaced) {
            notifyLater(h);
        }
    }

    private void failed(Held h, String what, SecretsException e, Runnable retry) {
        h.failures++;
        if (h.failures == 1) {
            log.warn("secret '{}' ({}): {} failed; retrying with backoff while the current credential lives: {}",
                    h.name, h.entry.dataPath(), what, e.getMessage());
        } else {
            log.debug("secret '{}': {} failed again ({} in a row): {}", h.name, what, h.failures, e.getMessage());
        }
        Duration delay = backoff.delay(h.failures, ThreadLocalRandom.current());
        Duration left = Duration.between(clock.instant(), h.lease.expiresAt);
        if (positive(left) && delay.compareTo(left.dividedBy(2)) > 0) {
            // Try again before the credential dies rather than after.
            delay = left.dividedBy(2);
        }
        schedule(h, delay.compareTo(MIN_RETRY) < 0 ? MIN_RETRY : delay, retry);
    }

    private static boolean positive(Duration d) {
        return !d.isNegative() && !d.isZero();
    }

    private void recovered(Held h) {
        if (h.failures > 0) {
            log.info("secret '{}' ({}): lease care works again after {} failures", h.name, h.entry.dataPath(), h.failures);
        }
        h.failures = 0;
    }

    private void notifyLater(Held h) {
        scheduler.schedule(() -> {
            for (Watcher w : h.watchers) {
                try {
                    w.listener().changed(w.ref());
                } catch (RuntimeException e) {
                    log.warn("a watcher of secret '{}' failed with {}", w.ref(), e.getClass().getName());
                }
            }
        }, Duration.ZERO);
    }

    private Secret secret(String name, Lease lease, VaultLocation location) {
        byte[] value = SecretValues.value(lease.data, location.field(),
                "secret '" + name + "' (" + location.dataPath() + ", version " + lease.label + ")");
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("mount", location.mount());
        metadata.put("path", location.path());
        location.field().ifPresent(f -> metadata.put("field", f));
        boolean leased = !lease.id.isEmpty() && !lease.granted.isZero();
        if (leased) {
            metadata.put("lease-renewable", Boolean.toString(lease.renewable));
            metadata.put("lease-duration", lease.granted.toString());
        }
        Secret.Builder b = Secret.builder(name, value).version(lease.label).providerId("vault").metadata(metadata)
                .createdAt(lease.issuedAt);
        if (leased) {
            b.expiresAt(lease.expiresAt);
        }
        java.util.Arrays.fill(value, (byte) 0);
        return b.build();
    }

    /** Leases held and not expired: current and retired, for tests and health. */
    int liveLeases() {
        Instant now = clock.instant();
        int n = 0;
        for (Held h : held.values()) {
            synchronized (h) {
                n += (h.lease != null && h.lease.liveAt(now) ? 1 : 0) + (int) h.retired.stream().filter(l -> l.liveAt(now)).count();
            }
        }
        return n;
    }

    /** Stops renewals and, when configured, revokes every live lease (failures are logged, not thrown). */
    @Override
    public void close() {
        closed = true;
        Instant now = clock.instant();
        for (Held h : held.values()) {
            List<Lease> live = new ArrayList<>();
            synchronized (h) {
                if (h.timer != null) {
                    h.timer.cancel();
                }
                if (h.lease != null) {
                    live.add(h.lease);
                }
                live.addAll(h.retired);
                live.removeIf(l -> !l.liveAt(now) || l.id.isEmpty());
            }
            if (revokeOnClose) {
                live.forEach(l -> revoke(h, l));
            }
        }
        held.clear();
    }

    private void revoke(Held h, Lease l) {
        Call call = new Call("revoking the lease of", h.name, "sys/leases/revoke", "update", true);
        try {
            Reply reply = client.direct(call, "PUT", "sys/leases/revoke", Failures.JSON.writeValueAsBytes(Map.of("lease_id", l.id)));
            if (reply.status() != 204 && reply.status() != 200) {
                throw failures.status(reply, call);
            }
            log.debug("revoked a lease of secret '{}' ({})", h.name, h.entry.dataPath());
        } catch (SecretsException e) {
            log.warn("could not revoke a lease of secret '{}' ({}) on close; it expires at {}: {}", h.name, h.entry.dataPath(),
                    l.expiresAt, e.getMessage());
        }
    }
}
