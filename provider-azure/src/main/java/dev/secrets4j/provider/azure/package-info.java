/** The Azure Key Vault secrets provider, id {@code azure}. */
package dev.secrets4j.provider.azure;
