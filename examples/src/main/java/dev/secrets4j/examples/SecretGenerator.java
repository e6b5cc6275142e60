package dev.secrets4j.examples;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * Makes development secret values: random passwords and RSA private keys in PEM. Values are
 * returned as bytes for the caller to write and clear; nothing here logs or prints.
 */
final class SecretGenerator {

    /** Letters and digits without the ones people mistake for each other (0 O o, 1 l I). */
    static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789";

    private static final int PEM_LINE = 64;

    private final SecureRandom random = new SecureRandom();

    /** {@code length} characters drawn uniformly from {@link #ALPHABET}, as ASCII bytes. */
    byte[] password(int length) {
        byte[] out = new byte[length];
        for (int i = 0; i < length; i++) {
            out[i] = (byte) ALPHABET.charAt(random.nextInt(ALPHABET.length()));
        }
        return out;
    }

    /** A fresh RSA private key of {@code bits} bits as PKCS#8 PEM ({@code BEGIN PRIVATE KEY}). */
    byte[] rsaPrivateKeyPem(int bits) {
        byte[] der;
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(bits, random);
            der = generator.generateKeyPair().getPrivate().getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM cannot generate RSA " + bits + " keys: " + e.getMessage(), e);
        }
        try {
            String body = Base64.getMimeEncoder(PEM_LINE, new byte[] {'\n'}).encodeToString(der);
            return ("-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n")
                    .getBytes(StandardCharsets.US_ASCII);
        } finally {
            Arrays.fill(der, (byte) 0);
        }
    }
}
