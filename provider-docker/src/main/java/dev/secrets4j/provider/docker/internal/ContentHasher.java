package dev.secrets4j.provider.docker.internal;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Keyed hashes of file contents (HMAC-SHA256 under a random key held by one provider), for
 * versions and change detection. A plain digest of a secret could be matched against guesses or
 * other systems' digests; a keyed hash means nothing outside this provider instance.
 */
public final class ContentHasher {

    private static final String ALGORITHM = "HmacSHA256";
    private static final int VERSION_HEX_CHARS = 16;

    private final SecretKeySpec key;

    private ContentHasher(byte[] key) {
        this.key = new SecretKeySpec(key, ALGORITHM);
    }

    /** A hasher with a fresh random 256-bit key. */
    public static ContentHasher withRandomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return new ContentHasher(key);
    }

    /** The full keyed hash of {@code content}, in lower-case hex. */
    public String hash(byte[] content) {
        try {
            // Mac instances are not thread-safe; one per call keeps the hasher shareable.
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return HexFormat.of().formatHex(mac.doFinal(content));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }

    /** The version label of {@code content}: the first 16 hex characters of its keyed hash. */
    public String version(byte[] content) {
        return hash(content).substring(0, VERSION_HEX_CHARS);
    }

    /** Never shows the key. */
    @Override
    public String toString() {
        return "ContentHasher[HmacSHA256, random key]";
    }
}
