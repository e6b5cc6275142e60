package dev.secrets4j.internal.spec;

import dev.secrets4j.Secret;
import dev.secrets4j.SecretSpec;

import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * {@code format base64, min-bytes N}: the value is base64, standard ({@code +/}) or URL-safe
 * ({@code -_}), padded or not, that decodes to at least N bytes. Surrounding whitespace and line
 * breaks (a trailing newline, 76-column wrapping) are ignored; other characters are not.
 */
record Base64Spec(int minBytes) implements SecretSpec {

    @Override
    public String describe() {
        return "format base64, min-bytes " + minBytes;
    }

    @Override
    public List<Violation> check(Secret secret, Instant now) {
        byte[] raw = secret.asBytes();
        byte[] encoded = withoutWhitespace(raw);
        Arrays.fill(raw, (byte) 0);
        byte[] decoded = null;
        try {
            decoded = decoder(encoded).decode(encoded);
        } catch (IllegalArgumentException e) {
            return List.of(Violation.error("not base64"));
        } finally {
            Arrays.fill(encoded, (byte) 0);
        }
        int length = decoded.length;
        Arrays.fill(decoded, (byte) 0);
        return length < minBytes
                ? List.of(Violation.error("base64 decodes to " + Values.plural(length, "byte")
                        + ", need at least " + minBytes))
                : List.of();
    }

    @Override
    public String toString() {
        return describe();
    }

    /** The URL-safe decoder when the text uses its alphabet; the standard one otherwise. */
    private static Base64.Decoder decoder(byte[] encoded) {
        for (byte b : encoded) {
            if (b == '-' || b == '_') {
                return Base64.getUrlDecoder();
            }
        }
        return Base64.getDecoder();
    }

    /** The value without surrounding whitespace and without line breaks; other whitespace stays to be rejected. */
    private static byte[] withoutWhitespace(byte[] raw) {
        int start = 0;
        int end = raw.length;
        while (start < end && isAsciiWhitespace(raw[start])) {
            start++;
        }
        while (end > start && isAsciiWhitespace(raw[end - 1])) {
            end--;
        }
        byte[] out = new byte[end - start];
        int n = 0;
        for (int i = start; i < end; i++) {
            if (raw[i] != '\n' && raw[i] != '\r') {
                out[n++] = raw[i];
            }
        }
        if (n == out.length) {
            return out;
        }
        byte[] trimmed = Arrays.copyOf(out, n);
        Arrays.fill(out, (byte) 0);
        return trimmed;
    }

    private static boolean isAsciiWhitespace(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == '\f';
    }
}
