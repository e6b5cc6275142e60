package dev.secrets4j.internal.spec;

import dev.secrets4j.Secret;
import dev.secrets4j.SecretSpec;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * {@code format public-key}: the value is a PEM public key, X.509 {@code BEGIN PUBLIC KEY} (any
 * algorithm the JDK knows: RSA, EC, Ed25519, ...) or PKCS#1 {@code BEGIN RSA PUBLIC KEY}.
 */
final class PublicKeySpec implements SecretSpec {

    static final PublicKeySpec INSTANCE = new PublicKeySpec();

    private static final String EXPECTED = "expected BEGIN PUBLIC KEY or BEGIN RSA PUBLIC KEY";
    private static final String NOT_PUBLIC_KEY = "not a PEM public key";

    private PublicKeySpec() {
    }

    @Override
    public String describe() {
        return "format public-key";
    }

    @Override
    public List<Violation> check(Secret secret, Instant now) {
        return Pem.check(secret, NOT_PUBLIC_KEY, EXPECTED, objects -> judge(objects).map(List::of).orElse(List.of()));
    }

    @Override
    public String toString() {
        return describe();
    }

    private static Optional<Violation> judge(List<Object> objects) {
        Optional<SubjectPublicKeyInfo> key = objects.stream()
                .filter(SubjectPublicKeyInfo.class::isInstance).map(SubjectPublicKeyInfo.class::cast).findFirst();
        if (key.isEmpty()) {
            return Optional.of(Violation.error(objects.isEmpty()
                    ? NOT_PUBLIC_KEY + " (" + EXPECTED + ")"
                    : NOT_PUBLIC_KEY + ": found " + Pem.describe(objects.get(0)) + " (" + EXPECTED + ")"));
        }
        try {
            new JcaPEMKeyConverter().getPublicKey(key.get());
            return Optional.empty();
        } catch (Exception e) {
            return Optional.of(Violation.error(NOT_PUBLIC_KEY + " (" + Pem.describe(key.get())
                    + " that is malformed or of an algorithm this JVM does not support)"));
        }
    }
}
