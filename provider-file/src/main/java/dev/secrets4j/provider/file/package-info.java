/**
 * The encrypted, versioned, writable local file store, provider id {@code file}:
 * {@link dev.secrets4j.provider.file.FileSecretProvider} and its builder,
 * {@link dev.secrets4j.provider.file.Kdf} (how the master secret becomes a key), and
 * {@link dev.secrets4j.provider.file.FileSecretProviderFactory} for creation by name.
 */
package dev.secrets4j.provider.file;
