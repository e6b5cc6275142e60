package dev.secrets4j.provider.vault.internal;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.TimeoutException;

/**
 * Vault could not be asked or gave no answer: a timeout, a refused or reset connection, a TLS
 * failure. Carries only the kind and the JDK's I/O exception, never a driver exception (whose
 * message quotes response bodies).
 */
final class Unreachable extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What went wrong on the wire. */
    enum Kind {
        TIMEOUT("no answer within the read timeout"),
        REFUSED("connection refused"),
        TLS("TLS handshake failed"),
        BROKEN("connection reset or closed early"),
        INTERRUPTED("interrupted while waiting");

        final String text;

        Kind(String text) {
            this.text = text;
        }
    }

    private final Kind kind;

    private Unreachable(Kind kind, Throwable ioCause) {
        super(kind.text, ioCause, false, false);
        this.kind = kind;
    }

    Kind kind() {
        return kind;
    }

    /** The kind of a failure, judged from the first JDK I/O exception in its cause chain (kept as the cause). */
    static Unreachable from(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof InterruptedException) {
                return new Unreachable(Kind.INTERRUPTED, null);
            }
            if (t instanceof HttpTimeoutException || t instanceof TimeoutException || t instanceof java.net.SocketTimeoutException) {
                return new Unreachable(Kind.TIMEOUT, t instanceof IOException ? t : null);
            }
            if (t instanceof ConnectException) {
                return new Unreachable(Kind.REFUSED, t);
            }
            if (t instanceof javax.net.ssl.SSLException) {
                return new Unreachable(Kind.TLS, t);
            }
            if (t instanceof IOException io && io.getClass().getName().startsWith("java.")) {
                return new Unreachable(Kind.BROKEN, io);
            }
        }
        return new Unreachable(Kind.BROKEN, null);
    }

    /** A timeout without an I/O exception behind it (the provider's own wait ran out). */
    static Unreachable timeout() {
        return new Unreachable(Kind.TIMEOUT, null);
    }
}
