package dev.secrets4j.internal.spec;

import dev.secrets4j.SecretSpec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The built-in {@link SecretSpec}s behind the factories of {@code SecretSpec}. Every factory
 * checks its arguments at once and throws an {@link IllegalArgumentException} naming the spec and
 * the bad argument.
 */
public final class Specs {

    private Specs() {
    }

    /** The value is not empty. */
    public static SecretSpec present() {
        return PresentSpec.INSTANCE;
    }

    /** The value has a character that is not whitespace. */
    public static SecretSpec notBlank() {
        return NotBlankSpec.INSTANCE;
    }

    /** The value has at least {@code chars} characters (code points of the UTF-8 text). */
    public static SecretSpec minLength(int chars) {
        if (chars < 1) {
            throw new IllegalArgumentException("minLength must be at least 1, got " + chars);
        }
        return new MinLengthSpec(chars);
    }

    /** The whole value matches {@code regex}. */
    public static SecretSpec pattern(String regex) {
        if (regex == null || regex.isEmpty()) {
            throw new IllegalArgumentException("pattern regex must not be null or empty, got "
                    + (regex == null ? "null" : "''"));
        }
        try {
            return new PatternSpec(Pattern.compile(regex));
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("pattern regex " + regex + " is not a valid regular expression: "
                    + e.getDescription() + " near index " + e.getIndex(), e);
        }
    }

    /** The value is base64 (standard or URL-safe) decoding to at least {@code minBytes} bytes. */
    public static SecretSpec base64(int minBytes) {
        if (minBytes < 1) {
            throw new IllegalArgumentException("base64 minBytes must be at least 1, got " + minBytes);
        }
        return new Base64Spec(minBytes);
    }

    /** The value is a PEM RSA private key (PKCS#1 or PKCS#8) of at least {@code minBits} bits. */
    public static SecretSpec rsaPrivateKey(int minBits) {
        if (minBits < 1) {
            throw new IllegalArgumentException("rsaPrivateKey minBits must be at least 1, got " + minBits);
        }
        return new RsaPrivateKeySpec(minBits);
    }

    /** The value is a PEM public key. */
    public static SecretSpec publicKey() {
        return PublicKeySpec.INSTANCE;
    }

    /** The value is a PEM X.509 certificate, not expired; expiring within {@code warnWithin} is a warning. */
    public static SecretSpec x509Certificate(Duration warnWithin) {
        if (warnWithin == null || warnWithin.isNegative()) {
            throw new IllegalArgumentException("x509Certificate warnWithin must be zero or positive, got " + warnWithin);
        }
        return new X509CertificateSpec(warnWithin);
    }

    /** The value is a JSON object holding at least these fields. */
    public static SecretSpec jsonObject(List<String> requiredFields) {
        if (requiredFields == null) {
            throw new IllegalArgumentException("jsonObject requiredFields must not be null, got null");
        }
        List<String> fields = new ArrayList<>();
        for (String field : requiredFields) {
            if (field == null || field.isBlank()) {
                throw new IllegalArgumentException("jsonObject field names must not be null or blank, got "
                        + (field == null ? "null" : "'" + field + "'"));
            }
            if (!fields.contains(field)) {
                fields.add(field);
            }
        }
        return new JsonObjectSpec(fields);
    }

    /** The value is an absolute URL with a scheme and a host. */
    public static SecretSpec url() {
        return UrlSpec.INSTANCE;
    }
}
