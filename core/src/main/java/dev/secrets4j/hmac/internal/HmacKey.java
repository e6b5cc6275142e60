package dev.secrets4j.hmac.internal;

import dev.secrets4j.Secret;
import dev.secrets4j.SecretFormatException;
import dev.secrets4j.hmac.HmacAlgorithm;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.Optional;

/**
 * The key bytes of one version of a webhook secret, held privately and used for any
 * {@link HmacAlgorithm} (GitHub signs with SHA-256 and, for legacy receivers, SHA-1 under the same
 * secret). {@link #toString()} never shows them. Thread-safe: each signature takes its own
 * {@link Mac}.
 */
public final class HmacKey {

    private final byte[] bytes;

    private HmacKey(byte[] bytes) {
        this.bytes = bytes;
    }

    /**
     * A key from raw bytes (copied), for tests and tools.
     *
     * @throws IllegalArgumentException when there are none
     */
    public static HmacKey of(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        if (bytes.length == 0) {
            throw new IllegalArgumentException("an HMAC key needs at least one byte, got none");
        }
        return new HmacKey(bytes.clone());
    }

    /** A fresh random 256-bit key, for fingerprints that mean nothing outside this process. */
    public static HmacKey random() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return new HmacKey(bytes);
    }

    /**
     * The key of one version of a secret: its value's bytes.
     *
     * @throws SecretFormatException naming the secret, version and provider when the value is empty
     */
    public static HmacKey fromSecret(Secret secret) {
        byte[] value = secret.asBytes();
        if (value.length == 0) {
            throw new SecretFormatException("secret '" + secret.name() + "' version " + secret.version() + " from "
                    + secret.providerId() + " is empty, and an empty HMAC key would let anyone sign webhooks; "
                    + "store the webhook secret the sender was given");
        }
        return new HmacKey(value);
    }

    /** The signature of the content {@code content} builds from the timestamp text and body. */
    public byte[] mac(HmacAlgorithm algorithm, SignedContent content, Optional<String> timestampText, byte[] body) {
        try {
            Mac mac = Mac.getInstance(algorithm.jcaName());
            mac.init(new SecretKeySpec(bytes, algorithm.jcaName()));
            content.feed(mac, timestampText, body);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            // Every Java SE runtime has HmacSHA1 and HmacSHA256; SunJCE has HmacSHA512.
            throw new IllegalStateException(algorithm + " is not available in this Java runtime ("
                    + e.getClass().getSimpleName() + ")", e);
        }
    }

    /** {@code HmacKey[****]}: the key is never shown. */
    @Override
    public String toString() {
        return "HmacKey[****]";
    }
}
