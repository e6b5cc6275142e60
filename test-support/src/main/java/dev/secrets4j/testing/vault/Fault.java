package dev.secrets4j.testing.vault;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * A failure the emulator injects into matching requests; immutable. Add one with
 * {@code vault.faults().add(fault)}.
 *
 * <pre>{@code
 * vault.faults().add(Fault.status(503, "{\"errors\":[\"Vault is sealed\"]}").on("*", "secret/").times(2));
 * vault.faults().add(Fault.latency(Duration.ofSeconds(2)).on("GET", "secret/data/"));
 * vault.faults().add(Fault.resetConnection().on("*", "auth/token/renew-self").times(2));
 * vault.faults().add(Fault.hang().on("GET", "sys/health"));
 * }</pre>
 *
 * <p>A fault matches a request by method ({@code "*"} for any, {@code LIST} also matches {@code GET ?list=true})
 * and by a prefix of the path under {@code /v1/} (without query string; {@code ""} for every path). By default a
 * fault matches every request forever; {@link #times(int)} limits it. Latency delays the request and lets it go
 * on (to later faults or the normal answer); every other kind answers in place of the emulator.
 */
public final class Fault {

    /** What a fault does. */
    enum Kind { STATUS, LATENCY, RESET, HANG, GARBAGE, TRUNCATED_JSON, OVERSIZED }

    private final Kind kind;
    private final int status;
    private final String body;
    private final String contentType;
    private final Duration delay;
    private final int size;
    private final String method;
    private final String pathPrefix;
    private final int times;

    private Fault(Kind kind, int status, String body, String contentType, Duration delay, int size,
                  String method, String pathPrefix, int times) {
        this.kind = kind;
        this.status = status;
        this.body = body;
        this.contentType = contentType;
        this.delay = delay;
        this.size = size;
        this.method = method;
        this.pathPrefix = pathPrefix;
        this.times = times;
    }

    private static Fault of(Kind kind, int status, String body, String contentType, Duration delay, int size) {
        return new Fault(kind, status, body, contentType, delay, size, "*", "", -1);
    }

    /** Answers {@code status} with {@code body} as {@code application/json}, such as 503 with {@code {"errors":["Vault is sealed"]}}. */
    public static Fault status(int status, String body) {
        checkStatus(status);
        return of(Kind.STATUS, status, Objects.requireNonNull(body, "body"), "application/json", Duration.ZERO, 0);
    }

    /** Answers {@code status} with Vault's usual body for it ({@code {"errors":[...]}}, such as 429 {@code rate limit quota exceeded}). */
    public static Fault status(int status) {
        checkStatus(status);
        return status(status, WireJson.errors(defaultMessage(status)));
    }

    /** Delays the request by {@code delay}, then lets it go on. */
    public static Fault latency(Duration delay) {
        Objects.requireNonNull(delay, "delay");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("Fault.latency needs a delay of zero or more, got " + delay);
        }
        return of(Kind.LATENCY, 0, "", "", delay, 0);
    }

    /**
     * Closes the connection without an answer: the client sees an {@link java.io.IOException} (the JDK client:
     * {@code HTTP/1.1 header parser received no bytes}). The JDK {@code HttpClient} (which the Vault driver uses)
     * retries a GET once by itself when this happens, so a GET needs {@code times(2)} for the caller to see it;
     * POST and PUT are not retried.
     */
    public static Fault resetConnection() {
        return of(Kind.RESET, 0, "", "", Duration.ZERO, 0);
    }

    /**
     * Never answers: the request blocks until the fault list is cleared or the emulator closes, then the connection
     * closes without an answer (a client with a request timeout gives up first).
     */
    public static Fault hang() {
        return of(Kind.HANG, 0, "", "", Duration.ZERO, 0);
    }

    /** Answers 200 with {@code body} and {@code contentType}, such as an HTML page from a proxy. */
    public static Fault garbage(String body, String contentType) {
        return garbage(200, body, contentType);
    }

    /** Answers {@code status} with {@code body} and {@code contentType}, such as 502 with a proxy's HTML page. */
    public static Fault garbage(int status, String body, String contentType) {
        checkStatus(status);
        return of(Kind.GARBAGE, status, Objects.requireNonNull(body, "body"),
                Objects.requireNonNull(contentType, "contentType"), Duration.ZERO, 0);
    }

    /** Answers 200 {@code application/json} with the first half of the real answer (JSON cut in the middle). */
    public static Fault truncatedJson() {
        return of(Kind.TRUNCATED_JSON, 200, "", "application/json", Duration.ZERO, 0);
    }

    /** Answers 200 {@code application/json} with a valid JSON object of at least {@code bytes} bytes. */
    public static Fault oversized(int bytes) {
        if (bytes < 1) {
            throw new IllegalArgumentException("Fault.oversized needs at least 1 byte, got " + bytes);
        }
        return of(Kind.OVERSIZED, 200, "", "application/json", Duration.ZERO, bytes);
    }

    /**
     * This fault restricted to requests with {@code method} ({@code "*"} for any) whose path under {@code /v1/}
     * starts with {@code pathPrefix}.
     */
    public Fault on(String method, String pathPrefix) {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(pathPrefix, "pathPrefix");
        String p = pathPrefix.startsWith("/v1/") ? pathPrefix.substring(4)
                : pathPrefix.startsWith("/") ? pathPrefix.substring(1) : pathPrefix;
        return new Fault(kind, status, body, contentType, delay, size, method.toUpperCase(Locale.ROOT), p, times);
    }

    /** This fault applied to the first {@code times} matching requests only; {@code -1} for forever. */
    public Fault times(int times) {
        if (times < -1 || times == 0) {
            throw new IllegalArgumentException("Fault.times needs a count of 1 or more, or -1 for forever, got " + times);
        }
        return new Fault(kind, status, body, contentType, delay, size, method, pathPrefix, times);
    }

    Kind kind() {
        return kind;
    }

    int statusCode() {
        return status;
    }

    String body() {
        return body;
    }

    String contentType() {
        return contentType;
    }

    Duration delay() {
        return delay;
    }

    int size() {
        return size;
    }

    String method() {
        return method;
    }

    String pathPrefix() {
        return pathPrefix;
    }

    int times() {
        return times;
    }

    /** {@code Fault[STATUS 503 on * secret/, 2 times]}. */
    @Override
    public String toString() {
        String what = switch (kind) {
            case STATUS -> "STATUS " + status;
            case LATENCY -> "LATENCY " + delay;
            case OVERSIZED -> "OVERSIZED " + size;
            default -> kind.name();
        };
        return "Fault[" + what + " on " + method + " " + (pathPrefix.isEmpty() ? "(any path)" : pathPrefix)
                + ", " + (times < 0 ? "forever" : times + " times") + "]";
    }

    private static void checkStatus(int status) {
        if (status < 100 || status > 999) {
            throw new IllegalArgumentException("Fault.status needs an HTTP status from 100 to 999, got " + status);
        }
    }

    private static String defaultMessage(int status) {
        return switch (status) {
            case 403 -> "permission denied";
            case 412 -> "required index state not present";
            case 429 -> "request path \"\": rate limit quota exceeded";
            case 500 -> "internal error";
            case 502 -> "upstream rate limited";
            case 503 -> "Vault is sealed";
            default -> "";
        };
    }
}
