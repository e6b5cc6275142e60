package dev.secrets4j.rotation;

/**
 * Where a rotation is. It moves PLANNED, CREATED, VERIFIED, PROMOTED, FINISHED, or ends FAILED
 * with its reason; the state is written to the provider next to the secret at every step.
 */
public enum RotationState {
    /** An instance claimed the rotation; nothing is written yet. */
    PLANNED,
    /** The new version is written, not yet current, and the hook's {@code create} ran. */
    CREATED,
    /** The hook's {@code verify} accepted the new version. */
    VERIFIED,
    /** The new version is current; the previous one stays valid until the grace period ends. */
    PROMOTED,
    /** The previous version is retired. */
    FINISHED,
    /** A step failed; the previous value is current, the new one retired. Tried again later. */
    FAILED;

    /** Whether a rotation in this state is under way and holds the secret's rotation lock. */
    public boolean inProgress() {
        return this == PLANNED || this == CREATED || this == VERIFIED;
    }
}
