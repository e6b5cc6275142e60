package dev.secrets4j;

/**
 * Receives {@link SecretChange}s. Runs on the listener executor (by default the daemon thread
 * {@code secrets4j-listener-1}), never on a reader's thread; an exception it throws is logged
 * and does not stop other listeners or the refresh.
 */
@FunctionalInterface
public interface SecretChangeListener {

    /** Called once per change of a secret this listener is registered for. */
    void onChange(SecretChange change);
}
