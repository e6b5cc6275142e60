package dev.secrets4j.provider.azure.internal;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The client-side rate budget of one vault: a token bucket every call takes from (retries and the
 * 401 challenge too), and a pause that a 429 sets for its {@code Retry-After}, during which every
 * call to the vault waits. Callers wait rather than fail, up to their timeout. Thread-safe; time
 * and sleeping are injected so that tests drive it with a fake clock.
 */
public final class VaultBudget {

    /** Sleeps for a number of nanoseconds. */
    @FunctionalInterface
    public interface Sleeper {
        /** Sleeps {@code nanos}. */
        void sleep(long nanos) throws InterruptedException;
    }

    /** Key Vault's limit: 4,000 GET transactions per 10 s per vault and region, shared by every instance. */
    public static final double SERVICE_READS_PER_SECOND = 400;
    /** Key Vault's limit: 300 create and update transactions per 10 s per vault and region. */
    public static final double SERVICE_WRITES_PER_SECOND = 30;
    /** The default writes of one instance: 1 a second. */
    public static final double DEFAULT_WRITES_PER_SECOND = 1;
    /** The default of one instance, far below the service limit: 20 calls a second. */
    public static final double DEFAULT_PER_SECOND = 20;

    private final String vault;
    private final double ratePerSecond;
    private final double burst;
    private final LongSupplier nanoTime;
    private final Sleeper sleeper;
    private final AtomicLong waits = new AtomicLong();
    private final AtomicLong waitedNanos = new AtomicLong();
    private double tokens;
    private long last;
    private long pausedUntil;

    /** A full budget of {@code ratePerSecond} calls a second, bursting to {@code burst}, for {@code vault}. */
    public VaultBudget(String vault, double ratePerSecond, double burst, LongSupplier nanoTime, Sleeper sleeper) {
        if (!(ratePerSecond > 0) || ratePerSecond > SERVICE_READS_PER_SECOND || !(burst >= 1)) {
            throw new IllegalArgumentException("the rate budget of Key Vault " + vault + " must be above 0 and at most "
                    + (int) SERVICE_READS_PER_SECOND + " calls a second with a burst of at least 1, got " + ratePerSecond
                    + "/s burst " + burst);
        }
        this.vault = vault;
        this.ratePerSecond = ratePerSecond;
        this.burst = burst;
        this.nanoTime = nanoTime;
        this.sleeper = sleeper;
        this.tokens = burst;
        this.last = nanoTime.getAsLong();
        this.pausedUntil = last;
    }

    /**
     * Takes one call's token, waiting for it (and for a 429 pause) when needed.
     *
     * @return the time waited, or empty when the call could go out only after {@code maxWait}
     *         (nothing is taken then)
     */
    public Optional<Duration> acquire(Duration maxWait) throws InterruptedException {
        long wait;
        synchronized (this) {
            long now = nanoTime.getAsLong();
            tokens = Math.min(burst, tokens + (now - last) * ratePerSecond / 1e9);
            last = now;
            long pause = Math.max(0, pausedUntil - now);
            long forToken = tokens >= 1 ? 0 : (long) Math.ceil((1 - tokens) / ratePerSecond * 1e9);
            wait = Math.max(pause, forToken);
            if (wait > maxWait.toNanos()) {
                return Optional.empty();
            }
            tokens -= 1;
        }
        if (wait > 0) {
            waits.incrementAndGet();
            waitedNanos.addAndGet(wait);
            sleeper.sleep(wait);
        }
        return Optional.of(Duration.ofNanos(wait));
    }

    /** A 429 said to wait {@code retryAfter}: every call to this vault waits until then. */
    public synchronized void pause(Duration retryAfter) {
        long until = nanoTime.getAsLong() + Math.max(0, retryAfter.toNanos());
        pausedUntil = Math.max(pausedUntil, until);
    }

    /** How much longer a 429's pause holds calls; zero when none does. */
    public synchronized Duration pausedFor() {
        return Duration.ofNanos(Math.max(0, pausedUntil - nanoTime.getAsLong()));
    }

    /** Calls that had to wait. */
    public long waits() {
        return waits.get();
    }

    /** The total time calls waited. */
    public Duration waited() {
        return Duration.ofNanos(waitedNanos.get());
    }

    /** Calls a second. */
    public double ratePerSecond() {
        return ratePerSecond;
    }

    @Override
    public String toString() {
        return "VaultBudget[" + vault + " " + ratePerSecond + "/s burst " + burst + "]";
    }
}
