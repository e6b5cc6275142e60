package dev.secrets4j.rotation;

import dev.secrets4j.Secret;

import java.time.Instant;
import java.util.Optional;

/** What a {@link RotationHook} step is told about the rotation under way. Never printed with values. */
public interface RotationContext {

    /** The logical name of the secret being rotated. */
    String name();

    /** The strategy of this rotation. */
    RotationStrategy strategy();

    /** The version that was current when the rotation started; empty for a secret that had none. */
    Optional<Secret> previous();

    /** The new version, as written (pending, or current for {@link RotationStrategy#SINGLE}). */
    Secret next();

    /**
     * For {@link RotationStrategy#DUAL}: the credential slot the new value is for, {@code "a"} or
     * {@code "b"}, alternating; the previous value's slot is the other one. Empty otherwise.
     */
    Optional<String> slot();

    /** Which attempt this is, from 1. */
    int attempt();

    /** When this attempt started. */
    Instant startedAt();
}
