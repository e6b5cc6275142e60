package dev.secrets4j.rotation;

import dev.secrets4j.internal.Durations;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How and how often one secret rotates: every {@code rotateEvery}, by a strategy, the previous
 * value staying valid for {@code grace} (default 24 hours), a new value made by the generator of
 * its type. Immutable; each setter returns a copy and checks its argument at once.
 *
 * <pre>{@code
 * RotationPolicy.every(Duration.ofDays(90)).type("password").strategy(RotationStrategy.STAGED)
 *     .grace(Duration.ofHours(24))
 * }</pre>
 */
public final class RotationPolicy {

    /** The default grace period: 24 hours. */
    public static final Duration DEFAULT_GRACE = Duration.ofHours(24);
    /** The default number of attempts of a failing rotation before it waits a full period: 5. */
    public static final int DEFAULT_MAX_ATTEMPTS = 5;

    private final Duration rotateEvery;
    private final Duration grace;
    private final Optional<Duration> warnBefore;
    private final RotationStrategy strategy;
    private final Optional<String> type;
    private final int maxAttempts;

    private RotationPolicy(Duration rotateEvery, Duration grace, Optional<Duration> warnBefore, RotationStrategy strategy,
                           Optional<String> type, int maxAttempts) {
        this.rotateEvery = rotateEvery;
        this.grace = grace;
        this.warnBefore = warnBefore;
        this.strategy = strategy;
        this.type = type;
        this.maxAttempts = maxAttempts;
    }

    /**
     * A policy rotating every {@code rotateEvery} (at least one minute), STAGED, with the default
     * grace and attempts and no type yet.
     */
    public static RotationPolicy every(Duration rotateEvery) {
        if (rotateEvery == null || rotateEvery.compareTo(Duration.ofMinutes(1)) < 0) {
            throw new IllegalArgumentException("rotate-every must be at least 1 minute, got " + rotateEvery);
        }
        return new RotationPolicy(rotateEvery, DEFAULT_GRACE, Optional.empty(), RotationStrategy.STAGED, Optional.empty(),
                DEFAULT_MAX_ATTEMPTS);
    }

    /** How long the previous value stays valid after the new one is current: zero or more, less than rotate-every. */
    public RotationPolicy grace(Duration grace) {
        if (grace == null || grace.isNegative() || grace.compareTo(rotateEvery) >= 0) {
            throw new IllegalArgumentException("grace must be zero or more and shorter than rotate-every (" + rotateEvery
                    + "), got " + grace);
        }
        return new RotationPolicy(rotateEvery, grace, warnBefore, strategy, type, maxAttempts);
    }

    /** How long before rotation is due the age report warns; positive. */
    public RotationPolicy warnBefore(Duration warnBefore) {
        if (warnBefore == null || warnBefore.isNegative() || warnBefore.isZero()) {
            throw new IllegalArgumentException("warn-before must be positive, got " + warnBefore);
        }
        return new RotationPolicy(rotateEvery, grace, Optional.of(warnBefore), strategy, type, maxAttempts);
    }

    /** The strategy; default STAGED. */
    public RotationPolicy strategy(RotationStrategy strategy) {
        return new RotationPolicy(rotateEvery, grace, warnBefore, Objects.requireNonNull(strategy, "strategy"), type,
                maxAttempts);
    }

    /** The type whose generator makes new values: {@code api-key}, {@code password}, {@code rsa-private-key}, ... */
    public RotationPolicy type(String type) {
        if (type == null || type.isBlank()) {
            throw new IllegalArgumentException("type must name a secret type such as password or api-key, got '" + type + "'");
        }
        return new RotationPolicy(rotateEvery, grace, warnBefore, strategy, Optional.of(type), maxAttempts);
    }

    /** Attempts of a failing rotation (with exponential backoff) before it waits a full period; 1 to 20. */
    public RotationPolicy maxAttempts(int attempts) {
        if (attempts < 1 || attempts > 20) {
            throw new IllegalArgumentException("max-attempts must be 1 to 20, got " + attempts);
        }
        return new RotationPolicy(rotateEvery, grace, warnBefore, strategy, type, attempts);
    }

    /** How often the secret rotates. */
    public Duration rotateEvery() {
        return rotateEvery;
    }

    /** How long the previous value stays valid. */
    public Duration grace() {
        return grace;
    }

    /** How long before due the report warns, when set. */
    public Optional<Duration> warnBefore() {
        return warnBefore;
    }

    /** The strategy. */
    public RotationStrategy strategy() {
        return strategy;
    }

    /** The type whose generator makes new values, when set. */
    public Optional<String> type() {
        return type;
    }

    /** Attempts before a failing rotation waits a full period. */
    public int maxAttempts() {
        return maxAttempts;
    }

    @Override
    public String toString() {
        return "RotationPolicy[every " + Durations.format(rotateEvery) + ", " + strategy + ", grace " + Durations.format(grace)
                + type.map(t -> ", type " + t).orElse("") + "]";
    }
}
