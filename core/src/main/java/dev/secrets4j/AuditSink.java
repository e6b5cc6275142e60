package dev.secrets4j;

import dev.secrets4j.internal.Slf4jAuditSink;

/**
 * Where {@link AuditEvent}s go. The default writes one structured line per event to the SLF4J
 * logger {@code dev.secrets4j.audit}. Called on the thread that did the work: keep it fast and
 * never throw (an exception is logged and dropped).
 */
@FunctionalInterface
public interface AuditSink {

    /** Records one event. */
    void record(AuditEvent event);

    /** The default: one {@code key=value} line per event at INFO on logger {@code dev.secrets4j.audit}. */
    static AuditSink slf4j() {
        return Slf4jAuditSink.INSTANCE;
    }

    /** A sink that drops everything. */
    static AuditSink none() {
        return event -> { };
    }
}
