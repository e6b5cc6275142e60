/**
 * Test support for secrets4j and its providers, used in test scope:
 * {@link dev.secrets4j.testing.SecretProviderContractTest}, the behaviour every provider's test
 * inherits; {@link dev.secrets4j.testing.LeakCheck}, a JUnit 5 extension that fails a test when a
 * canary value appears in a log line, exception message or {@code toString()};
 * {@link dev.secrets4j.testing.FakeTime}, a manual clock and scheduler; and
 * {@link dev.secrets4j.testing.InMemorySecretProvider}, a versioned, writable, watchable provider
 * with failure injection and call counters. Emulators of secret backends' wire protocols, for
 * tests through their real client libraries over loopback, live in sub-packages:
 * {@link dev.secrets4j.testing.vault.VaultEmulator} for HashiCorp Vault.
 *
 * <p>The jar also ships a {@code logback-test.xml} that keeps the console at INFO.
 */
package dev.secrets4j.testing;
