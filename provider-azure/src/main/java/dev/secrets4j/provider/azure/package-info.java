/**
 * The Azure Key Vault provider: logical names mapped to vault names, versions with expiry and
 * not-before, one GET per referenced secret at boot, cheap change detection and a 429-aware budget.
 */
package dev.secrets4j.provider.azure;
