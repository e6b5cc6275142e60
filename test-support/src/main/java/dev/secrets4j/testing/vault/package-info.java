/**
 * An in-process HashiCorp Vault emulator for tests: {@link dev.secrets4j.testing.vault.VaultEmulator}
 * serves Vault's HTTP API on loopback (plain HTTP or HTTPS with a self-signed certificate) for KV v1
 * and v2, token, AppRole, Kubernetes and JWT auth, leased dynamic secrets, {@code sys/health},
 * namespaces and fault injection, with TTLs and lease expiry read from an injected clock.
 *
 * <p>The wire shapes follow Vault's documented API and source (envelope keys, {@code 404 {"errors":[]}},
 * 404 with metadata for a deleted version, empty-string timestamps, the CAS error message, exact
 * {@code application/json} content type...). Every type not listed in this package's public API is
 * package-private.
 */
package dev.secrets4j.testing.vault;
