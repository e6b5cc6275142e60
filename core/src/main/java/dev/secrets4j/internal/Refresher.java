package dev.secrets4j.internal;

import dev.secrets4j.AuditEvent;
import dev.secrets4j.AuditSink;
import dev.secrets4j.CachePolicy;
import dev.secrets4j.Scheduler;
import dev.secrets4j.Secret;
import dev.secrets4j.SecretChange;
import dev.secrets4j.SecretProviderException;
import dev.secrets4j.SecretStatus;
import dev.secrets4j.SecretsException;
import dev.secrets4j.Subscription;
import dev.secrets4j.spi.Capability;
import dev.secrets4j.spi.SecretProvider;
import dev.secrets4j.spi.SecretRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Keeps cached secrets fresh in the background: one scheduled refresh per secret after a
 * jittered fraction of its TTL, provider watches where offered, change detection, and
 * stale-if-error with exponential backoff until {@code maxStale}, after which the cache entry is
 * marked so that reads fail with the reason.
 */
final class Refresher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Refresher.class);

    /** The shortest refresh delay, however close a secret's expiry. */
    private static final Duration MIN_DELAY = Duration.ofSeconds(1);

    private final ConcurrentMap<String, CacheEntry> cache;
    private final ConcurrentMap<String, Tracked> tracked = new ConcurrentHashMap<>();
    private final Resolver resolver;
    private final ChangeDispatcher dispatcher;
    private final CachePolicy policy;
    private final Scheduler scheduler;
    private final Clock clock;
    private final AuditSink audit;
    private final OutageLog outages;
    private final StatsCounters stats;
    private volatile boolean closed;

    Refresher(ConcurrentMap<String, CacheEntry> cache, Resolver resolver, ChangeDispatcher dispatcher, CachePolicy policy,
              Scheduler scheduler, Clock clock, AuditSink audit, OutageLog outages, StatsCounters stats) {
        this.stats = stats;
        this.cache = cache;
        this.resolver = resolver;
        this.dispatcher = dispatcher;
        this.policy = policy;
        this.scheduler = scheduler;
        this.clock = clock;
        this.audit = audit;
        this.outages = outages;
    }

    /** The refresh state of one cached secret. Guarded by its own monitor. */
    static final class Tracked {
        final String name;
        final SecretProvider provider;
        final SecretRef ref;
        Instant lastSuccess;
        /** When the value served now was read. */
        Instant fetchedAt;
        /** When a refresh last succeeded; null until one has. */
        Instant lastRefresh;
        int failures;
        SecretsException lastError;
        Subscription next;
        Subscription expiry;
        Subscription watch;

        Tracked(String name, SecretProvider provider, SecretRef ref, Instant lastSuccess) {
            this.name = name;
            this.provider = provider;
            this.ref = ref;
            this.lastSuccess = lastSuccess;
            this.fetchedAt = lastSuccess;
        }
    }

    /** Caches a freshly resolved secret and starts keeping it fresh. */
    void track(Outcome.Found found) {
        String name = found.secret().name();
        Tracked t = new Tracked(name, found.provider(), found.ref(), clock.instant());
        if (tracked.putIfAbsent(name, t) != null) {
            return;
        }
        cache.put(name, CacheEntry.of(found.secret()));
        synchronized (t) {
            scheduleNext(t, firstRefreshDelay(found.secret()));
            if (found.provider().capabilities().contains(Capability.WATCH)) {
                try {
                    t.watch = found.provider().watch(Resolver.asked(found.provider(), found.ref()),
                            ref -> refreshQuietly(t, SecretChange.Cause.WATCH));
                } catch (SecretsException e) {
                    log.debug("cannot watch secret '{}' at provider '{}': {}; scheduled refresh still applies",
                            name, found.provider().id(), e.getMessage());
                }
            }
        }
    }

    /** What is held for {@code name}, without its value; empty when it is not cached. */
    Optional<SecretStatus> status(String name) {
        Tracked t = tracked.get(name);
        CacheEntry e = cache.get(name);
        if (t == null || e == null) {
            return Optional.empty();
        }
        synchronized (t) {
            Secret s = e.secret;
            return Optional.of(new SecretStatus(name, t.provider.id(), s.version(), s.createdAt(), s.expiresAt(), t.fetchedAt,
                    Optional.ofNullable(t.lastRefresh), e.stale));
        }
    }

    /** The names of every cached secret. */
    java.util.Set<String> trackedNames() {
        return java.util.Collections.unmodifiableSet(tracked.keySet());
    }

    Optional<Tracked> tracked(String name) {
        return Optional.ofNullable(tracked.get(name));
    }

    /** Reads the secret from its provider now; fires listeners if it moved; throws if the read fails. */
    Secret refresh(Tracked t, SecretChange.Cause cause) {
        synchronized (t) {
            if (closed) {
                throw SecretProviderException.permanent(t.provider.id(), t.name, "secrets4j is closed; cannot refresh secret '" + t.name + "'", null);
            }
            Optional<Secret> fresh;
            try {
                fresh = resolver.fetchFrom(t.provider, t.name, t.ref);
            } catch (SecretsException e) {
                onFailure(t, e);
                throw e;
            }
            if (fresh.isEmpty()) {
                SecretProviderException gone = SecretProviderException.permanent(t.provider.id(), t.name, "secret '" + t.name
                        + "' is no longer in " + t.provider.describeLookup(t.ref) + "; the last good value is served until max stale", null);
                onFailure(t, gone);
                throw gone;
            }
            onSuccess(t, fresh.get(), cause);
            return fresh.get();
        }
    }

    private void refreshQuietly(Tracked t, SecretChange.Cause cause) {
        if (closed) {
            return;
        }
        try {
            refresh(t, cause);
        } catch (SecretsException e) {
            log.debug("refresh of secret '{}' failed: {}", t.name, e.getMessage());
        } catch (RuntimeException e) {
            log.warn("refresh of secret '{}' failed unexpectedly with {}", t.name, e.getClass().getName(), e);
        }
    }

    private void onSuccess(Tracked t, Secret fresh, SecretChange.Cause cause) {
        outages.succeeded(t.provider.id(), t.name);
        Instant now = clock.instant();
        t.failures = 0;
        t.lastError = null;
        t.lastSuccess = now;
        t.lastRefresh = now;
        cancel(t.expiry);
        t.expiry = null;
        CacheEntry entry = cache.get(t.name);
        Secret current = entry.secret;
        boolean changed = !current.version().equals(fresh.version()) || !current.sameValueAs(fresh);
        if (changed || entry.failure != null || entry.stale) {
            cache.put(t.name, CacheEntry.of(fresh));
        }
        if (changed) {
            t.fetchedAt = now;
        }
        if (cause == SecretChange.Cause.MANUAL) {
            audit.record(new AuditEvent(now, t.name, Optional.of(fresh.version()), t.provider.id(), AuditEvent.Action.FETCH,
                    AuditEvent.Outcome.SUCCESS, Optional.empty(), Optional.of("refresh requested")));
        }
        if (changed) {
            audit.record(new AuditEvent(now, t.name, Optional.of(fresh.version()), t.provider.id(), AuditEvent.Action.CHANGED,
                    AuditEvent.Outcome.SUCCESS, Optional.empty(), Optional.of("from version " + current.version() + ", " + cause)));
            log.info("secret '{}' changed at provider '{}': version {} -> {} ({})", t.name, t.provider.id(),
                    current.version(), fresh.version(), cause);
            stats.changed();
            dispatcher.dispatch(new SecretChange(t.name, current, fresh, cause, now));
        }
        scheduleNext(t, refreshDelay(fresh));
    }

    private void onFailure(Tracked t, SecretsException e) {
        Instant now = clock.instant();
        t.failures++;
        t.lastError = e;
        stats.refreshFailed();
        cache.computeIfPresent(t.name, (k, v) -> v.stale ? v : v.markedStale());
        outages.failed(t.provider.id(), t.name, e.getMessage());
        if (t.failures == 1) {
            // One audit event per failure streak, not one per retry.
            audit.record(new AuditEvent(now, t.name, Optional.empty(), t.provider.id(), AuditEvent.Action.FETCH_FAILED,
                    AuditEvent.Outcome.FAILURE, Optional.empty(), Optional.of(e.getClass().getSimpleName()
                            + (e.isRetryable() ? " (retryable)" : " (not retryable)"))));
        }
        Duration staleFor = Duration.between(t.lastSuccess, now);
        if (staleFor.compareTo(policy.maxStale()) >= 0) {
            expire(t);
        } else if (t.expiry == null) {
            t.expiry = scheduler.schedule(() -> {
                synchronized (t) {
                    if (t.failures > 0) {
                        expire(t);
                    }
                }
            }, policy.maxStale().minus(staleFor));
        }
        scheduleNext(t, backoff(t.failures));
    }

    private void expire(Tracked t) {
        String message = "secret '" + t.name + "' from provider '" + t.provider.id() + "' is stale: its last good value was read at "
                + t.lastSuccess + ", more than max stale " + ProviderCalls.human(policy.maxStale())
                + " ago, and refreshing it fails: " + (t.lastError == null ? "unknown error" : t.lastError.getMessage())
                + "; fix the backend or raise CachePolicy.maxStale";
        CacheEntry.StaleFailure failure = new CacheEntry.StaleFailure(t.provider.id(), t.name, message);
        cache.computeIfPresent(t.name, (k, v) -> v.failure == null ? v.expired(failure) : v);
    }

    private void scheduleNext(Tracked t, Duration delay) {
        cancel(t.next);
        if (!closed) {
            t.next = scheduler.schedule(() -> refreshQuietly(t, SecretChange.Cause.REFRESH), delay);
        }
    }

    /**
     * The refresh delay: the refresh fraction of the TTL, or of the time the secret has left when
     * it expires sooner (a lease, a short-lived token), spread by plus or minus the jitter fraction.
     */
    Duration refreshDelay(Secret secret) {
        long base = policy.refreshDelay().toNanos();
        if (secret.expiresAt().isPresent()) {
            long left = Duration.between(clock.instant(), secret.expiresAt().get()).toNanos();
            if (left > 0) {
                base = Math.min(base, Math.max(MIN_DELAY.toNanos(), (long) (left * policy.refreshFraction())));
            }
            // Already expired when read: asking again sooner than the TTL would not renew it.
        }
        double spread = policy.jitter() * (2 * ThreadLocalRandom.current().nextDouble() - 1);
        return Duration.ofNanos(Math.max(1, (long) (base * (1 + spread))));
    }

    /**
     * The first refresh of a secret falls at a uniformly random point of its refresh delay, so
     * that secrets (and a fleet of instances) booted in the same second do not refresh in the
     * same second ever after; later refreshes follow {@link #refreshDelay(Secret)}. A secret that
     * expires is refreshed on its expiry schedule from the start.
     */
    Duration firstRefreshDelay(Secret secret) {
        Duration regular = refreshDelay(secret);
        if (secret.expiresAt().isPresent()) {
            return regular;
        }
        long nanos = (long) (ThreadLocalRandom.current().nextDouble() * regular.toNanos());
        return Duration.ofNanos(Math.max(MIN_DELAY.toNanos(), nanos));
    }

    /** Exponential backoff from retryInitial, doubled per failure up to retryMax, jittered within that range. */
    Duration backoff(int failures) {
        long initial = policy.retryInitial().toNanos();
        long cap = policy.retryMax().toNanos();
        long exp = failures >= 62 ? cap : Math.min(cap, initial << Math.min(failures - 1, 40));
        if (exp < 0) {
            exp = cap;
        }
        long delay = initial + (long) (ThreadLocalRandom.current().nextDouble() * (exp - initial));
        return Duration.ofNanos(delay);
    }

    private static void cancel(Subscription s) {
        if (s != null) {
            s.cancel();
        }
    }

    @Override
    public void close() {
        closed = true;
        for (Tracked t : tracked.values()) {
            synchronized (t) {
                cancel(t.next);
                cancel(t.expiry);
                cancel(t.watch);
            }
        }
    }
}
