package dev.secrets4j.provider.env;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/** Plain digests of a value, to show that a version label is none of them. */
final class PlainDigests {

    private PlainDigests() {
    }

    static List<String> of(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        return List.of(hex("SHA-256", bytes), hex("SHA-1", bytes), hex("MD5", bytes), hex("SHA-512", bytes));
    }

    private static String hex(String algorithm, byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
