package dev.secrets4j;

import java.util.Optional;

/**
 * A provider failed to answer: the backend is down, denied access, timed out or sent garbage.
 *
 * <p>{@link #isRetryable()} says whether trying again may help (timeouts, throttling, 5xx) or
 * not (denied, bad request, unsupported operation); the cache decides from it.
 */
public final class SecretProviderException extends SecretsException {

    private static final long serialVersionUID = 1L;

    private final String providerId;
    private final String secretName;
    private final boolean retryable;

    private SecretProviderException(String providerId, String secretName, String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.providerId = providerId;
        this.secretName = secretName;
        this.retryable = retryable;
    }

    /** A failure that may pass if tried again; {@code secretName} may be {@code null} for a provider-wide failure. */
    public static SecretProviderException retryable(String providerId, String secretName, String message, Throwable cause) {
        return new SecretProviderException(providerId, secretName, message, true, cause);
    }

    /** A failure that will not pass by trying again; {@code secretName} may be {@code null} for a provider-wide failure. */
    public static SecretProviderException permanent(String providerId, String secretName, String message, Throwable cause) {
        return new SecretProviderException(providerId, secretName, message, false, cause);
    }

    /** The provider asked to do something it cannot ({@code put} on a read-only provider, for example). */
    public static SecretProviderException unsupported(String providerId, String operation) {
        return new SecretProviderException(providerId, null,
                "provider '" + providerId + "' does not support " + operation
                        + "; check its capabilities() before calling, or use a provider that has it",
                false, null);
    }

    /** The id of the provider that failed. */
    public String providerId() {
        return providerId;
    }

    /** The secret concerned, when the failure concerns one. */
    public Optional<String> secretName() {
        return Optional.ofNullable(secretName);
    }

    @Override
    public boolean isRetryable() {
        return retryable;
    }
}
