package dev.secrets4j.audit;

import javax.crypto.Mac;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Hashes the canonical form of a line in one mode: plain SHA-256, or HMAC-SHA256 under one key.
 * Holds a digest or a {@link Mac}, so one instance serves one thread at a time.
 */
final class LineHash {

    /** The {@code alg} of plain SHA-256 lines. */
    static final String SHA256 = "sha256";
    /** The {@code alg} of HMAC-SHA256 lines, which also carry a {@code kid}. */
    static final String HMAC_SHA256 = "hmac-sha256";

    private static final HexFormat HEX = HexFormat.of();

    private final MessageDigest digest;
    private final Mac mac;
    private final Optional<String> keyId;

    private LineHash(MessageDigest digest, Mac mac, Optional<String> keyId) {
        this.digest = digest;
        this.mac = mac;
        this.keyId = keyId;
    }

    static LineHash sha256() {
        return new LineHash(newSha256(), null, Optional.empty());
    }

    static LineHash hmac(AuditKey key) {
        return new LineHash(null, key.newMac(), Optional.of(key.id()));
    }

    /** {@code sha256} or {@code hmac-sha256}. */
    String alg() {
        return mac == null ? SHA256 : HMAC_SHA256;
    }

    /** The key id lines carry as {@code kid}; empty in SHA-256 mode. */
    Optional<String> keyId() {
        return keyId;
    }

    /** Lowercase hex of the SHA-256 or HMAC-SHA256 of {@code canonical}. */
    String hex(byte[] canonical) {
        return HEX.formatHex(mac == null ? digest.digest(canonical) : mac.doFinal(canonical));
    }

    /** Lowercase hex of the plain SHA-256 of {@code bytes}, whatever the mode (used for torn fragments). */
    static String sha256Hex(byte[] bytes) {
        return HEX.formatHex(newSha256().digest(bytes));
    }

    static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            // Every Java SE runtime has SHA-256.
            throw new IllegalStateException("SHA-256 is not available in this Java runtime", e);
        }
    }

    /** {@code sha256} or {@code hmac-sha256 key 'AUDIT_HMAC_KEY@3'}: never the key. */
    @Override
    public String toString() {
        return keyId.map(id -> alg() + " key '" + id + "'").orElse(alg());
    }
}
