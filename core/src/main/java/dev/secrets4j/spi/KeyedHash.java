package dev.secrets4j.spi;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Keyed hashes of secret content (HMAC-SHA256 under a random key held by one instance), for
 * providers that derive version labels from content and detect changes by comparing it. A plain
 * digest of a secret could be matched against guesses or against other systems' digests; a keyed
 * hash means nothing outside the instance that made it. Thread-safe.
 */
public final class KeyedHash {

    private static final String ALGORITHM = "HmacSHA256";
    private static final int VERSION_HEX_CHARS = 16;

    private final SecretKeySpec key;

    private KeyedHash(byte[] key) {
        this.key = new SecretKeySpec(key, ALGORITHM);
    }

    /** A hasher with a fresh random 256-bit key. */
    public static KeyedHash withRandomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return new KeyedHash(key);
    }

    /** The full keyed hash of {@code content}, in lower-case hex. */
    public String hash(byte[] content) {
        try {
            // Mac instances are not thread-safe; one per call keeps the hasher shareable.
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return HexFormat.of().formatHex(mac.doFinal(content));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is not available in this Java runtime", e);
        }
    }

    /** A version label for {@code content}: the first 16 hex characters of its keyed hash. */
    public String version(byte[] content) {
        return hash(content).substring(0, VERSION_HEX_CHARS);
    }

    /** Never shows the key. */
    @Override
    public String toString() {
        return "KeyedHash[" + ALGORITHM + ", random key]";
    }
}
