package dev.secrets4j.internal;

import dev.secrets4j.AuditEvent;
import dev.secrets4j.AuditSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes audit events as one {@code key=value} line each to the logger {@code dev.secrets4j.audit}. */
public final class Slf4jAuditSink implements AuditSink {

    /** The shared instance. */
    public static final Slf4jAuditSink INSTANCE = new Slf4jAuditSink();

    private static final Logger AUDIT = LoggerFactory.getLogger("dev.secrets4j.audit");

    private Slf4jAuditSink() {
    }

    @Override
    public void record(AuditEvent e) {
        if (!AUDIT.isInfoEnabled()) {
            return;
        }
        StringBuilder line = new StringBuilder(128)
                .append("action=").append(e.action())
                .append(" outcome=").append(e.outcome())
                .append(" secret=").append(e.secretName())
                .append(" provider=").append(e.providerId())
                .append(" time=").append(e.time());
        e.version().ifPresent(v -> line.append(" version=").append(v));
        e.principal().ifPresent(p -> line.append(" principal=").append(p));
        e.detail().ifPresent(d -> line.append(" detail=\"").append(d.replace("\"", "'")).append('"'));
        // Every event at INFO: outcome=FAILURE says what failed, and WARN stays for the one line
        // an outage or a boot warning deserves in the application's own log.
        AUDIT.info(line.toString());
    }
}
