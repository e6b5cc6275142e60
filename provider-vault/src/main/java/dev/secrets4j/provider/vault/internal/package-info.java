/**
 * Internals of the Vault provider (not API): reference resolution and path safety, the calls to
 * Vault through the driver and directly, error mapping, KV reads and writes with version checks,
 * lease renewal and replacement, health.
 */
package dev.secrets4j.provider.vault.internal;
