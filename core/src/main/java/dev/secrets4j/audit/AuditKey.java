package dev.secrets4j.audit;

import dev.secrets4j.Secret;
import dev.secrets4j.SecretFormatException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * Holds an HMAC-SHA256 key for a hash-chained audit log, with the id that every line it keys
 * carries ({@code "kid"}), so that a verifier knows which key to use. The id is written to the
 * log; the key bytes never are, and {@link #toString()} never shows them.
 *
 * <pre>{@code
 * AuditKey key = AuditKey.fromSecret(secrets.get("AUDIT_HMAC_KEY"));   // id "AUDIT_HMAC_KEY@3"
 * AuditKey same = AuditKey.of("audit-2026", keyBytes);                 // bytes are copied
 * }</pre>
 *
 * <p>Immutable and thread-safe. Equality is identity: compare keys by {@link #id()}.
 */
public final class AuditKey {

    /** HMAC-SHA256 accepts any length; fewer bytes than this are a password, not a key. */
    static final int MIN_BYTES = 16;
    private static final int MAX_ID_LENGTH = 256;
    private static final String JCA_NAME = "HmacSHA256";

    private final String id;
    private final byte[] bytes;

    private AuditKey(String id, byte[] bytes) {
        this.id = id;
        this.bytes = bytes;
    }

    /**
     * Makes a key from an id and raw key bytes, which are copied.
     *
     * @param id  how lines name the key: 1 to 256 characters, no control characters
     * @param key at least 16 bytes, best 32 random ones
     * @throws IllegalArgumentException naming what is wrong (never the key)
     */
    public static AuditKey of(String id, byte[] key) {
        Objects.requireNonNull(key, "key");
        if (key.length < MIN_BYTES) {
            throw new IllegalArgumentException("audit HMAC key '" + checkId(id) + "' has " + key.length
                    + " bytes, need at least " + MIN_BYTES + "; use 32 random bytes");
        }
        return new AuditKey(checkId(id), key.clone());
    }

    /**
     * Makes a key from one version of a secret: its value's bytes, with the id
     * {@code name@version} ({@code AUDIT_HMAC_KEY@3}), so that a verifier can be given every
     * version from {@code secrets.versions(name)}.
     *
     * @throws SecretFormatException naming the secret, version and provider when the value is
     *                               shorter than 16 bytes
     */
    public static AuditKey fromSecret(Secret secret) {
        Objects.requireNonNull(secret, "secret");
        byte[] value = secret.asBytes();
        if (value.length < MIN_BYTES) {
            throw new SecretFormatException("secret '" + secret.name() + "' version " + secret.version() + " from "
                    + secret.providerId() + " has " + value.length + " bytes, too few for an audit HMAC key (need at least "
                    + MIN_BYTES + "); store 32 random bytes");
        }
        return new AuditKey(checkId(secret.name() + "@" + secret.version()), value);
    }

    /** The id written as {@code "kid"} in each line this key signs. */
    public String id() {
        return id;
    }

    /** A new {@link Mac} keyed with this key; each caller keeps its own, as a Mac is not thread-safe. */
    Mac newMac() {
        try {
            Mac mac = Mac.getInstance(JCA_NAME);
            mac.init(new SecretKeySpec(bytes, JCA_NAME));
            return mac;
        } catch (GeneralSecurityException e) {
            // Every Java SE runtime has HmacSHA256.
            throw new IllegalStateException("HmacSHA256 is not available in this Java runtime (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    /** Whether {@code other} holds the same bytes, compared in constant time. */
    boolean sameBytes(AuditKey other) {
        return MessageDigest.isEqual(bytes, other.bytes);
    }

    /** {@code AuditKey[AUDIT_HMAC_KEY@3: ****]}: the id, never the key. */
    @Override
    public String toString() {
        return "AuditKey[" + id + ": ****]";
    }

    private static String checkId(String id) {
        Objects.requireNonNull(id, "id");
        if (id.isBlank() || id.length() > MAX_ID_LENGTH || id.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("audit key id must be 1 to " + MAX_ID_LENGTH
                    + " characters without control characters, got '" + id.replaceAll("\\p{Cntrl}", "?") + "'");
        }
        return id;
    }
}
