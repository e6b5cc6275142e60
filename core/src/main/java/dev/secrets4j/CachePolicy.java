package dev.secrets4j;

import java.time.Duration;
import java.util.Objects;

/**
 * How cached secrets are kept fresh and how long a stale value is served through an outage.
 * Immutable; every {@code with}-style method returns a new policy and rejects a bad argument at
 * once, naming the setting.
 *
 * <pre>{@code
 * CachePolicy.ttl(Duration.ofMinutes(5)).maxStale(Duration.ofHours(1))
 * }</pre>
 *
 * <p>Each cached secret is refreshed in the background after {@code refreshFraction} of its TTL
 * (default 0.8), plus or minus {@code jitter} of that delay (default 0.1), so a fleet does not
 * call the backend in the same second. When a refresh fails the last good value is served for up
 * to {@code maxStale} while retries back off exponentially from {@code retryInitial} to
 * {@code retryMax} with full jitter; after that, reads fail with an error that says how stale
 * the value is and why the backend failed. Names that no provider has are remembered as absent
 * for {@code negativeTtl}, in a cache bounded to {@code maxAbsentNames}.
 */
public final class CachePolicy {

    private static final CachePolicy DEFAULTS = new CachePolicy(Duration.ofMinutes(5), Duration.ofHours(1), 0.8, 0.1,
            Duration.ofSeconds(1), Duration.ofMinutes(5), Duration.ofSeconds(30), 10_000);

    private final Duration ttl;
    private final Duration maxStale;
    private final double refreshFraction;
    private final double jitter;
    private final Duration retryInitial;
    private final Duration retryMax;
    private final Duration negativeTtl;
    private final long maxAbsentNames;

    private CachePolicy(Duration ttl, Duration maxStale, double refreshFraction, double jitter,
                        Duration retryInitial, Duration retryMax, Duration negativeTtl, long maxAbsentNames) {
        this.ttl = ttl;
        this.maxStale = maxStale;
        this.refreshFraction = refreshFraction;
        this.jitter = jitter;
        this.retryInitial = retryInitial;
        this.retryMax = retryMax;
        this.negativeTtl = negativeTtl;
        this.maxAbsentNames = maxAbsentNames;
    }

    /** The defaults: TTL 5 minutes, max stale 1 hour, refresh at 0.8 of the TTL with 0.1 jitter. */
    public static CachePolicy defaults() {
        return DEFAULTS;
    }

    /** The defaults with this time to live. */
    public static CachePolicy ttl(Duration ttl) {
        return DEFAULTS.withTtl(ttl);
    }

    /** This policy with another time to live (positive). */
    public CachePolicy withTtl(Duration ttl) {
        positive(ttl, "ttl");
        return new CachePolicy(ttl, maxStale, refreshFraction, jitter, retryInitial, retryMax, negativeTtl, maxAbsentNames);
    }

    /** This policy serving the last good value for up to {@code maxStale} after refreshes start failing (zero or more). */
    public CachePolicy maxStale(Duration maxStale) {
        notNegative(maxStale, "maxStale");
        return new CachePolicy(ttl, maxStale, refreshFraction, jitter, retryInitial, retryMax, negativeTtl, maxAbsentNames);
    }

    /** This policy refreshing after {@code fraction} of the TTL, in (0, 1]. */
    public CachePolicy refreshFraction(double fraction) {
        if (!(fraction > 0 && fraction <= 1)) {
            throw new IllegalArgumentException("refreshFraction must be in (0, 1], got " + fraction);
        }
        return new CachePolicy(ttl, maxStale, fraction, jitter, retryInitial, retryMax, negativeTtl, maxAbsentNames);
    }

    /** This policy spreading each refresh by plus or minus {@code jitter} of its delay, in [0, 1). */
    public CachePolicy jitter(double jitter) {
        if (!(jitter >= 0 && jitter < 1)) {
            throw new IllegalArgumentException("jitter must be in [0, 1), got " + jitter);
        }
        return new CachePolicy(ttl, maxStale, refreshFraction, jitter, retryInitial, retryMax, negativeTtl, maxAbsentNames);
    }

    /** This policy retrying failed refreshes after {@code initial}, doubling up to {@code max}, with full jitter. */
    public CachePolicy retryBackoff(Duration initial, Duration max) {
        positive(initial, "retryBackoff initial");
        positive(max, "retryBackoff max");
        if (max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("retryBackoff max must be at least initial, got initial " + initial + " and max " + max);
        }
        return new CachePolicy(ttl, maxStale, refreshFraction, jitter, initial, max, negativeTtl, maxAbsentNames);
    }

    /** This policy remembering absent names for {@code negativeTtl} (zero disables negative caching). */
    public CachePolicy negativeTtl(Duration negativeTtl) {
        notNegative(negativeTtl, "negativeTtl");
        return new CachePolicy(ttl, maxStale, refreshFraction, jitter, retryInitial, retryMax, negativeTtl, maxAbsentNames);
    }

    /** This policy remembering at most {@code max} absent names. */
    public CachePolicy maxAbsentNames(long max) {
        if (max < 0) {
            throw new IllegalArgumentException("maxAbsentNames must be zero or more, got " + max);
        }
        return new CachePolicy(ttl, maxStale, refreshFraction, jitter, retryInitial, retryMax, negativeTtl, max);
    }

    /** The time to live of a cached value. */
    public Duration ttl() {
        return ttl;
    }

    /** How long the last good value is served after refreshes start failing. */
    public Duration maxStale() {
        return maxStale;
    }

    /** The fraction of the TTL after which a refresh starts. */
    public double refreshFraction() {
        return refreshFraction;
    }

    /** The spread of refresh times, as a fraction of the delay. */
    public double jitter() {
        return jitter;
    }

    /** The first retry delay after a failed refresh. */
    public Duration retryInitial() {
        return retryInitial;
    }

    /** The longest retry delay. */
    public Duration retryMax() {
        return retryMax;
    }

    /** How long an absent name is remembered. */
    public Duration negativeTtl() {
        return negativeTtl;
    }

    /** How many absent names are remembered at most. */
    public long maxAbsentNames() {
        return maxAbsentNames;
    }

    /** The delay before the next scheduled refresh, before jitter. */
    public Duration refreshDelay() {
        return Duration.ofNanos((long) (ttl.toNanos() * refreshFraction));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CachePolicy p && ttl.equals(p.ttl) && maxStale.equals(p.maxStale)
                && refreshFraction == p.refreshFraction && jitter == p.jitter
                && retryInitial.equals(p.retryInitial) && retryMax.equals(p.retryMax)
                && negativeTtl.equals(p.negativeTtl) && maxAbsentNames == p.maxAbsentNames;
    }

    @Override
    public int hashCode() {
        return Objects.hash(ttl, maxStale, refreshFraction, jitter, retryInitial, retryMax, negativeTtl, maxAbsentNames);
    }

    @Override
    public String toString() {
        return "CachePolicy[ttl=" + ttl + ", maxStale=" + maxStale + ", refreshFraction=" + refreshFraction
                + ", jitter=" + jitter + ", retry=" + retryInitial + ".." + retryMax
                + ", negativeTtl=" + negativeTtl + ", maxAbsentNames=" + maxAbsentNames + "]";
    }

    private static void positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + d);
        }
    }

    private static void notNegative(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative, got " + d);
        }
    }
}
