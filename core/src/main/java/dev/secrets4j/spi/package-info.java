/**
 * The provider SPI: what a secret backend implements ({@link dev.secrets4j.spi.SecretProvider}),
 * how it is created by name ({@link dev.secrets4j.spi.SecretProviderFactory}), and the value types
 * they exchange with the core ({@link dev.secrets4j.spi.SecretRef}, {@link dev.secrets4j.spi.Lookup}).
 */
package dev.secrets4j.spi;
