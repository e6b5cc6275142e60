package dev.secrets4j.hmac;

/**
 * The HMAC hash functions a {@link WebhookScheme} can use. {@link #SHA1} is there for legacy
 * senders only (GitHub's {@code X-Hub-Signature: sha1=...}) and must be enabled explicitly with
 * {@link WebhookScheme#allowLegacySha1()} or {@link WebhookScheme.CustomBuilder#allowLegacySha1()}.
 */
public enum HmacAlgorithm {
    /** HMAC-SHA256: 32-byte signatures. */
    SHA256("HmacSHA256", "sha256", 32),
    /** HMAC-SHA512: 64-byte signatures. */
    SHA512("HmacSHA512", "sha512", 64),
    /** HMAC-SHA1: 20-byte signatures; for legacy senders only, never on by default. */
    SHA1("HmacSHA1", "sha1", 20);

    private final String jcaName;
    private final String label;
    private final int macLength;

    HmacAlgorithm(String jcaName, String label, int macLength) {
        this.jcaName = jcaName;
        this.label = label;
        this.macLength = macLength;
    }

    /** The JCA name for {@code javax.crypto.Mac.getInstance}, such as {@code HmacSHA256}. */
    public String jcaName() {
        return jcaName;
    }

    /** The lower-case label senders put in front of a signature, such as {@code sha256}. */
    public String label() {
        return label;
    }

    /** The length of a signature in bytes. */
    public int macLength() {
        return macLength;
    }

    /** Whether this is a legacy algorithm that needs an explicit opt-in (SHA-1). */
    public boolean isLegacy() {
        return this == SHA1;
    }

    /** {@code HMAC-SHA256}. */
    @Override
    public String toString() {
        return "HMAC-" + name();
    }
}
