package dev.secrets4j.testing.azure;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A fault the emulator injects into authenticated requests: a 429 with {@code Retry-After}, an error status, added
 * latency, a connection reset, a hang, truncated JSON or an HTML gateway page. Immutable.
 *
 * <pre>{@code kv.faults().add(KvFault.throttle(Duration.ofSeconds(1)).on("GET secret").times(2)); }</pre>
 *
 * <p>{@link #on(String)} limits it to one operation as counted by {@link KeyVaultEmulator#calls()}
 * (for example {@code "GET secret"}); {@link #times(int)} limits how many requests it hits (default: all).
 */
public final class KvFault {

    enum Kind { THROTTLE, STATUS, LATENCY, RESET, HANG, BAD_JSON, HTML }

    private final Kind kind;
    private final int status;
    private final Duration delay;
    private final String operation;
    private final int times;

    private KvFault(Kind kind, int status, Duration delay, String operation, int times) {
        this.kind = kind;
        this.status = status;
        this.delay = delay;
        this.operation = operation;
        this.times = times;
    }

    /** 429 {@code Throttled} with {@code Retry-After} in whole seconds (rounded up) of the given wait. */
    public static KvFault throttle(Duration retryAfter) {
        if (retryAfter == null || retryAfter.isNegative()) {
            throw new IllegalArgumentException("KvFault.throttle: retryAfter must be zero or positive, was " + retryAfter);
        }
        return new KvFault(Kind.THROTTLE, 429, retryAfter, null, Integer.MAX_VALUE);
    }

    /** An error answer with this status (400..599) and a Key Vault error body. */
    public static KvFault status(int status) {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("KvFault.status: status must be 400..599, was " + status);
        }
        return new KvFault(Kind.STATUS, status, Duration.ZERO, null, Integer.MAX_VALUE);
    }

    /** Waits this long (real time) before answering normally. */
    public static KvFault latency(Duration delay) {
        if (delay == null || delay.isNegative()) {
            throw new IllegalArgumentException("KvFault.latency: delay must be zero or positive, was " + delay);
        }
        return new KvFault(Kind.LATENCY, 0, delay, null, Integer.MAX_VALUE);
    }

    /** Closes the connection without an answer. */
    public static KvFault reset() {
        return new KvFault(Kind.RESET, 0, Duration.ZERO, null, Integer.MAX_VALUE);
    }

    /** Never answers until {@link KvFaults#releaseHangs()} or the emulator closes, then drops the connection. */
    public static KvFault hang() {
        return new KvFault(Kind.HANG, 0, Duration.ZERO, null, Integer.MAX_VALUE);
    }

    /**
     * A 200 whose JSON body is the real answer cut to its first two thirds: for a secret bundle the
     * value, which comes first, is usually whole in it, so a client that logs the body leaks it.
     */
    public static KvFault badJson() {
        return new KvFault(Kind.BAD_JSON, 200, Duration.ZERO, null, Integer.MAX_VALUE);
    }

    /** A 502 with an HTML body, as a gateway in front of the vault answers. */
    public static KvFault html() {
        return new KvFault(Kind.HTML, 502, Duration.ZERO, null, Integer.MAX_VALUE);
    }

    /** A copy that hits only this operation, such as {@code "GET secret"} or {@code "PUT secret"}. */
    public KvFault on(String operation) {
        return new KvFault(kind, status, delay, Objects.requireNonNull(operation, "operation"), times);
    }

    /** A copy that hits at most this many requests (at least 1). */
    public KvFault times(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("KvFault.times: count must be at least 1, was " + count);
        }
        return new KvFault(kind, status, delay, operation, count);
    }

    Kind kind() {
        return kind;
    }

    int status() {
        return status;
    }

    Duration delay() {
        return delay;
    }

    Optional<String> operation() {
        return Optional.ofNullable(operation);
    }

    int times() {
        return times;
    }

    @Override
    public String toString() {
        return "KvFault[" + kind + (status > 0 ? " " + status : "") + (delay.isZero() ? "" : " " + delay)
                + " on " + (operation == null ? "any" : operation) + (times == Integer.MAX_VALUE ? "" : " x" + times) + "]";
    }
}
