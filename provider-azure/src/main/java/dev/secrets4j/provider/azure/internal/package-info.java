/** Internals of the Azure Key Vault provider: name mapping, error mapping, rate budget. Not API. */
package dev.secrets4j.provider.azure.internal;
