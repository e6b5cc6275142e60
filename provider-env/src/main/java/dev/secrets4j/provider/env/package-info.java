/**
 * Secrets from environment variables: {@link dev.secrets4j.provider.env.EnvSecretProvider}, with
 * relaxed names ({@code db.password} finds {@code DB_PASSWORD}), an optional prefix and the
 * {@code NAME_FILE} convention, and {@link dev.secrets4j.provider.env.EnvSecretProviderFactory}
 * that creates it by the id {@code env}.
 */
package dev.secrets4j.provider.env;
