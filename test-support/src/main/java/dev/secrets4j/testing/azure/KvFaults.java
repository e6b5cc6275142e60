package dev.secrets4j.testing.azure;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/** The emulator's active faults; the first matching one with hits left applies to a request. Thread-safe. */
public final class KvFaults {

    private final List<Entry> entries = new ArrayList<>();
    private CountDownLatch hangs = new CountDownLatch(1);

    KvFaults() {
    }

    /** Adds a fault after those already active. */
    public synchronized KvFaults add(KvFault fault) {
        if (fault == null) {
            throw new IllegalArgumentException("KvFaults.add: fault must not be null");
        }
        entries.add(new Entry(fault));
        return this;
    }

    /** Removes every fault and releases hung requests. */
    public synchronized void clear() {
        entries.clear();
        releaseHangs();
    }

    /** Releases every request held by a {@link KvFault#hang()} fault (their connections are dropped). */
    public synchronized void releaseHangs() {
        hangs.countDown();
        hangs = new CountDownLatch(1);
    }

    synchronized Optional<KvFault> next(String operation) {
        Iterator<Entry> it = entries.iterator();
        while (it.hasNext()) {
            Entry e = it.next();
            if (e.fault.operation().map(operation::equals).orElse(true)) {
                if (--e.left <= 0) {
                    it.remove();
                }
                return Optional.of(e.fault);
            }
        }
        return Optional.empty();
    }

    void hang() throws InterruptedException {
        CountDownLatch latch;
        synchronized (this) {
            latch = hangs;
        }
        latch.await();
    }

    private static final class Entry {
        final KvFault fault;
        int left;

        Entry(KvFault fault) {
            this.fault = fault;
            this.left = fault.times();
        }
    }
}
