package dev.secrets4j.internal;

import dev.secrets4j.AuditEvent;
import dev.secrets4j.AuditSink;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts, per secret, the audit events metrics report (versions written, rotations promoted,
 * rotations failed) on their way to the application's sink.
 */
public final class EventCounts implements AuditSink {

    private final AuditSink next;
    private final ConcurrentHashMap<String, LongAdder[]> byName = new ConcurrentHashMap<>();

    /** Counts events passed on to {@code next}. */
    public EventCounts(AuditSink next) {
        this.next = next;
    }

    @Override
    public void record(AuditEvent event) {
        int slot = switch (event.action()) {
            case WRITE -> 0;
            case ROTATION_PROMOTED -> 1;
            case ROTATION_FAILED -> 2;
            default -> -1;
        };
        if (slot >= 0 && event.outcome() == (slot == 2 ? AuditEvent.Outcome.FAILURE : AuditEvent.Outcome.SUCCESS)) {
            byName.computeIfAbsent(event.secretName(), k -> new LongAdder[] {new LongAdder(), new LongAdder(), new LongAdder()})[slot]
                    .increment();
        }
        next.record(event);
    }

    /** Versions written, rotations promoted and rotations failed for {@code name}. */
    public long[] counts(String name) {
        LongAdder[] a = byName.get(name);
        return a == null ? new long[3] : new long[] {a[0].sum(), a[1].sum(), a[2].sum()};
    }
}
