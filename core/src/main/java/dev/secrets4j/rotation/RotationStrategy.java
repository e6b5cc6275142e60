package dev.secrets4j.rotation;

/** How a new value replaces the current one. */
public enum RotationStrategy {
    /**
     * Replace: the new value becomes current at once and the previous one is retired with it.
     * Needs only a writable provider; users of the previous value fail until they read the new
     * one, so it suits values nobody else holds.
     */
    SINGLE,
    /**
     * Alternate two credentials (slots {@code a} and {@code b}): the hook sets the new value on
     * the slot not in use, so the previous credential keeps working through the grace period.
     * Needs a provider with stages.
     */
    DUAL,
    /**
     * Write the new value as pending, verify it, then promote it; the previous value stays valid
     * through the grace period. Needs a provider with stages.
     */
    STAGED
}
