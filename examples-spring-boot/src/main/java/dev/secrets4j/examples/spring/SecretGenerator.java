package dev.secrets4j.examples.spring;

import java.security.SecureRandom;

/**
 * Makes development passwords. Values are returned as bytes for the caller to write and clear;
 * nothing here logs or prints.
 */
final class SecretGenerator {

    /** Letters and digits without the ones people mistake for each other (0 O o, 1 l I). */
    static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789";

    private final SecureRandom random = new SecureRandom();

    /** {@code length} characters drawn uniformly from {@link #ALPHABET}, as ASCII bytes. */
    byte[] password(int length) {
        byte[] out = new byte[length];
        for (int i = 0; i < length; i++) {
            out[i] = (byte) ALPHABET.charAt(random.nextInt(ALPHABET.length()));
        }
        return out;
    }
}
