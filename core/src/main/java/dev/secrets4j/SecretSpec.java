package dev.secrets4j;

import dev.secrets4j.internal.spec.Specs;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A check of a secret's value: its shape, size or format. Boot validation runs every spec of
 * every secret and reports each violation with the secret's name and where it came from.
 *
 * <p>Implement it for custom checks; a violation's message must describe the problem without
 * quoting the value.
 *
 * <pre>{@code
 * .require("DB_PASSWORD", SecretSpec.minLength(32))
 * .require("JWT_PRIVATE_KEY", SecretSpec.rsaPrivateKey(4096))
 * .require("TLS_CERT", SecretSpec.x509Certificate(Duration.ofDays(14)))
 * }</pre>
 */
public interface SecretSpec {

    /** A short description for reports, such as {@code min-length 32}. */
    String describe();

    /**
     * Checks a value. Returns nothing when it passes.
     *
     * @param secret the resolved secret
     * @param now    the time to judge expiry against
     */
    List<Violation> check(Secret secret, Instant now);

    /** One thing wrong with a value: an error or a warning, with a message that never quotes it. */
    record Violation(Problem.Severity severity, String message) {
        /** Checks that no part is null. */
        public Violation {
            Objects.requireNonNull(severity, "severity");
            Objects.requireNonNull(message, "message");
        }

        /** An error. */
        public static Violation error(String message) {
            return new Violation(Problem.Severity.ERROR, message);
        }

        /** A warning. */
        public static Violation warning(String message) {
            return new Violation(Problem.Severity.WARNING, message);
        }
    }

    /** The value is not empty (presence itself is checked for every required secret). */
    static SecretSpec present() {
        return Specs.present();
    }

    /** The value has a character that is not whitespace. */
    static SecretSpec notBlank() {
        return Specs.notBlank();
    }

    /** The value has at least {@code chars} characters (UTF-8 decoded). */
    static SecretSpec minLength(int chars) {
        return Specs.minLength(chars);
    }

    /** The whole value matches the regular expression. */
    static SecretSpec pattern(String regex) {
        return Specs.pattern(regex);
    }

    /** The value is base64 (standard or URL-safe) that decodes to at least {@code minBytes} bytes. */
    static SecretSpec base64(int minBytes) {
        return Specs.base64(minBytes);
    }

    /** The value is a PEM RSA private key (PKCS#1 or PKCS#8) of at least 2048 bits. */
    static SecretSpec rsaPrivateKey() {
        return Specs.rsaPrivateKey(2048);
    }

    /** The value is a PEM RSA private key (PKCS#1 or PKCS#8) of at least {@code minBits} bits. */
    static SecretSpec rsaPrivateKey(int minBits) {
        return Specs.rsaPrivateKey(minBits);
    }

    /** The value is a PEM public key ({@code BEGIN PUBLIC KEY} or {@code BEGIN RSA PUBLIC KEY}). */
    static SecretSpec publicKey() {
        return Specs.publicKey();
    }

    /** The value is a PEM X.509 certificate, not expired; expiring within 30 days is a warning. */
    static SecretSpec x509Certificate() {
        return Specs.x509Certificate(Duration.ofDays(30));
    }

    /** The value is a PEM X.509 certificate, not expired; expiring within {@code warnWithin} is a warning. */
    static SecretSpec x509Certificate(Duration warnWithin) {
        return Specs.x509Certificate(warnWithin);
    }

    /** The value is a JSON object holding at least these fields. */
    static SecretSpec jsonObject(String... requiredFields) {
        return Specs.jsonObject(List.of(requiredFields));
    }

    /** The value is an absolute URL with a scheme and a host. */
    static SecretSpec url() {
        return Specs.url();
    }
}
