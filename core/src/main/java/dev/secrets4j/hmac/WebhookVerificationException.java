package dev.secrets4j.hmac;

import dev.secrets4j.SecretsException;

import java.util.Objects;

/**
 * A webhook delivery was rejected. {@link #reason()} says why, for the HTTP answer and metrics;
 * the message names the secret and the scheme and says what to do. Neither ever holds the
 * signature, the payload or the secret.
 */
public final class WebhookVerificationException extends SecretsException {

    private static final long serialVersionUID = 1L;

    /** Why a delivery was rejected. */
    public enum Reason {
        /** A header the scheme needs (signature or timestamp) is absent. Answer 400. */
        MISSING_HEADER,
        /** A header is present but not in the scheme's format (bad prefix, bad hex or base64, wrong length). Answer 400. */
        MALFORMED_HEADER,
        /**
         * The delivery is signed only with an algorithm this verifier does not accept (SHA-1 without
         * opt-in, Stripe's v0 alone). Answer 400.
         */
        ALGORITHM_NOT_ALLOWED,
        /** The signature matches no live version of the secret. Answer 401. */
        BAD_SIGNATURE,
        /** The sender's timestamp is further from now than the tolerance, in the past or the future. Answer 400. */
        STALE_TIMESTAMP,
        /**
         * The same delivery was already accepted within the tolerance window. Answer 2xx without
         * processing it again, or 409.
         */
        REPLAYED,
        /**
         * The replay cache is full of unexpired deliveries and the verifier refuses new ones (see
         * {@link HmacVerifier.WhenFull#REJECT}). Answer 503; the sender may retry.
         */
        REPLAY_CACHE_FULL
    }

    private final Reason reason;
    private final String secretName;
    private final String scheme;

    /**
     * A rejection whose message reads {@code webhook rejected for secret 'NAME' (scheme github): detail}.
     * The detail must not quote a signature, payload or secret.
     */
    public WebhookVerificationException(Reason reason, String secretName, String scheme, String detail) {
        super("webhook rejected for secret '" + Objects.requireNonNull(secretName, "secretName") + "' (scheme "
                + Objects.requireNonNull(scheme, "scheme") + "): " + Objects.requireNonNull(detail, "detail"));
        this.reason = Objects.requireNonNull(reason, "reason");
        this.secretName = secretName;
        this.scheme = scheme;
    }

    /** Why the delivery was rejected. */
    public Reason reason() {
        return reason;
    }

    /** The secret the verifier follows. */
    public String secretName() {
        return secretName;
    }

    /** The scheme's name. */
    public String scheme() {
        return scheme;
    }

    /** True only for {@link Reason#REPLAY_CACHE_FULL}: the same delivery may pass once entries expire. */
    @Override
    public boolean isRetryable() {
        return reason == Reason.REPLAY_CACHE_FULL;
    }
}
