package dev.secrets4j;

import java.time.Instant;
import java.util.Objects;

/**
 * A secret got a new version or value. Its {@code toString()} shows names and versions only.
 *
 * @param name     the logical name
 * @param previous the value the application had
 * @param current  the new value
 * @param cause    what noticed the change
 * @param at       when it was noticed
 */
public record SecretChange(String name, Secret previous, Secret current, Cause cause, Instant at) {

    /** What noticed a change. */
    public enum Cause {
        /** A scheduled background refresh. */
        REFRESH,
        /** A provider's push notification (a file watch, a backend event). */
        WATCH,
        /** A call to {@link Secrets#refresh(String)}. */
        MANUAL
    }

    /** Checks that no part is null. */
    public SecretChange {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(previous, "previous");
        Objects.requireNonNull(current, "current");
        Objects.requireNonNull(cause, "cause");
        Objects.requireNonNull(at, "at");
    }
}
