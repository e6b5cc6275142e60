/**
 * Internal: the Vault session, how the provider logs in and keeps its token alive (lookup,
 * renewal at about two thirds of the TTL, re-login before expiry, backoff with jitter). Not API;
 * may change.
 */
package dev.secrets4j.provider.vault.internal.session;
