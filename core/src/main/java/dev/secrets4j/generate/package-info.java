/**
 * New secret values by type: {@link dev.secrets4j.generate.SecretGenerators} picks the generator a
 * catalog entry's {@code type:} names and runs it with a strong {@link java.security.SecureRandom};
 * {@link dev.secrets4j.generate.SecretType} lists the built-in types (API key, password,
 * encryption key, HMAC secret, RSA private key); {@link dev.secrets4j.generate.PasswordGenerator}
 * and {@link dev.secrets4j.generate.RsaKeyGenerator} are the configurable ones; and
 * {@link dev.secrets4j.generate.SecretGenerator} is the SPI for custom types, found with
 * {@link java.util.ServiceLoader} or registered by the application.
 *
 * <p>No generated value ever appears in a log line, an exception message or a {@code toString()}.
 */
package dev.secrets4j.generate;
