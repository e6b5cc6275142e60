package dev.secrets4j.provider.vault.internal.session;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with full jitter between retries of a failed login or renewal: the n-th
 * retry waits a random time between zero and {@code min(max, initial * 2^(n-1))}.
 *
 * @param initial the ceiling of the first wait
 * @param max     the largest ceiling, reached after a few failures and kept from then on
 */
public record Backoff(Duration initial, Duration max) {

    /** Checks that both are positive and that {@code initial <= max}. */
    public Backoff {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(max, "max");
        if (initial.isNegative() || initial.isZero()) {
            throw new IllegalArgumentException("backoff initial must be positive, got " + initial);
        }
        if (max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff max must be at least initial (" + initial + "), got " + max);
        }
    }

    /** From 1 second up to 5 minutes. */
    public static Backoff defaults() {
        return new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5));
    }

    /** The ceiling of the wait before retry number {@code attempt} (1 for the first retry). */
    public Duration ceiling(int attempt) {
        if (attempt < 1) {
            throw new IllegalArgumentException("backoff attempt counts from 1, got " + attempt);
        }
        Duration ceiling = initial;
        for (int i = 1; i < attempt && ceiling.compareTo(max) < 0; i++) {
            ceiling = ceiling.multipliedBy(2);
        }
        return ceiling.compareTo(max) > 0 ? max : ceiling;
    }

    /** A random wait between zero and {@link #ceiling(int)} (full jitter), drawn from {@code random}. */
    public Duration delay(int attempt, RandomGenerator random) {
        long ceilingNanos = ceiling(attempt).toNanos();
        return Duration.ofNanos(random.nextLong(ceilingNanos + 1));
    }
}
