package dev.secrets4j.internal.rotation;

import dev.secrets4j.Secret;
import dev.secrets4j.rotation.RotationContext;
import dev.secrets4j.rotation.RotationStrategy;

import java.time.Instant;
import java.util.Optional;

/** The context handed to hook steps; its {@code toString} names versions only. */
record Context(String name, RotationStrategy strategy, Optional<Secret> previous, Secret next, Optional<String> slot,
               int attempt, Instant startedAt) implements RotationContext {

    @Override
    public String toString() {
        return "RotationContext[" + name + " " + strategy + " " + previous.map(Secret::version).orElse("-") + " -> "
                + next.version() + slot.map(s -> " slot " + s).orElse("") + ", attempt " + attempt + "]";
    }
}
