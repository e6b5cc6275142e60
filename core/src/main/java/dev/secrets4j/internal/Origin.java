package dev.secrets4j.internal;

import dev.secrets4j.spi.SecretProvider;
import dev.secrets4j.spi.SecretRef;

/**
 * Where a resolved secret lives: the provider that served it and the reference to ask it with
 * (without a field unless the provider picks fields itself).
 *
 * @param provider the provider
 * @param ref      the reference as the provider is asked
 */
public record Origin(SecretProvider provider, SecretRef ref) {
}
