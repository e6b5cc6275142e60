package dev.secrets4j.testing.vault;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The ordered list of faults an emulator injects ({@link VaultEmulator#faults()}); thread-safe.
 * Each request is checked against the faults in the order they were added; a fault whose
 * {@link Fault#times(int)} are used up no longer matches.
 */
public final class VaultFaults {

    /** One added fault and how many more requests it applies to ({@code -1}: forever). */
    private static final class Slot {
        final Fault fault;
        final AtomicInteger remaining;

        Slot(Fault fault) {
            this.fault = fault;
            this.remaining = new AtomicInteger(fault.times());
        }

        boolean matches(String rawMethod, String opMethod, String path) {
            String m = fault.method();
            return (m.equals("*") || m.equals(rawMethod) || m.equals(opMethod)) && path.startsWith(fault.pathPrefix());
        }

        /** Uses one application; false when none is left. */
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

        boolean isActive() {
            return remaining.get() != 0;
        }
    }

    private final List<Slot> slots = new CopyOnWriteArrayList<>();
    private final AtomicInteger hanging = new AtomicInteger();
    private final Object hangLock = new Object();
    private CountDownLatch hangRelease = new CountDownLatch(1);
    private volatile boolean closed;

    VaultFaults() {
    }

    /** Adds {@code fault} after the faults already added. */
    public VaultFaults add(Fault fault) {
        slots.add(new Slot(Objects.requireNonNull(fault, "fault")));
        return this;
    }

    /** Removes every fault and releases every request held by a {@link Fault#hang()}. */
    public void clear() {
        slots.clear();
        releaseHangs();
    }

    /** The faults that can still match, in order. */
    public List<Fault> active() {
        List<Fault> out = new ArrayList<>();
        for (Slot s : slots) {
            if (s.isActive()) {
                out.add(s.fault);
            }
        }
        return List.copyOf(out);
    }

    /** How many requests a {@link Fault#hang()} holds right now. */
    public int hangingRequests() {
        return hanging.get();
    }

    /** {@code VaultFaults[Fault[...], ...]}. */
    @Override
    public String toString() {
        return "VaultFaults" + active();
    }

    /**
     * The fault that answers this request instead of the emulator, or {@code null}. Latency faults that match
     * are applied on the way (the calling thread sleeps: latency is the fault) and the search goes on after them.
     */
    Fault select(String rawMethod, String opMethod, String path) throws InterruptedException {
        for (Slot slot : slots) {
            if (!slot.matches(rawMethod, opMethod, path) || !slot.consume()) {
                continue;
            }
            if (slot.fault.kind() != Fault.Kind.LATENCY) {
                return slot.fault;
            }
            TimeUnit.NANOSECONDS.sleep(slot.fault.delay().toNanos());
        }
        return null;
    }

    /** Blocks a request held by a hang until {@link #clear()} or the emulator closes. */
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

    /** Releases hung requests for good: the emulator is closing. */
    void close() {
        closed = true;
        releaseHangs();
    }

    private void releaseHangs() {
        synchronized (hangLock) {
            hangRelease.countDown();
            hangRelease = new CountDownLatch(1);
        }
    }
}
