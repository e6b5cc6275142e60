package dev.secrets4j.testing.aws;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The ordered list of faults the emulator injects ({@link SecretsManagerEmulator#faults()}); thread-safe. Each call
 * is checked against the faults in the order added; a fault whose {@link AwsFault#times(int)} are used up no longer
 * matches.
 */
public final class AwsFaults {

    private static final class Slot {
        final AwsFault fault;
        final AtomicInteger remaining;

        Slot(AwsFault fault) {
            this.fault = fault;
            this.remaining = new AtomicInteger(fault.timesLimit());
        }

        boolean consume() {
            while (true) {
                int left = remaining.get();
                if (left < 0) {
                    return true;
                }
                if (left == 0) {
                    return false;
                }
                if (remaining.compareAndSet(left, left - 1)) {
                    return true;
                }
            }
        }
    }

    private final List<Slot> slots = new CopyOnWriteArrayList<>();
    private final Object hangLock = new Object();
    private CountDownLatch hangRelease = new CountDownLatch(1);
    private final AtomicInteger hanging = new AtomicInteger();
    private volatile boolean closed;

    AwsFaults() {
    }

    /** Adds {@code fault} after the faults already added. */
    public AwsFaults add(AwsFault fault) {
        slots.add(new Slot(Objects.requireNonNull(fault, "fault")));
        return this;
    }

    /** Removes every fault and releases every call held by {@link AwsFault#hang()}. */
    public void clear() {
        slots.clear();
        release();
    }

    /** Same as {@link #clear()}. */
    public void reset() {
        clear();
    }

    /** The faults that can still match, in order. */
    public List<AwsFault> active() {
        List<AwsFault> out = new ArrayList<>();
        for (Slot s : slots) {
            if (s.remaining.get() != 0) {
                out.add(s.fault);
            }
        }
        return List.copyOf(out);
    }

    /** How many calls {@link AwsFault#hang()} holds right now. */
    public int hangingCalls() {
        return hanging.get();
    }

    /** {@code AwsFaults[AwsFault[...], ...]}. */
    @Override
    public String toString() {
        return "AwsFaults" + active();
    }

    /**
     * The fault answering this call, or {@code null}; matching latency faults sleep and {@code before} faults run
     * their action on the way.
     */
    AwsFault select(String operation) throws InterruptedException {
        for (Slot slot : slots) {
            if (!slot.fault.matches(operation) || !slot.consume()) {
                continue;
            }
            switch (slot.fault.kind()) {
                case LATENCY -> TimeUnit.NANOSECONDS.sleep(slot.fault.delay().toNanos());
                case BEFORE -> slot.fault.action().run();
                default -> {
                    return slot.fault;
                }
            }
        }
        return null;
    }

    void hang() throws InterruptedException {
        CountDownLatch latch;
        synchronized (hangLock) {
            latch = hangRelease;
        }
        if (closed) {
            return;
        }
        hanging.incrementAndGet();
        try {
            latch.await();
        } finally {
            hanging.decrementAndGet();
        }
    }

    void close() {
        closed = true;
        release();
    }

    private void release() {
        synchronized (hangLock) {
            hangRelease.countDown();
            hangRelease = new CountDownLatch(1);
        }
    }
}
