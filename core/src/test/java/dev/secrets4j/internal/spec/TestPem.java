package dev.secrets4j.internal.spec;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMEncryptorBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.openssl.PKCS8Generator;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Date;
import java.time.Instant;

/** Real keys and certificates for tests, written as PEM with Bouncy Castle. */
final class TestPem {

    /** Generated once per JVM: key generation is the slow part of these tests. */
    static final KeyPair RSA_2048 = generate("RSA", 2048);
    static final KeyPair RSA_1024 = generate("RSA", 1024);
    static final KeyPair EC_256 = generate("EC", 256);

    /** Only for writing encrypted keys (OpenSSL's key derivation); never registered globally. */
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();

    private TestPem() {
    }

    static KeyPair generate(String algorithm, int size) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
            generator.initialize(size);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code BEGIN RSA PRIVATE KEY} (PKCS#1) or {@code BEGIN EC PRIVATE KEY} (SEC1). */
    static String traditional(KeyPair pair) {
        return write(w -> w.writeObject(pair.getPrivate()));
    }

    /** {@code BEGIN PRIVATE KEY} (PKCS#8). */
    static String pkcs8(KeyPair pair) {
        return write(w -> w.writeObject(new JcaPKCS8Generator(pair.getPrivate(), null)));
    }

    /** {@code BEGIN RSA PRIVATE KEY} with {@code Proc-Type: 4,ENCRYPTED}. */
    static String encryptedTraditional(KeyPair pair) {
        return write(w -> w.writeObject(pair.getPrivate(),
                new JcePEMEncryptorBuilder("AES-128-CBC").setProvider(BC).build("pass-phrase".toCharArray())));
    }

    /** {@code BEGIN ENCRYPTED PRIVATE KEY} (PKCS#8). */
    static String encryptedPkcs8(KeyPair pair) {
        return write(w -> {
            try {
                w.writeObject(new JcaPKCS8Generator(pair.getPrivate(),
                        new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC).setProvider(BC)
                                .setPassword("pass-phrase".toCharArray()).build()));
            } catch (org.bouncycastle.operator.OperatorCreationException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** {@code BEGIN PUBLIC KEY}. */
    static String publicKey(KeyPair pair) {
        return write(w -> w.writeObject(pair.getPublic()));
    }

    /** A self-signed certificate valid from {@code notBefore} to {@code notAfter}, as PEM. */
    static String certificate(KeyPair pair, Instant notBefore, Instant notAfter) {
        return write(w -> w.writeObject(certificateHolder(pair, notBefore, notAfter)));
    }

    static X509CertificateHolder certificateHolder(KeyPair pair, Instant notBefore, Instant notAfter) {
        try {
            X500Name name = new X500Name("CN=secrets4j-test");
            return new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(notAfter.getEpochSecond()),
                    Date.from(notBefore), Date.from(notAfter), name, pair.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate()));
        } catch (org.bouncycastle.operator.OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String write(PemAction action) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            action.write(writer);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    @FunctionalInterface
    private interface PemAction {
        void write(JcaPEMWriter writer) throws IOException;
    }
}
