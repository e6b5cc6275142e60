package dev.secrets4j;

/** A registration that can be cancelled: a change listener, a provider watch, a scheduled task. Cancelling twice is harmless. */
@FunctionalInterface
public interface Subscription extends AutoCloseable {

    /** Stops the registration. */
    void cancel();

    /** Same as {@link #cancel()}. */
    @Override
    default void close() {
        cancel();
    }
}
