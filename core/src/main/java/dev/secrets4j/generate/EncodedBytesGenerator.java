package dev.secrets4j.generate;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * The built-in generators that draw a number of random bytes and write them as base64 text:
 * {@code api-key} (24 bytes, URL-safe alphabet, no padding: exactly 32 characters) and
 * {@code encryption-key} / {@code hmac-secret} (32 bytes, standard alphabet with padding).
 */
final class EncodedBytesGenerator implements SecretGenerator {

    private final String type;
    private final int bytes;
    private final Base64.Encoder encoder;
    private final String encoding;

    private EncodedBytesGenerator(String type, int bytes, Base64.Encoder encoder, String encoding) {
        this.type = type;
        this.bytes = bytes;
        this.encoder = encoder;
        this.encoding = encoding;
    }

    /** 24 random bytes, base64url without padding: 32 characters of {@code A-Z a-z 0-9 - _}. */
    static EncodedBytesGenerator apiKey() {
        return new EncodedBytesGenerator(SecretType.API_KEY.catalogName(), 24, Base64.getUrlEncoder().withoutPadding(),
                "32 URL-safe base64 characters");
    }

    /** {@code bytes} random bytes in standard base64 with padding. */
    static EncodedBytesGenerator base64(String type, int bytes) {
        return new EncodedBytesGenerator(type, bytes, Base64.getEncoder(), "standard base64");
    }

    @Override
    public String type() {
        return type;
    }

    @Override
    public byte[] generate(SecureRandom random) {
        byte[] raw = new byte[bytes];
        random.nextBytes(raw);
        try {
            return encoder.encode(raw);
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    /** {@code SecretGenerator[hmac-secret: 32 random bytes, standard base64]}. */
    @Override
    public String toString() {
        return "SecretGenerator[" + type + ": " + bytes + " random bytes, " + encoding + "]";
    }
}
