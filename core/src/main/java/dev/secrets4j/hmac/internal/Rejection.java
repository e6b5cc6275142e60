package dev.secrets4j.hmac.internal;

import dev.secrets4j.hmac.WebhookVerificationException.Reason;

import java.util.Objects;

/**
 * Why a delivery fails a check, before the verifier turns it into a
 * {@link dev.secrets4j.hmac.WebhookVerificationException} naming the secret and scheme. Carries no
 * stack trace: rejections are expected traffic, not bugs. The detail never quotes header values.
 */
public final class Rejection extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final Reason reason;

    /** A rejection for {@code reason}, with a detail that says what is wrong and what to do. */
    public Rejection(Reason reason, String detail) {
        super(Objects.requireNonNull(detail, "detail"), null, false, false);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** Why the delivery fails. */
    public Reason reason() {
        return reason;
    }

    /** What is wrong and what to do, without any received value. */
    public String detail() {
        return getMessage();
    }
}
