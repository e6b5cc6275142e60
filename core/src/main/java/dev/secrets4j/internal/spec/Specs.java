package dev.secrets4j.internal.spec;

import dev.secrets4j.SecretSpec;

import java.time.Duration;
import java.util.List;

/** The built-in {@link SecretSpec}s. */
public final class Specs {

    private Specs() {
    }

    public static SecretSpec present() {
        throw new UnsupportedOperationException();
    }

    public static SecretSpec notBlank() {
        throw new UnsupportedOperationException();
    }

    public static SecretSpec minLength(int chars) {
        throw new UnsupportedOperationException();
    }

    public static SecretSpec pattern(String regex) {
        throw new UnsupportedOperationException();
    }

    public static SecretSpec base64(int minBytes) {
        throw new UnsupportedOperationException();
    }

    public static SecretSpec rsaPrivateKey(int minBits) {
        throw new UnsupportedOperationException();
    }

    public static SecretSpec publicKey() {
        throw new UnsupportedOperationException();
    }

    public static SecretSpec x509Certificate(Duration warnWithin) {
        throw new UnsupportedOperationException();
    }

    public static SecretSpec jsonObject(List<String> requiredFields) {
        throw new UnsupportedOperationException();
    }

    public static SecretSpec url() {
        throw new UnsupportedOperationException();
    }
}
