package dev.secrets4j.internal.spec;

import dev.secrets4j.Secret;
import dev.secrets4j.SecretSpec;
import dev.secrets4j.SecretSpec.Violation;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import static dev.secrets4j.internal.spec.Leaks.assertNoLeak;
import static org.assertj.core.api.Assertions.assertThat;

class PemKeySpecsTest {

    private static final Instant NOW = Instant.parse("2026-03-01T00:00:00Z");
    private static final String NOT_RSA = "not a PEM RSA private key (expected BEGIN RSA PRIVATE KEY or BEGIN PRIVATE KEY)";

    private static List<String> check(SecretSpec spec, String value) {
        List<Violation> violations = spec.check(Secret.of("JWT_PRIVATE_KEY", value), NOW);
        assertNoLeak(violations, value);
        return violations.stream().map(Violation::message).toList();
    }

    @Test
    void rsaPrivateKey_whenPkcs1OrPkcs8OfEnoughBits_passes() {
        String pkcs1 = TestPem.traditional(TestPem.RSA_2048);
        String pkcs8 = TestPem.pkcs8(TestPem.RSA_2048);

        assertThat(pkcs1).startsWith("-----BEGIN RSA PRIVATE KEY-----");
        assertThat(pkcs8).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(check(Specs.rsaPrivateKey(2048), pkcs1)).isEmpty();
        assertThat(check(Specs.rsaPrivateKey(2048), pkcs8)).isEmpty();
        assertThat(check(Specs.rsaPrivateKey(2048), "text before the key\n" + pkcs8 + "\n")).isEmpty();
    }

    @Test
    void rsaPrivateKey_whenTooFewBits_reportsBitsAndNeed() {
        assertThat(check(Specs.rsaPrivateKey(2048), TestPem.traditional(TestPem.RSA_1024)))
                .containsExactly("RSA key has 1024 bits, need 2048");
        assertThat(check(Specs.rsaPrivateKey(4096), TestPem.pkcs8(TestPem.RSA_2048)))
                .containsExactly("RSA key has 2048 bits, need 4096");
    }

    @Test
    void rsaPrivateKey_whenGarbageOrEmpty_reportsExpectedHeaders() {
        assertThat(check(Specs.rsaPrivateKey(2048), "canary-7f3a-jwt-key-not-pem")).containsExactly(NOT_RSA);
        assertThat(check(Specs.rsaPrivateKey(2048), "")).containsExactly(NOT_RSA);
    }

    @Test
    void rsaPrivateKey_whenTruncated_reportsMalformedWithoutThrowing() {
        String pem = TestPem.traditional(TestPem.RSA_2048);
        String withoutEnd = pem.substring(0, pem.indexOf("-----END"));
        String cutInBody = pem.substring(0, pem.length() / 2) + "\n-----END RSA PRIVATE KEY-----\n";

        assertThat(check(Specs.rsaPrivateKey(2048), withoutEnd)).singleElement().asString()
                .startsWith("not a PEM RSA private key (malformed or truncated PEM");
        assertThat(check(Specs.rsaPrivateKey(2048), cutInBody)).singleElement().asString()
                .startsWith("not a PEM RSA private key");
    }

    @Test
    void rsaPrivateKey_whenBodyIsNotBase64OrNotDer_reportsMalformed() {
        String badBase64 = "-----BEGIN RSA PRIVATE KEY-----\n!!!canary-7f3a!!!\n-----END RSA PRIVATE KEY-----\n";
        String notDer = "-----BEGIN PRIVATE KEY-----\nY2FuYXJ5LTdmM2Etand0LWtleQ==\n-----END PRIVATE KEY-----\n";
        String unknownType = "-----BEGIN CANARY THING-----\nY2FuYXJ5\n-----END CANARY THING-----\n";

        for (String value : List.of(badBase64, notDer, unknownType)) {
            assertThat(check(Specs.rsaPrivateKey(2048), value)).singleElement().asString()
                    .startsWith("not a PEM RSA private key");
        }
    }

    @Test
    void rsaPrivateKey_whenEncrypted_reportsEncryptedKeysAreNotSupported() {
        for (String encrypted : List.of(TestPem.encryptedTraditional(TestPem.RSA_2048),
                TestPem.encryptedPkcs8(TestPem.RSA_2048))) {
            assertThat(check(Specs.rsaPrivateKey(2048), encrypted)).singleElement().asString()
                    .startsWith("encrypted private keys are not supported");
        }
    }

    @Test
    void rsaPrivateKey_whenEcKey_reportsFoundEcNeedRsa() {
        assertThat(check(Specs.rsaPrivateKey(2048), TestPem.traditional(TestPem.EC_256)))
                .containsExactly("not a PEM RSA private key: found an EC private key, need an RSA key");
        assertThat(check(Specs.rsaPrivateKey(2048), TestPem.pkcs8(TestPem.EC_256)))
                .containsExactly("not a PEM RSA private key: found an EC private key, need an RSA key");
    }

    @Test
    void rsaPrivateKey_whenPublicKeyOrCertificate_saysWhatItFound() {
        assertThat(check(Specs.rsaPrivateKey(2048), TestPem.publicKey(TestPem.RSA_2048))).singleElement().asString()
                .startsWith("not a PEM RSA private key: found an RSA public key");
        String certificate = TestPem.certificate(TestPem.RSA_2048, NOW, NOW.plus(1, ChronoUnit.DAYS));
        assertThat(check(Specs.rsaPrivateKey(2048), certificate)).singleElement().asString()
                .startsWith("not a PEM RSA private key: found a certificate");
    }

    @Test
    void publicKey_whenRsaOrEcPublicKey_passes() {
        assertThat(check(Specs.publicKey(), TestPem.publicKey(TestPem.RSA_2048))).isEmpty();
        assertThat(check(Specs.publicKey(), TestPem.publicKey(TestPem.EC_256))).isEmpty();
    }

    @Test
    void publicKey_whenPkcs1RsaPublicKey_passes() throws Exception {
        byte[] pkcs1 = org.bouncycastle.asn1.x509.SubjectPublicKeyInfo
                .getInstance(TestPem.RSA_2048.getPublic().getEncoded()).parsePublicKey().getEncoded();
        java.io.StringWriter out = new java.io.StringWriter();
        try (org.bouncycastle.util.io.pem.PemWriter writer = new org.bouncycastle.util.io.pem.PemWriter(out)) {
            writer.writeObject(new org.bouncycastle.util.io.pem.PemObject("RSA PUBLIC KEY", pkcs1));
        }

        assertThat(out.toString()).startsWith("-----BEGIN RSA PUBLIC KEY-----");
        assertThat(check(Specs.publicKey(), out.toString())).isEmpty();
    }

    @Test
    void publicKey_whenPrivateKeyGarbageOrTruncated_reportsNotAPublicKey() {
        String publicPem = TestPem.publicKey(TestPem.RSA_2048);

        assertThat(check(Specs.publicKey(), TestPem.pkcs8(TestPem.RSA_2048))).singleElement().asString()
                .startsWith("not a PEM public key: found an RSA private key");
        assertThat(check(Specs.publicKey(), "canary-7f3a-public"))
                .containsExactly("not a PEM public key (expected BEGIN PUBLIC KEY or BEGIN RSA PUBLIC KEY)");
        assertThat(check(Specs.publicKey(), publicPem.substring(0, publicPem.indexOf("-----END"))))
                .singleElement().asString().startsWith("not a PEM public key (malformed or truncated PEM");
    }
}
