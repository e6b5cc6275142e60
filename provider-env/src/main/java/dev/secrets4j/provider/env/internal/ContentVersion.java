package dev.secrets4j.provider.env.internal;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * A version label derived from content: the first 16 hex characters of an HMAC-SHA256 under a
 * random key of this instance. Equal content gives an equal label within one instance, so
 * changes show; a plain digest would let anyone who sees the label test guesses of the secret.
 */
public final class ContentVersion {

    private static final String ALGORITHM = "HmacSHA256";
    private static final int KEY_BYTES = 32;
    private static final int LABEL_BYTES = 8;

    private final SecretKeySpec key;

    private ContentVersion(SecretKeySpec key) {
        this.key = key;
    }

    /** A labeller with a fresh random key. */
    public static ContentVersion withRandomKey() {
        byte[] raw = new byte[KEY_BYTES];
        new SecureRandom().nextBytes(raw);
        return new ContentVersion(new SecretKeySpec(raw, ALGORITHM));
    }

    /** The label of {@code content}: 16 lower-case hex characters. */
    public String of(byte[] content) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            byte[] tag = mac.doFinal(content);
            return HexFormat.of().formatHex(tag, 0, LABEL_BYTES);
        } catch (GeneralSecurityException e) {
            // Every Java platform must provide HmacSHA256, so this is a broken runtime.
            throw new IllegalStateException(ALGORITHM + " is not available in this Java runtime", e);
        }
    }

    /** Never shows the key. */
    @Override
    public String toString() {
        return "ContentVersion[" + ALGORITHM + ", key ****]";
    }
}
