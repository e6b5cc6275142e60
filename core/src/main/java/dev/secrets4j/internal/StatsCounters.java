package dev.secrets4j.internal;

import dev.secrets4j.ProviderStats;
import dev.secrets4j.SecretsStats;
import dev.secrets4j.spi.SecretProvider;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The engine's counters. {@code LongAdder}s, so that counting on the read path neither locks nor
 * allocates; read-path counting happens only when the builder asked for it.
 */
final class StatsCounters {

    final boolean recordReads;
    private final Clock clock;
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder staleReads = new LongAdder();
    private final LongAdder refreshFailures = new LongAdder();
    private final LongAdder changes = new LongAdder();
    private final Map<String, Calls> calls = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, LongAdder> accesses = new ConcurrentHashMap<>();

    StatsCounters(boolean recordReads, Clock clock) {
        this.recordReads = recordReads;
        this.clock = clock;
    }

    /** A read of {@code name} answered from the cache entry {@code e}. */
    void hit(String name, CacheEntry e) {
        hits.increment();
        accessed(name);
        if (e.stale) {
            staleReads.increment();
        }
    }

    /** A read of {@code name} that missed the cache. */
    void miss(String name) {
        misses.increment();
        accessed(name);
    }

    /** Reads of {@code name} by the application so far (counted only with recordReads). */
    long accesses(String name) {
        LongAdder a = accesses.get(name);
        return a == null ? 0 : a.sum();
    }

    private void accessed(String name) {
        LongAdder a = accesses.get(name); // the lock-free path once the name has a counter
        if (a == null) {
            a = accesses.computeIfAbsent(name, k -> new LongAdder());
        }
        a.increment();
    }

    void refreshFailed() {
        refreshFailures.increment();
    }

    void changed() {
        changes.increment();
    }

    void call(String providerId, boolean success, long nanos) {
        Calls c = calls.computeIfAbsent(providerId, k -> new Calls());
        if (success) {
            c.ok.increment();
            c.okNanos.add(nanos);
            c.lastSuccess = clock.instant();
        } else {
            c.failed.increment();
            c.failedNanos.add(nanos);
        }
    }

    SecretsStats snapshot(List<SecretProvider> providerList) {
        Map<String, ProviderStats> providers = new LinkedHashMap<>();
        for (SecretProvider p : providerList) {
            String id = p.id();
            Calls c = calls.getOrDefault(id, new Calls());
            providers.put(id, new ProviderStats(id, c.ok.sum(), Duration.ofNanos(c.okNanos.sum()), c.failed.sum(),
                    Duration.ofNanos(c.failedNanos.sum()), Optional.ofNullable(c.lastSuccess), throttleWaits(p)));
        }
        return new SecretsStats(hits.sum(), misses.sum(), staleReads.sum(), refreshFailures.sum(), changes.sum(), providers);
    }

    private static Map<String, Duration> throttleWaits(SecretProvider p) {
        try {
            return p.throttleWaits();
        } catch (RuntimeException e) {
            return Map.of(); // a provider bug must not break metrics
        }
    }

    private static final class Calls {
        final LongAdder ok = new LongAdder();
        final LongAdder okNanos = new LongAdder();
        final LongAdder failed = new LongAdder();
        final LongAdder failedNanos = new LongAdder();
        volatile Instant lastSuccess;
    }
}
