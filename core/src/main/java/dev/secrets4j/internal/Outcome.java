package dev.secrets4j.internal;

import dev.secrets4j.Secret;
import dev.secrets4j.SecretsException;
import dev.secrets4j.spi.SecretProvider;
import dev.secrets4j.spi.SecretRef;

/** The result of resolving one logical name through the providers. */
sealed interface Outcome {

    /** Found at {@code provider}; {@code secret} already carries the logical name and picked field. */
    record Found(Secret secret, SecretProvider provider, SecretRef ref) implements Outcome {
    }

    /** No provider has it; {@code lookedIn} says where it was looked for. */
    record Absent(String lookedIn) implements Outcome {
    }

    /** Resolving it failed; {@code providerId} is the provider concerned, or {@code -}. */
    record Failed(SecretsException error, String providerId) implements Outcome {
    }
}
