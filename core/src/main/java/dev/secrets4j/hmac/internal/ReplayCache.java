package dev.secrets4j.hmac.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * The signatures of accepted deliveries, each remembered until its expiry, with a fixed capacity,
 * so that the same delivery verifies once. Only signatures that already verified are recorded, so
 * a sender without the secret cannot fill it.
 *
 * <p>When every slot holds an unexpired signature, a new delivery is either refused
 * ({@link Outcome#FULL}, fail closed: the default) or makes room by forgetting the signatures
 * closest to expiry (fail open: a replay of a forgotten delivery would pass). Either way one WARN
 * says so when the cache first fills, and one INFO when it has room again.
 *
 * <p>Not a Caffeine cache on purpose: its size bound evicts live entries silently by frequency,
 * which would open a replay hole without a word. Thread-safe; each call holds one lock for
 * a few map operations.
 */
public final class ReplayCache {

    private static final Logger log = LoggerFactory.getLogger(ReplayCache.class);

    /** What {@link #record} decided. */
    public enum Outcome {
        /** None of the signatures was seen; they are now remembered. */
        ACCEPTED,
        /** One of the signatures was already accepted and has not expired. */
        REPLAYED,
        /** The cache is full of unexpired signatures and refuses new ones. */
        FULL
    }

    private record Entry(ByteBuffer signature, Instant expiresAt) {
    }

    private final int capacity;
    private final boolean evictWhenFull;
    private final String owner;
    private final Duration window;
    private final Map<ByteBuffer, Instant> expiries = new HashMap<>();
    private final PriorityQueue<Entry> byExpiry = new PriorityQueue<>((a, b) -> a.expiresAt.compareTo(b.expiresAt));
    private boolean overflowing;

    /**
     * An empty cache.
     *
     * @param capacity      how many signatures it holds
     * @param evictWhenFull whether a full cache forgets the entries closest to expiry instead of refusing
     * @param owner         who it serves, for log lines, such as {@code secret 'GITHUB_WEBHOOK_SECRET' (scheme github)}
     * @param window        how long entries live, for log lines
     */
    public ReplayCache(int capacity, boolean evictWhenFull, String owner, Duration window) {
        if (capacity < 1) {
            throw new IllegalArgumentException("replayCacheSize must be at least 1, got " + capacity);
        }
        this.capacity = capacity;
        this.evictWhenFull = evictWhenFull;
        this.owner = Objects.requireNonNull(owner, "owner");
        this.window = Objects.requireNonNull(window, "window");
    }

    /**
     * Records the signatures of one accepted delivery until {@code expiresAt}, unless one of them is
     * already remembered (a replay) or the cache is full and refuses.
     */
    public synchronized Outcome record(List<byte[]> signatures, Instant expiresAt, Instant now) {
        expire(now);
        Set<ByteBuffer> fresh = new LinkedHashSet<>();
        for (byte[] s : signatures) {
            ByteBuffer key = ByteBuffer.wrap(s.clone()).asReadOnlyBuffer();
            if (expiries.containsKey(key)) {
                return Outcome.REPLAYED;
            }
            fresh.add(key);
        }
        if (expiries.size() + fresh.size() > capacity) {
            if (!overflowing) {
                overflowing = true;
                log.warn("replay cache of the webhook verifier for {} is full: {} signatures accepted within the last {} s; {}"
                                + "; raise replayCacheSize above the deliveries expected within the tolerance",
                        owner, expiries.size(), window.toSeconds(), evictWhenFull
                                ? "forgetting the signatures closest to expiry, so a replay of those deliveries would pass"
                                : "refusing new deliveries as REPLAY_CACHE_FULL until entries expire");
            }
            if (!evictWhenFull) {
                return Outcome.FULL;
            }
            while (expiries.size() + fresh.size() > capacity && !byExpiry.isEmpty()) {
                expiries.remove(byExpiry.poll().signature);
            }
        } else if (overflowing) {
            overflowing = false;
            log.info("replay cache of the webhook verifier for {} has room again ({} of {} used)",
                    owner, expiries.size(), capacity);
        }
        for (ByteBuffer key : fresh) {
            expiries.put(key, expiresAt);
            byExpiry.add(new Entry(key, expiresAt));
        }
        return Outcome.ACCEPTED;
    }

    /** How many signatures are remembered, counting expired ones not yet dropped. */
    public synchronized int size() {
        return expiries.size();
    }

    /** The number of signatures it holds at most. */
    public int capacity() {
        return capacity;
    }

    /** Drops entries whose expiry is before {@code now}: an entry lives through its expiry instant. */
    private void expire(Instant now) {
        while (!byExpiry.isEmpty() && byExpiry.peek().expiresAt.isBefore(now)) {
            expiries.remove(byExpiry.poll().signature);
        }
    }

    @Override
    public synchronized String toString() {
        return "ReplayCache[" + expiries.size() + "/" + capacity + (evictWhenFull ? ", evicts when full" : "") + "]";
    }
}
