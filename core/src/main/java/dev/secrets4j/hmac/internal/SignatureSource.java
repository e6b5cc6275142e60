package dev.secrets4j.hmac.internal;

import dev.secrets4j.hmac.HmacAlgorithm;
import dev.secrets4j.hmac.WebhookScheme.Encoding;
import dev.secrets4j.hmac.WebhookVerificationException.Reason;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One header that may carry a signature, and how: its layout, algorithm and encoding. Reads a
 * header value into decoded signatures, and writes one.
 *
 * @param header    the header name
 * @param format    the layout of its value
 * @param algorithm the algorithm of its signatures
 * @param encoding  how signature bytes are written
 */
public record SignatureSource(String header, SignatureFormat format, HmacAlgorithm algorithm, Encoding encoding) {

    private static final Pattern TIMESTAMP = Pattern.compile("[0-9]{1,15}");

    /** Checks that no part is null. */
    public SignatureSource {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(encoding, "encoding");
    }

    /**
     * What a received value holds: decoded signatures of the algorithm's length, and the timestamp
     * text when the format carries one.
     *
     * @throws Rejection when the value is empty or malformed, or names another algorithm
     */
    public Read read(String value) {
        SignatureFormat.Parsed parsed = format.parse(header, nonEmpty(header, value));
        List<byte[]> signatures = new ArrayList<>();
        for (String encoded : parsed.signatures()) {
            signatures.add(decode(encoded));
        }
        return new Read(signatures, parsed.timestampText());
    }

    /**
     * The decoded signatures and the timestamp text of one header value.
     *
     * @param signatures    decoded signatures
     * @param timestampText the timestamp the value carries, if its format has one
     */
    public record Read(List<byte[]> signatures, Optional<String> timestampText) {
    }

    /** The header value carrying the signature of {@code body} under {@code key}. */
    public String render(HmacKey key, SignedContent content, Optional<String> timestampText, byte[] body) {
        return format.render(timestampText, encoding.encode(key.mac(algorithm, content, timestampText, body)));
    }

    /**
     * A header value stripped of surrounding whitespace.
     *
     * @throws Rejection when nothing is left
     */
    public static String nonEmpty(String header, String value) {
        String stripped = value.strip();
        if (stripped.isEmpty()) {
            throw new Rejection(Reason.MALFORMED_HEADER, "header " + header + " is empty");
        }
        return stripped;
    }

    /**
     * A timestamp text as an instant: Unix time in whole seconds, digits only.
     *
     * @throws Rejection when it is not
     */
    public static Instant timestamp(String header, String text) {
        if (!TIMESTAMP.matcher(text).matches()) {
            throw new Rejection(Reason.MALFORMED_HEADER, "header " + header
                    + " holds a timestamp that is not Unix time in whole seconds");
        }
        return Instant.ofEpochSecond(Long.parseLong(text));
    }

    private byte[] decode(String encoded) {
        byte[] bytes;
        try {
            bytes = encoding.decode(encoded);
        } catch (IllegalArgumentException e) {
            throw new Rejection(Reason.MALFORMED_HEADER, "header " + header + " holds a signature that is not valid "
                    + encoding.name().toLowerCase() + "; the sender must send " + format.describe());
        }
        if (bytes.length != algorithm.macLength()) {
            throw new Rejection(Reason.MALFORMED_HEADER, "header " + header + " holds a signature of " + bytes.length
                    + " bytes, but " + algorithm + " signatures have " + algorithm.macLength()
                    + "; check that sender and scheme use the same algorithm");
        }
        return bytes;
    }

    /** {@code X-Hub-Signature-256: sha256=<signature> (HMAC-SHA256, hex)}. */
    @Override
    public String toString() {
        return header + ": " + format.describe() + " (" + algorithm + ", " + encoding.name().toLowerCase() + ")";
    }
}
