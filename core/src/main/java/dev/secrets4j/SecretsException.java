package dev.secrets4j;

/**
 * The root of every exception secrets4j throws. Unchecked.
 *
 * <p>A message says what failed, which secret, which provider and what to do, and never carries
 * a secret value.
 */
public class SecretsException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** An exception with a message that names the secret and the provider. */
    protected SecretsException(String message) {
        super(message);
    }

    /** An exception with a message and the underlying cause (whose message must not hold values). */
    protected SecretsException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Whether trying the same operation again may succeed. */
    public boolean isRetryable() {
        return false;
    }
}
