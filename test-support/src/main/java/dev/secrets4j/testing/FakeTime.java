package dev.secrets4j.testing;

import dev.secrets4j.Scheduler;
import dev.secrets4j.Subscription;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A manual clock and scheduler for timed tests: time stands still until the test calls
 * {@link #advance(Duration)}, which runs every task that falls due, in time order, on the calling
 * thread.
 *
 * <pre>{@code
 * FakeTime time = FakeTime.startingAt(Instant.parse("2025-01-01T00:00:00Z"));
 * Secrets secrets = Secrets.builder().clock(time.clock()).scheduler(time)...build();
 * time.advance(Duration.ofMinutes(5));   // runs the refresh that was due at 4 minutes
 * }</pre>
 *
 * <p>Thread-safe: tasks may be scheduled and cancelled from any thread. A task scheduled with a
 * zero or negative delay is due at once and runs at the next {@code advance}, even
 * {@code advance(Duration.ZERO)}. A task cancelled before it starts never runs. {@code advance} calls from two
 * threads run one after the other.
 */
public final class FakeTime implements Scheduler {

    private final Object lock = new Object();
    private final ReentrantLock advancing = new ReentrantLock();
    private final PriorityQueue<Task> queue = new PriorityQueue<>();
    private final FakeClock clock = new FakeClock(ZoneOffset.UTC);
    private Instant now;
    private long sequence;

    private FakeTime(Instant start) {
        this.now = start;
    }

    /** A fake time that reads {@code start} until advanced, with no tasks. */
    public static FakeTime startingAt(Instant start) {
        return new FakeTime(Objects.requireNonNull(start, "start"));
    }

    /** A {@link Clock} (zone UTC) whose {@code instant()} reads this fake time. */
    public Clock clock() {
        return clock;
    }

    /** The current fake time. */
    public Instant now() {
        synchronized (lock) {
            return now;
        }
    }

    /**
     * Schedules {@code task} to run when the fake time reaches now plus {@code delay}.
     *
     * @return a subscription that removes the task; cancelling twice, or after it ran, is harmless
     */
    @Override
    public Subscription schedule(Runnable task, Duration delay) {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(delay, "delay");
        Task scheduled;
        synchronized (lock) {
            Duration wait = delay.isNegative() ? Duration.ZERO : delay;
            scheduled = new Task(now.plus(wait), sequence++, task);
            queue.add(scheduled);
        }
        return () -> {
            synchronized (lock) {
                queue.remove(scheduled);
            }
        };
    }

    /**
     * Moves time forward by {@code step}, running every task due by the new time in time order
     * (tasks due at the same instant in the order they were scheduled), on this thread. The clock
     * reads each task's due time while it runs. Tasks scheduled by a running task run too if they
     * fall due within the step. If tasks throw, the others still run and time still reaches its
     * target; then the first exception is rethrown with the rest suppressed.
     *
     * @throws IllegalArgumentException when {@code step} is negative
     */
    public void advance(Duration step) {
        Objects.requireNonNull(step, "step");
        if (step.isNegative()) {
            throw new IllegalArgumentException("FakeTime.advance(step) needs a step of zero or more, got " + step
                    + "; time only moves forward");
        }
        advancing.lock();
        try {
            Instant target;
            synchronized (lock) {
                target = now.plus(step);
            }
            List<Throwable> failures = new ArrayList<>();
            while (true) {
                Task next;
                synchronized (lock) {
                    next = queue.peek();
                    if (next == null || next.due.isAfter(target)) {
                        if (now.isBefore(target)) {
                            now = target;
                        }
                        break;
                    }
                    queue.poll();
                    if (next.due.isAfter(now)) {
                        now = next.due;
                    }
                }
                try {
                    next.task.run();
                } catch (RuntimeException | Error e) {
                    failures.add(e);
                }
            }
            rethrowFirst(failures);
        } finally {
            advancing.unlock();
        }
    }

    /** How many tasks are scheduled and neither run nor cancelled. */
    public int pendingTasks() {
        synchronized (lock) {
            return queue.size();
        }
    }

    /** How long until the next pending task is due (zero when one is due now), or empty when none is pending. */
    public Optional<Duration> nextTaskIn() {
        synchronized (lock) {
            Task next = queue.peek();
            if (next == null) {
                return Optional.empty();
            }
            Duration in = Duration.between(now, next.due);
            return Optional.of(in.isNegative() ? Duration.ZERO : in);
        }
    }

    /** {@code FakeTime[2025-01-01T00:05:00Z, 2 pending]}. */
    @Override
    public String toString() {
        synchronized (lock) {
            return "FakeTime[" + now + ", " + queue.size() + " pending]";
        }
    }

    private static void rethrowFirst(List<Throwable> failures) {
        if (failures.isEmpty()) {
            return;
        }
        Throwable first = failures.get(0);
        for (Throwable other : failures.subList(1, failures.size())) {
            first.addSuppressed(other);
        }
        if (first instanceof Error error) {
            throw error;
        }
        throw (RuntimeException) first;
    }

    /** One scheduled task, ordered by due time then by scheduling order. */
    private static final class Task implements Comparable<Task> {
        private final Instant due;
        private final long sequence;
        private final Runnable task;

        Task(Instant due, long sequence, Runnable task) {
            this.due = due;
            this.sequence = sequence;
            this.task = task;
        }

        @Override
        public int compareTo(Task other) {
            int byTime = due.compareTo(other.due);
            return byTime != 0 ? byTime : Long.compare(sequence, other.sequence);
        }
    }

    /** A clock view of the fake time in some zone. */
    private final class FakeClock extends Clock {
        private final ZoneId zone;

        FakeClock(ZoneId zone) {
            this.zone = zone;
        }

        @Override
        public ZoneId getZone() {
            return zone;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return zone.equals(this.zone) ? this : new FakeClock(zone);
        }

        @Override
        public Instant instant() {
            return now();
        }

        @Override
        public String toString() {
            return "FakeClock[" + now() + ", " + zone + "]";
        }
    }
}
