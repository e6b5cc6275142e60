package dev.secrets4j.spi;

import java.util.Objects;

/**
 * A provider's own view of its backend.
 *
 * @param status UP, DEGRADED (answering slowly or partly) or DOWN
 * @param detail a short value-free explanation
 */
public record ProviderHealth(Status status, String detail) {

    /** The three states. */
    public enum Status {
        /** Answering normally. */
        UP,
        /** Answering, but slowly, partly or from a fallback. */
        DEGRADED,
        /** Not answering. */
        DOWN
    }

    /** Checks that no part is null. */
    public ProviderHealth {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(detail, "detail");
    }

    /** Up, with a detail. */
    public static ProviderHealth up(String detail) {
        return new ProviderHealth(Status.UP, detail);
    }

    /** Degraded, with the reason. */
    public static ProviderHealth degraded(String detail) {
        return new ProviderHealth(Status.DEGRADED, detail);
    }

    /** Down, with the reason. */
    public static ProviderHealth down(String detail) {
        return new ProviderHealth(Status.DOWN, detail);
    }
}
