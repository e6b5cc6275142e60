package dev.secrets4j.internal.spec;

import dev.secrets4j.Secret;
import dev.secrets4j.SecretSpec;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * {@code format rsa-private-key, min-bits N}: the value is an unencrypted PEM RSA private key,
 * PKCS#1 ({@code BEGIN RSA PRIVATE KEY}) or PKCS#8 ({@code BEGIN PRIVATE KEY}), whose modulus
 * has at least N bits. The first private key in the value is the one judged.
 */
record RsaPrivateKeySpec(int minBits) implements SecretSpec {

    private static final String EXPECTED = "expected BEGIN RSA PRIVATE KEY or BEGIN PRIVATE KEY";
    private static final String NOT_RSA_PEM = "not a PEM RSA private key";

    @Override
    public String describe() {
        return "format rsa-private-key, min-bits " + minBits;
    }

    @Override
    public List<Violation> check(Secret secret, Instant now) {
        return Pem.check(secret, NOT_RSA_PEM, EXPECTED, objects -> judge(objects).map(List::of).orElse(List.of()));
    }

    @Override
    public String toString() {
        return describe();
    }

    private Optional<Violation> judge(List<Object> objects) {
        Object key = objects.stream()
                .filter(o -> Pem.isEncryptedKey(o) || Pem.privateKeyInfo(o).isPresent())
                .findFirst().orElse(null);
        if (key == null) {
            return Optional.of(Violation.error(objects.isEmpty()
                    ? NOT_RSA_PEM + " (" + EXPECTED + ")"
                    : NOT_RSA_PEM + ": found " + Pem.describe(objects.get(0)) + " (" + EXPECTED + ")"));
        }
        if (Pem.isEncryptedKey(key)) {
            return Optional.of(Violation.error("encrypted private keys are not supported: store the key unencrypted ("
                    + EXPECTED + "); the secret store protects it"));
        }
        PrivateKeyInfo info = Pem.privateKeyInfo(key).orElseThrow();
        if (!PKCSObjectIdentifiers.rsaEncryption.equals(info.getPrivateKeyAlgorithm().getAlgorithm())) {
            return Optional.of(Violation.error(NOT_RSA_PEM + ": found " + Pem.describe(key) + ", need an RSA key"));
        }
        int bits;
        try {
            PrivateKey converted = new JcaPEMKeyConverter().getPrivateKey(info);
            bits = ((RSAPrivateKey) converted).getModulus().bitLength();
        } catch (Exception e) {
            // The converter's message may carry key material: keep only that it failed.
            return Optional.of(Violation.error(NOT_RSA_PEM + " (the RSA key inside is malformed)"));
        }
        return bits < minBits
                ? Optional.of(Violation.error("RSA key has " + bits + " bits, need " + minBits))
                : Optional.empty();
    }
}
