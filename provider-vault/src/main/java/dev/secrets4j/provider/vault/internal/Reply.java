package dev.secrets4j.provider.vault.internal;

import java.util.Objects;

/**
 * One HTTP answer from Vault, before its body is interpreted.
 *
 * @param status      the HTTP status
 * @param contentType the {@code Content-Type} header, or empty when there was none
 * @param body        the body, at most the size limit; empty when oversized
 * @param oversized   whether the body was larger than the limit (and so not kept)
 * @param note        what the provider did about this answer, for its error message ("" for nothing)
 */
record Reply(int status, String contentType, byte[] body, boolean oversized, String note) {

    Reply {
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(note, "note");
    }

    Reply(int status, String contentType, byte[] body, boolean oversized) {
        this(status, contentType, body, oversized, "");
    }

    /** The same answer with a note for its error message. */
    Reply withNote(String note) {
        return new Reply(status, contentType, body, oversized, note);
    }

    /** A reply whose body was cut at the limit, or kept whole. */
    static Reply of(int status, String contentType, byte[] body, long limit) {
        return body.length > limit ? new Reply(status, contentType, new byte[0], true) : new Reply(status, contentType, body, false);
    }

    /** Only the status and size: the body may hold secrets. */
    @Override
    public String toString() {
        return "Reply[" + status + ", " + contentType + ", " + (oversized ? "oversized" : body.length + " bytes") + "]";
    }
}
