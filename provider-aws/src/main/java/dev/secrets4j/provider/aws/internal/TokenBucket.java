package dev.secrets4j.provider.aws.internal;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A token bucket of {@code ratePerSecond} tokens a second holding at most {@code burst}: a caller
 * reserves a token and waits until it is due, or gives up when that is later than its timeout.
 * Thread-safe; time and sleeping are injected so that tests drive it with a fake clock.
 */
public final class TokenBucket {

    /** Sleeps for a number of nanoseconds. */
    @FunctionalInterface
    public interface Sleeper {
        /** Sleeps {@code nanos}. */
        void sleep(long nanos) throws InterruptedException;
    }

    private final String operation;
    private final double ratePerSecond;
    private final double burst;
    private final LongSupplier nanoTime;
    private final Sleeper sleeper;
    private final AtomicLong waits = new AtomicLong();
    private final AtomicLong waitedNanos = new AtomicLong();
    private double tokens;
    private long last;

    /** A full bucket for {@code operation}. */
    public TokenBucket(String operation, double ratePerSecond, double burst, LongSupplier nanoTime, Sleeper sleeper) {
        if (!(ratePerSecond > 0) || !(burst >= 1)) {
            throw new IllegalArgumentException("rate budget of " + operation + " must be positive with a burst of at least 1, got "
                    + ratePerSecond + "/s burst " + burst);
        }
        this.operation = operation;
        this.ratePerSecond = ratePerSecond;
        this.burst = burst;
        this.nanoTime = nanoTime;
        this.sleeper = sleeper;
        this.tokens = burst;
        this.last = nanoTime.getAsLong();
    }

    /**
     * Takes one token, waiting for it when none is left.
     *
     * @return the time waited, or empty when the token would come later than {@code maxWait}
     *         (nothing is taken then)
     */
    public java.util.Optional<Duration> acquire(Duration maxWait) throws InterruptedException {
        long wait;
        synchronized (this) {
            long now = nanoTime.getAsLong();
            tokens = Math.min(burst, tokens + (now - last) * ratePerSecond / 1e9);
            last = now;
            if (tokens >= 1) {
                wait = 0;
            } else {
                wait = (long) Math.ceil((1 - tokens) / ratePerSecond * 1e9);
                if (wait > maxWait.toNanos()) {
                    return java.util.Optional.empty();
                }
            }
            tokens -= 1;
        }
        if (wait > 0) {
            waits.incrementAndGet();
            waitedNanos.addAndGet(wait);
            sleeper.sleep(wait);
        }
        return java.util.Optional.of(Duration.ofNanos(wait));
    }

    /** The operation this bucket guards, such as {@code GetSecretValue}. */
    public String operation() {
        return operation;
    }

    /** Tokens a second. */
    public double ratePerSecond() {
        return ratePerSecond;
    }

    /** Calls that had to wait for a token. */
    public long waits() {
        return waits.get();
    }

    /** The total time calls waited for tokens. */
    public Duration waited() {
        return Duration.ofNanos(waitedNanos.get());
    }

    @Override
    public String toString() {
        return "TokenBucket[" + operation + " " + ratePerSecond + "/s burst " + burst + "]";
    }
}
