package dev.secrets4j.hmac.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;

/**
 * The fingerprints of accepted deliveries, each remembered until its expiry, with a fixed
 * capacity, so that the same delivery verifies once. Only deliveries that already verified are
 * recorded, so a sender without the secret cannot fill it.
 *
 * <p>When every slot holds an unexpired fingerprint, a new delivery is either refused
 * ({@link Outcome#FULL}, fail closed: the default) or makes room by forgetting the fingerprint
 * closest to expiry (fail open: a replay of a forgotten delivery would pass). Either way one WARN
 * says so when the cache first fills, and one INFO when it has room again.
 *
 * <p>Not a Caffeine cache on purpose: its size bound evicts live entries silently by frequency,
 * which would open a replay hole without a word. Thread-safe; each call holds one lock for a few
 * map operations.
 */
public final class ReplayCache {

    private static final Logger log = LoggerFactory.getLogger(ReplayCache.class);

    /** What {@link #record} decided. */
    public enum Outcome {
        /** The fingerprint was not seen; it is now remembered. */
        ACCEPTED,
        /** The fingerprint was already accepted and has not expired. */
        REPLAYED,
        /** The cache is full of unexpired fingerprints and refuses new ones. */
        FULL
    }

    private record Entry(ByteBuffer fingerprint, Instant expiresAt) {
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
     * @param capacity      how many deliveries it remembers
     * @param evictWhenFull whether a full cache forgets the entry closest to expiry instead of refusing
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
     * Records the fingerprint of one accepted delivery until {@code expiresAt}, unless it is
     * already remembered (a replay) or the cache is full and refuses.
     */
    public synchronized Outcome record(byte[] fingerprint, Instant expiresAt, Instant now) {
        expire(now);
        ByteBuffer key = ByteBuffer.wrap(fingerprint.clone()).asReadOnlyBuffer();
        if (expiries.containsKey(key)) {
            return Outcome.REPLAYED;
        }
        if (expiries.size() >= capacity) {
            if (!overflowing) {
                overflowing = true;
                log.warn("replay cache of the webhook verifier for {} is full: {} deliveries accepted within the last {} s; {}"
                                + "; raise replayCacheSize above the deliveries expected within the tolerance",
                        owner, expiries.size(), window.toSeconds(), evictWhenFull
                                ? "forgetting the deliveries closest to expiry, so a replay of those would pass"
                                : "refusing new deliveries as REPLAY_CACHE_FULL until entries expire");
            }
            if (!evictWhenFull) {
                return Outcome.FULL;
            }
            expiries.remove(byExpiry.poll().fingerprint);
        } else if (overflowing) {
            overflowing = false;
            log.info("replay cache of the webhook verifier for {} has room again ({} of {} used)",
                    owner, expiries.size(), capacity);
        }
        expiries.put(key, expiresAt);
        byExpiry.add(new Entry(key, expiresAt));
        return Outcome.ACCEPTED;
    }

    /** How many deliveries are remembered, counting expired ones not yet dropped. */
    public synchronized int size() {
        return expiries.size();
    }

    /** The number of deliveries it remembers at most. */
    public int capacity() {
        return capacity;
    }

    /** Drops entries whose expiry is before {@code now}: an entry lives through its expiry instant. */
    private void expire(Instant now) {
        while (!byExpiry.isEmpty() && byExpiry.peek().expiresAt.isBefore(now)) {
            expiries.remove(byExpiry.poll().fingerprint);
        }
    }

    @Override
    public synchronized String toString() {
        return "ReplayCache[" + expiries.size() + "/" + capacity + (evictWhenFull ? ", evicts when full" : "") + "]";
    }
}
