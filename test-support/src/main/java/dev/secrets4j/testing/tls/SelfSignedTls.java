package dev.secrets4j.testing.tls;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;

/**
 * The emulator's HTTPS material, made with Bouncy Castle at start: a self-signed CA and a server certificate
 * it issues for {@code 127.0.0.1} and {@code localhost} (EC P-256, valid from an hour ago for a week of
 * system time, since TLS checks the real clock, not the emulator's).
 */
public final class SelfSignedTls {

    private static final char[] STORE_PASSWORD = "emulator".toCharArray();

    private final String caPem;
    private final SSLContext sslContext;

    private SelfSignedTls(String caPem, SSLContext sslContext) {
        this.caPem = caPem;
        this.sslContext = sslContext;
    }

    /** A new CA and server certificate for an emulator named {@code emulator} (in the CA's name and errors). */
    public static SelfSignedTls create(String emulator) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair caKeys = generator.generateKeyPair();
            KeyPair serverKeys = generator.generateKeyPair();
            Instant now = Instant.now();
            Date from = Date.from(now.minus(Duration.ofHours(1)));
            Date to = Date.from(now.plus(Duration.ofDays(7)));
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            ContentSigner caSigner = new JcaContentSignerBuilder("SHA256withECDSA").build(caKeys.getPrivate());

            X500Name caName = new X500Name("CN=secrets4j " + emulator + " emulator CA");
            X509v3CertificateBuilder ca = new JcaX509v3CertificateBuilder(caName, BigInteger.valueOf(now.toEpochMilli()),
                    from, to, caName, caKeys.getPublic());
            ca.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            ca.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            ca.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(caKeys.getPublic()));
            X509Certificate caCert = new JcaX509CertificateConverter().getCertificate(ca.build(caSigner));

            X509v3CertificateBuilder server = new JcaX509v3CertificateBuilder(caCert,
                    BigInteger.valueOf(now.toEpochMilli() + 1), from, to, new X500Name("CN=127.0.0.1"),
                    serverKeys.getPublic());
            server.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            server.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            server.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            server.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                new GeneralName(GeneralName.dNSName, "localhost")}));
            server.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(caCert));
            X509Certificate serverCert = new JcaX509CertificateConverter().getCertificate(server.build(caSigner));

            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("server", serverKeys.getPrivate(), STORE_PASSWORD,
                    new Certificate[] {serverCert, caCert});
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(store, STORE_PASSWORD);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), null, null);
            return new SelfSignedTls(pem(caCert), context);
        } catch (GeneralSecurityException | java.io.IOException | org.bouncycastle.operator.OperatorCreationException e) {
            throw new IllegalStateException("could not make the " + emulator + " emulator's self-signed certificate: " + e, e);
        }
    }

    private static String pem(X509Certificate cert) throws GeneralSecurityException {
        String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(cert.getEncoded());
        return "-----BEGIN CERTIFICATE-----\n" + base64 + "\n-----END CERTIFICATE-----\n";
    }

    /** The CA certificate, PEM, for clients to trust. */
    public String caPem() {
        return caPem;
    }

    /** The server side: the certificate for 127.0.0.1 and localhost with its key. */
    public SSLContext sslContext() {
        return sslContext;
    }
}
