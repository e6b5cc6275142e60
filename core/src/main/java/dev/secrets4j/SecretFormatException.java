package dev.secrets4j;

/**
 * Something written by a person is malformed: a secret reference, a catalog file, or a value
 * that lacks the JSON field a reference asks for. The message names the reference, file, key or
 * line, and never a value.
 */
public final class SecretFormatException extends SecretsException {

    private static final long serialVersionUID = 1L;

    /** A format error whose message says what is wrong and how to fix it. */
    public SecretFormatException(String message) {
        super(message);
    }

    /** A format error with the parser's cause (whose message must not hold values). */
    public SecretFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
