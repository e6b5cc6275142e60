package dev.secrets4j.rotation;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The rotation status of one secret. Holds no value.
 *
 * @param name        the logical name
 * @param state       the state of the last or current rotation; empty when it never rotated
 * @param lastRotated when a rotation last made a new version current (or, before the first
 *                    rotation, when the current version was created, if the provider says)
 * @param nextDue     when the next rotation is due; for a failed one, when it is tried again
 * @param attempt     the attempt of the current or last rotation, from 1; 0 when none
 * @param lastError   why the last attempt failed, value-free
 */
public record RotationStatus(String name, Optional<RotationState> state, Optional<Instant> lastRotated,
                             Optional<Instant> nextDue, int attempt, Optional<String> lastError) {

    /** Checks that no part is null. */
    public RotationStatus {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(lastRotated, "lastRotated");
        Objects.requireNonNull(nextDue, "nextDue");
        Objects.requireNonNull(lastError, "lastError");
    }
}
