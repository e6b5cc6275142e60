package dev.secrets4j.internal.rotation;

import dev.secrets4j.rotation.RotationPolicy;

/** Makes the new value of a rotation: the generator of the policy's type. */
@FunctionalInterface
public interface Values {

    /**
     * A new value for {@code name}.
     *
     * @throws IllegalStateException naming the secret and the type when no generator makes it
     */
    byte[] next(String name, RotationPolicy policy);

    /** Whether a generator makes {@code type}; the default says yes. */
    default boolean knows(String type) {
        return true;
    }
}
