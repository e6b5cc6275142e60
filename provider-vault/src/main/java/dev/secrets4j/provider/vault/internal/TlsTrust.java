package dev.secrets4j.provider.vault.internal;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.ByteArrayInputStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Collection;
import java.util.Optional;

/**
 * The one HTTP client of a provider: HTTP/1.1 (Vault Agent cannot proxy h2c), no redirects (a
 * redirect would carry the token elsewhere), the connect timeout, and TLS that trusts the given
 * PEM CA bundle instead of the JDK's default trust store when one is given.
 */
public final class TlsTrust {

    private TlsTrust() {
    }

    /** The client for the driver and the direct calls. */
    public static HttpClient httpClient(Optional<String> caPem, Duration connectTimeout) {
        HttpClient.Builder b = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(connectTimeout);
        caPem.ifPresent(pem -> b.sslContext(sslContext(pem)));
        return b.build();
    }

    /**
     * Checks that {@code pem} holds at least one X.509 certificate, and returns how many.
     *
     * @throws IllegalArgumentException naming {@code setting} when it does not
     */
    public static int checkPem(String setting, String pem) {
        try {
            return certificates(pem).size();
        } catch (CertificateException | IllegalArgumentException e) {
            throw new IllegalArgumentException(setting + " must hold PEM certificates (-----BEGIN CERTIFICATE-----), but "
                    + (e instanceof IllegalArgumentException ? e.getMessage() : "they could not be parsed"));
        }
    }

    private static SSLContext sslContext(String pem) {
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (Certificate c : certificates(pem)) {
                store.setCertificateEntry("vault-ca-" + i++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalArgumentException("the Vault CA certificates could not be loaded into a trust store ("
                    + e.getClass().getSimpleName() + ")", e);
        }
    }

    private static Collection<? extends Certificate> certificates(String pem) throws CertificateException {
        if (pem == null || !pem.contains("-----BEGIN CERTIFICATE-----")) {
            throw new IllegalArgumentException("no '-----BEGIN CERTIFICATE-----' block was found");
        }
        Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
        if (certs.isEmpty()) {
            throw new IllegalArgumentException("no certificate could be read");
        }
        return certs;
    }
}
