package dev.secrets4j.provider.vault.internal.session;

import java.util.OptionalInt;

/**
 * A failed login, lookup, renewal or credential read, described without any secret: the HTTP
 * status if Vault answered, whether trying again may help, and a reason safe to log. The driver's
 * own exception is never kept as the cause, because its message quotes Vault's response body.
 */
final class CallFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final boolean retryable;

    private CallFailure(int status, boolean retryable, String reason) {
        super(reason, null, false, true);
        this.status = status;
        this.retryable = retryable;
    }

    /** Vault answered {@code status}; {@code reason} quotes no secret. */
    static CallFailure status(int status, String reason) {
        return new CallFailure(status, isRetryableStatus(status), reason);
    }

    /** The request got no answer (connection refused or reset, timeout). */
    static CallFailure transport(String reason) {
        return new CallFailure(0, true, reason);
    }

    /** Vault (or a proxy) answered something that is not Vault's JSON. */
    static CallFailure badResponse(int status, String reason) {
        return new CallFailure(status, true, reason);
    }

    /** A local problem: a credential file missing or empty, no token in the environment. */
    static CallFailure local(String reason) {
        return new CallFailure(0, false, reason);
    }

    /** The HTTP status Vault answered, if it answered. */
    OptionalInt status() {
        return status == 0 ? OptionalInt.empty() : OptionalInt.of(status);
    }

    /** Whether Vault answered 403 (permission denied: unknown, expired or revoked token). */
    boolean isForbidden() {
        return status == 403;
    }

    /** Whether trying again may help: no answer, 412, 429, 5xx, or a garbled answer. */
    boolean isRetryable() {
        return retryable;
    }

    /** The reason, safe to log. */
    String reason() {
        return getMessage();
    }

    static boolean isRetryableStatus(int status) {
        return status == 412 || status == 429 || status >= 500;
    }
}
