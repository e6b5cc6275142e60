package dev.secrets4j.provider.vault.internal.session;

import dev.secrets4j.Scheduler;
import dev.secrets4j.provider.vault.VaultAuth;
import io.github.jopenlibs.vault.Vault;

import java.time.Clock;

/**
 * The provider's logged-in session with Vault: holds the current token and keeps it alive.
 *
 * <p>{@link #open} logs in (or checks a fixed token with {@code lookup-self}), then renews the
 * token at about two thirds of its TTL, logs in again before expiry when the token is not
 * renewable or nears its max TTL, and retries failed renewals and logins with exponential backoff
 * and full jitter, forever. No caller ever waits on a renewal: {@link #token()} returns the current
 * token at once.
 */
public final class VaultSession implements AutoCloseable {

    private VaultSession() {
    }

    /**
     * Logs in with {@code auth} and starts keeping the token alive.
     *
     * @throws dev.secrets4j.SecretProviderException when the login or the token check fails:
     *         non-retryable for a rejected credential (400, 403), retryable for a transport failure;
     *         the message names the auth method and mount, never the credential
     */
    public static VaultSession open(VaultAuth auth, VaultTransport transport, Clock clock, Scheduler scheduler,
                                    Backoff backoff) {
        throw new UnsupportedOperationException("Vault session not implemented yet");
    }

    /** The current token; never blocks on a renewal or login in progress. */
    public String token() {
        throw new UnsupportedOperationException("Vault session not implemented yet");
    }

    /**
     * Logs in again after Vault answered 403 to {@code rejectedToken}: concurrent callers that saw
     * the same rejected token share one login. Returns the new token.
     *
     * @throws dev.secrets4j.SecretProviderException (not retryable) when the token was a fixed one
     *         that cannot be re-obtained, or the login fails
     */
    public String reloginAfterForbidden(String rejectedToken) {
        throw new UnsupportedOperationException("Vault session not implemented yet");
    }

    /** A driver bound to the current token, with the KV engine version left at the driver's default (2). */
    public Vault driver() {
        throw new UnsupportedOperationException("Vault session not implemented yet");
    }

    /** A driver bound to the current token, for a KV engine of version {@code kvVersion} (1 or 2). */
    public Vault driver(int kvVersion) {
        throw new UnsupportedOperationException("Vault session not implemented yet");
    }

    /** The token's expiry, renewability and recent failures. */
    public SessionHealth health() {
        throw new UnsupportedOperationException("Vault session not implemented yet");
    }

    /** Stops renewals and logins; revokes the token if this session logged in for it. Idempotent. */
    @Override
    public void close() {
        throw new UnsupportedOperationException("Vault session not implemented yet");
    }
}
