package dev.secrets4j;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Something happened to a secret: fetched, failed, changed, rejected at validation. Never holds
 * the value.
 *
 * @param time       when it happened
 * @param secretName the logical name
 * @param version    the version concerned, when known
 * @param providerId the provider concerned ({@code -} when none answered)
 * @param action     what happened
 * @param outcome    whether it succeeded
 * @param principal  who asked, when known (a Spring user, a service identity)
 * @param detail     a short value-free detail, such as the reason of a failure
 */
public record AuditEvent(Instant time, String secretName, Optional<String> version, String providerId,
                         Action action, Outcome outcome, Optional<String> principal, Optional<String> detail) {

    /** What happened. */
    public enum Action {
        /** A value was read from a backend. */
        FETCH,
        /** A read from a backend failed. */
        FETCH_FAILED,
        /** A value failed boot validation. */
        VALIDATION_FAILED,
        /** A refresh, watch or manual refresh found a new version or value. */
        CHANGED,
        /** A new value was written to a backend. */
        WRITE,
        /** A rotation began: its plan was recorded. */
        ROTATION_STARTED,
        /** A rotation made its new version current. */
        ROTATION_PROMOTED,
        /** A rotation step failed. */
        ROTATION_FAILED,
        /** A failed rotation was undone: the previous value is current again. */
        ROTATION_ROLLED_BACK,
        /** A previous version was retired at the end of its grace period. */
        RETIRED
    }

    /** Whether the action succeeded. */
    public enum Outcome {
        /** It did. */
        SUCCESS,
        /** It did not. */
        FAILURE
    }

    /** Checks that no part is null. */
    public AuditEvent {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(secretName, "secretName");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(providerId, "providerId");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(detail, "detail");
    }
}
