/**
 * The HashiCorp Vault provider: KV v1 and v2 secrets with versions and check-and-set writes,
 * token, AppRole, Kubernetes and JWT authentication with renewal, leased secrets and namespaces.
 */
package dev.secrets4j.provider.vault;
