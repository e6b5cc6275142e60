/**
 * An in-process Azure Key Vault (secrets) emulator for tests: {@link dev.secrets4j.testing.azure.KeyVaultEmulator}
 * serves the Key Vault REST surface over HTTPS on loopback with a runtime self-signed CA, answers the first
 * unauthenticated request with the bearer challenge as Key Vault does, issues tokens to registered service principals
 * from a Microsoft Entra ID token endpoint on the same port (for a real azure-identity credential) and through its own
 * {@link dev.secrets4j.testing.azure.KeyVaultEmulator#credential() credential}, accepts only those tokens, can
 * enforce a quota, counts calls per operation and injects {@link dev.secrets4j.testing.azure.KvFault faults}.
 *
 * <p>Wire facts: times are integer epoch seconds, ids are absolute URLs {@code /secrets/{name}/{version}},
 * listings page with an absolute {@code nextLink} carrying {@code api-version}, errors are
 * {@code {"error":{"code":..,"message":..,"innererror":{"code":..}}}}. The Azure SDK is needed only to call
 * {@code credential()} (azure-core, provided scope). Types not documented as public API are package-private.
 */
package dev.secrets4j.testing.azure;
