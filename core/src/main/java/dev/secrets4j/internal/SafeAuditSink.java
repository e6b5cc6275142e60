package dev.secrets4j.internal;

import dev.secrets4j.AuditEvent;
import dev.secrets4j.AuditSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Keeps the promise of {@link AuditSink}: a sink that throws is logged (once per failure streak)
 * and the event dropped, so an application's sink never fails a boot, a refresh or a rotation.
 */
public final class SafeAuditSink implements AuditSink {

    private static final Logger log = LoggerFactory.getLogger(SafeAuditSink.class);

    private final AuditSink delegate;
    private final AtomicBoolean failing = new AtomicBoolean();

    private SafeAuditSink(AuditSink delegate) {
        this.delegate = delegate;
    }

    /** {@code sink}, made safe (an already safe one is returned as is). */
    public static AuditSink of(AuditSink sink) {
        return sink instanceof SafeAuditSink || sink instanceof Slf4jAuditSink ? sink : new SafeAuditSink(sink);
    }

    @Override
    public void record(AuditEvent event) {
        try {
            delegate.record(event);
            if (failing.get() && failing.compareAndSet(true, false)) {
                log.info("the audit sink {} records events again", delegate.getClass().getName());
            }
        } catch (RuntimeException e) {
            if (failing.compareAndSet(false, true)) {
                log.warn("the audit sink {} failed with {}; events are dropped until it recovers", delegate.getClass().getName(),
                        e.getClass().getName());
            }
        }
    }

    @Override
    public String toString() {
        return "SafeAuditSink[" + delegate.getClass().getName() + "]";
    }
}
