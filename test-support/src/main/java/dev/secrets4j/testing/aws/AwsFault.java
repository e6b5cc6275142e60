package dev.secrets4j.testing.aws;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A failure the emulator injects into matching calls; immutable. Add one with {@code aws.faults().add(fault)}.
 *
 * <pre>{@code
 * aws.faults().add(AwsFault.throttling().on("GetSecretValue").times(3));
 * aws.faults().add(AwsFault.status(503).on("DescribeSecret"));
 * aws.faults().add(AwsFault.latency(Duration.ofSeconds(2)));
 * aws.faults().add(AwsFault.dropAnswer().on("CreateSecret").times(1));            // served, answer lost
 * aws.faults().add(AwsFault.before(() -> aws.putSecretValue("prod/db", "x")).on("UpdateSecretVersionStage").times(1));
 * }</pre>
 *
 * <p>By default a fault matches every operation forever; {@link #on(String...)} restricts it to operations named
 * as in {@code X-Amz-Target} (without the {@code secretsmanager.} prefix) and {@link #times(int)} limits it.
 * Latency and {@link #before(Runnable)} let the call go on after them; {@link #dropAnswer()} serves the call and
 * withholds the answer; every other kind answers in place of the emulator.
 */
public final class AwsFault {

    /** What a fault does. */
    enum Kind { ERROR, LATENCY, RESET, HANG, BAD_JSON, BEFORE, DROP_ANSWER }

    private final Kind kind;
    private final int status;
    private final String errorType;
    private final String message;
    private final Duration delay;
    private final Set<String> operations;
    private final int times;
    private final Runnable action;

    private AwsFault(Kind kind, int status, String errorType, String message, Duration delay,
                     Set<String> operations, int times, Runnable action) {
        this.kind = kind;
        this.status = status;
        this.errorType = errorType;
        this.message = message;
        this.delay = delay;
        this.operations = operations;
        this.times = times;
        this.action = action;
    }

    private static AwsFault of(Kind kind, int status, String errorType, String message, Duration delay) {
        return new AwsFault(kind, status, errorType, message, delay, Set.of(), -1, () -> { });
    }

    /** 400 {@code ThrottlingException} "Rate exceeded", which the SDK retries as throttling. */
    public static AwsFault throttling() {
        return error(400, "ThrottlingException", "Rate exceeded");
    }

    /** 400 {@code AccessDeniedException}, which the SDK does not retry. */
    public static AwsFault accessDenied() {
        return error(400, "AccessDeniedException",
                "User: arn:aws:iam::123456789012:user/test is not authorized to perform this operation");
    }

    /**
     * Answers {@code status} with the usual error for it: 429 {@code TooManyRequestsException}, 500
     * {@code InternalServiceError}, 503 {@code ServiceUnavailable}, 400 {@code ThrottlingException}, else
     * {@code InternalFailure}.
     */
    public static AwsFault status(int status) {
        checkStatus(status);
        return switch (status) {
            case 400 -> throttling();
            case 429 -> error(429, "TooManyRequestsException", "Too Many Requests");
            case 500 -> error(500, "InternalServiceError", "An error occurred on the server side.");
            case 503 -> error(503, "ServiceUnavailable", "Service Unavailable");
            default -> error(status, "InternalFailure", "The request processing has failed.");
        };
    }

    /** Answers {@code status} with body {@code {"__type":errorType,"Message":message}}. */
    public static AwsFault error(int status, String errorType, String message) {
        checkStatus(status);
        return of(Kind.ERROR, status, Objects.requireNonNull(errorType, "errorType"),
                Objects.requireNonNull(message, "message"), Duration.ZERO);
    }

    /** Delays the call by {@code delay}, then lets it go on. */
    public static AwsFault latency(Duration delay) {
        Objects.requireNonNull(delay, "delay");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("AwsFault.latency needs a delay of zero or more, got " + delay);
        }
        return of(Kind.LATENCY, 0, "", "", delay);
    }

    /** Closes the connection without an answer: the client sees an {@link java.io.IOException}. */
    public static AwsFault reset() {
        return of(Kind.RESET, 0, "", "", Duration.ZERO);
    }

    /** Never answers until {@code faults().clear()} or close; then the connection closes without an answer. */
    public static AwsFault hang() {
        return of(Kind.HANG, 0, "", "", Duration.ZERO);
    }

    /** Answers 200 {@code application/x-amz-json-1.1} with a body that is not valid JSON. */
    public static AwsFault badJson() {
        return of(Kind.BAD_JSON, 200, "", "", Duration.ZERO);
    }

    /**
     * Serves the call (its effect happens), then closes the connection without an answer: the client sees an
     * {@link java.io.IOException} and retries a call that already took effect, as after a connection lost on the
     * way back. Tests idempotency. The call is recorded with status {@code -1}.
     */
    public static AwsFault dropAnswer() {
        return of(Kind.DROP_ANSWER, 0, "", "", Duration.ZERO);
    }

    /**
     * Runs {@code action} on the emulator's thread when a matching call arrives, before it is served, then serves
     * it: another writer at an exact point, between a client's read and its write. The action may call the
     * emulator's Java API, or other clients over the wire (other threads serve them); an exception it throws is
     * answered as a 500 {@code InternalServiceError}.
     */
    public static AwsFault before(Runnable action) {
        return new AwsFault(Kind.BEFORE, 0, "", "", Duration.ZERO, Set.of(), -1, Objects.requireNonNull(action, "action"));
    }

    /** This fault restricted to the named operations, such as {@code "GetSecretValue"}. */
    public AwsFault on(String... operations) {
        Objects.requireNonNull(operations, "operations");
        if (operations.length == 0) {
            throw new IllegalArgumentException("AwsFault.on needs at least one operation name");
        }
        return new AwsFault(kind, status, errorType, message, delay, Set.copyOf(List.of(operations)), times, action);
    }

    /** This fault applied to the first {@code times} matching calls only; {@code -1} for forever. */
    public AwsFault times(int times) {
        if (times < -1 || times == 0) {
            throw new IllegalArgumentException("AwsFault.times needs a count of 1 or more, or -1 for forever, got " + times);
        }
        return new AwsFault(kind, status, errorType, message, delay, operations, times, action);
    }

    Kind kind() {
        return kind;
    }

    int statusCode() {
        return status;
    }

    String errorType() {
        return errorType;
    }

    String message() {
        return message;
    }

    Duration delay() {
        return delay;
    }

    Runnable action() {
        return action;
    }

    int timesLimit() {
        return times;
    }

    boolean matches(String operation) {
        return operations.isEmpty() || operations.contains(operation);
    }

    /** {@code AwsFault[ThrottlingException 400 on [GetSecretValue], 3 times]}. */
    @Override
    public String toString() {
        String what = switch (kind) {
            case ERROR -> errorType + " " + status;
            case LATENCY -> "LATENCY " + delay;
            default -> kind.name();
        };
        return "AwsFault[" + what + " on " + (operations.isEmpty() ? "(any operation)" : operations) + ", "
                + (times < 0 ? "forever" : times + " times") + "]";
    }

    private static void checkStatus(int status) {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("AwsFault needs an HTTP status from 100 to 599, got " + status);
        }
    }
}
