package dev.secrets4j.engine;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.io.StringWriter;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/** Self-signed PEM certificates ending at a chosen time, for expiry tests. */
final class TestCertificates {

    private TestCertificates() {
    }

    /** A PEM certificate valid for 400 days up to {@code notAfter}. */
    static String endingAt(Instant notAfter) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(256);
            KeyPair pair = g.generateKeyPair();
            X500Name subject = new X500Name("CN=secrets4j-test");
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(subject, BigInteger.ONE,
                    Date.from(notAfter.minus(Duration.ofDays(400))), Date.from(notAfter), subject, pair.getPublic());
            StringWriter out = new StringWriter();
            try (JcaPEMWriter pem = new JcaPEMWriter(out)) {
                pem.writeObject(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
            }
            return out.toString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
