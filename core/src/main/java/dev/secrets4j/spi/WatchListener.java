package dev.secrets4j.spi;

/**
 * Told by a push-capable provider that a watched reference may have changed. The core then reads
 * it again and fires change listeners only if the version or value really moved, so a provider
 * may signal generously.
 */
@FunctionalInterface
public interface WatchListener {

    /** The reference may have a new value. */
    void changed(SecretRef ref);
}
