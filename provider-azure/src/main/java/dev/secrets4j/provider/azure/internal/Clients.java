package dev.secrets4j.provider.azure.internal;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.http.policy.FixedDelayOptions;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.core.http.policy.RetryOptions;
import com.azure.security.keyvault.secrets.SecretClient;
import com.azure.security.keyvault.secrets.SecretClientBuilder;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Collection;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Builds the SDK client: the JDK HTTP client (no Netty) with timeouts and, when given, a PEM CA
 * bundle as its only trust; the SDK's retries off (the provider retries, one layer only).
 */
public final class Clients {

    private Clients() {
    }

    /**
     * An SSL context trusting exactly the certificates of {@code pem}.
     *
     * @throws IllegalArgumentException when the bundle holds no certificate or does not parse
     */
    public static SSLContext trusting(String pem) {
        try {
            Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
            if (certs.isEmpty()) {
                throw new IllegalArgumentException("the CA bundle of provider 'azure' holds no certificate;"
                        + " give PEM text with -----BEGIN CERTIFICATE----- blocks");
            }
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (Certificate c : certs) {
                store.setCertificateEntry("ca-" + i++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalArgumentException("the CA bundle of provider 'azure' is not valid PEM X.509 ("
                    + e.getClass().getSimpleName() + "); give PEM text with -----BEGIN CERTIFICATE----- blocks", e);
        }
    }

    /** The JDK HTTP client with {@code timeout} for connecting and answering, trusting {@code ca} when given. */
    public static HttpClient http(Duration timeout, Optional<SSLContext> ca) {
        java.net.http.HttpClient.Builder jdk = java.net.http.HttpClient.newBuilder();
        ca.ifPresent(jdk::sslContext);
        return new JdkHttpClientBuilder(jdk).connectionTimeout(timeout).responseTimeout(timeout).readTimeout(timeout).build();
    }

    /**
     * A secret client for {@code vaultUrl} with the SDK's retries off and {@code budget} after the
     * credential policy, so that it paces every request that reaches the vault, then the
     * {@link ResponseGuard} that keeps truncated bodies (which the SDK would log) from the SDK.
     */
    public static SecretClient client(String vaultUrl, TokenCredential credential, HttpClient http,
            boolean verifyChallengeResource, HttpPipelinePolicy budget) {
        SecretClientBuilder b = new SecretClientBuilder().vaultUrl(vaultUrl).credential(credential).httpClient(http)
                .retryOptions(new RetryOptions(new FixedDelayOptions(0, Duration.ofMillis(1))))
                .addPolicy(budget)
                .addPolicy(new ResponseGuard());
        if (!verifyChallengeResource) {
            b.disableChallengeResourceVerification();
        }
        return b.buildClient();
    }
}
