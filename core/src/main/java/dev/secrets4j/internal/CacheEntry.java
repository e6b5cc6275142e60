package dev.secrets4j.internal;

import dev.secrets4j.Secret;
import dev.secrets4j.SecretProviderException;

/**
 * What the cache holds for one name: the secret, or, once refreshes have failed for longer than
 * {@code maxStale}, the reason reads now fail. Immutable, so the read path needs no lock.
 */
final class CacheEntry {

    final Secret secret;
    final StaleFailure failure;
    /** Refreshing fails: the secret is the last good value (stale-if-error), counted as a stale read. */
    final boolean stale;

    private CacheEntry(Secret secret, StaleFailure failure, boolean stale) {
        this.secret = secret;
        this.failure = failure;
        this.stale = stale;
    }

    static CacheEntry of(Secret secret) {
        return new CacheEntry(secret, null, false);
    }

    /** The same secret, still served, while refreshing it fails. */
    CacheEntry markedStale() {
        return new CacheEntry(secret, failure, true);
    }

    /** The same secret, no longer served: reads throw a fresh exception built from {@code failure}. */
    CacheEntry expired(StaleFailure failure) {
        return new CacheEntry(secret, failure, true);
    }

    /** Why a stale value is no longer served: provider and message, turned into a new exception per read. */
    record StaleFailure(String providerId, String secretName, String message) {
        SecretProviderException toException() {
            return SecretProviderException.retryable(providerId, secretName, message, null);
        }
    }
}
