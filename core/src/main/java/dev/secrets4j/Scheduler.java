package dev.secrets4j;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs background work later: refreshes, retries. Injected so that tests drive time by hand
 * (see {@code FakeTime} in {@code secrets4j-test-support}). Without one, {@code Secrets} runs its
 * own daemon thread {@code secrets4j-refresh-1} and stops it on close.
 */
@FunctionalInterface
public interface Scheduler {

    /** Runs {@code task} once after {@code delay}; the returned subscription cancels it. */
    Subscription schedule(Runnable task, Duration delay);

    /** A scheduler on the caller's executor; the caller owns its lifecycle. */
    static Scheduler of(ScheduledExecutorService executor) {
        return (task, delay) -> {
            var future = executor.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
            return () -> future.cancel(false);
        };
    }
}
