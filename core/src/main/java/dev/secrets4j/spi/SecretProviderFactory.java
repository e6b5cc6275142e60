package dev.secrets4j.spi;

import java.util.Map;

/**
 * Creates a provider by id from string options, so that a catalog file or Spring properties
 * can name providers. Implementations are listed in
 * {@code META-INF/services/dev.secrets4j.spi.SecretProviderFactory} and found with
 * {@link java.util.ServiceLoader}; {@link SecretProviders#create(String, Map)} does the lookup.
 */
public interface SecretProviderFactory {

    /** The provider id this factory creates: {@code env}, {@code docker}, ... */
    String id();

    /** The option keys this factory understands, for messages and IDE metadata. */
    java.util.Set<String> options();

    /**
     * Creates a provider. An unknown option key or a bad value is an
     * {@link IllegalArgumentException} naming the key and what it accepts.
     */
    SecretProvider create(Map<String, String> options);
}
