package dev.secrets4j;

import dev.secrets4j.internal.DaemonThreads;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs background work later: refreshes, retries. Injected so that tests drive time by hand
 * (see {@code FakeTime} in {@code secrets4j-test-support}); the default is one daemon thread
 * named {@code secrets4j-refresh-1}.
 */
@FunctionalInterface
public interface Scheduler {

    /** Runs {@code task} once after {@code delay}; the returned subscription cancels it. */
    Subscription schedule(Runnable task, Duration delay);

    /** A scheduler on one new daemon thread named {@code secrets4j-refresh-1}. */
    static Scheduler systemDaemon() {
        return of(Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("secrets4j-refresh")));
    }

    /** A scheduler on the caller's executor; the caller owns its lifecycle. */
    static Scheduler of(ScheduledExecutorService executor) {
        return (task, delay) -> {
            var future = executor.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
            return () -> future.cancel(false);
        };
    }
}
