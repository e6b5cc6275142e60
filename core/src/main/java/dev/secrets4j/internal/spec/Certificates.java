package dev.secrets4j.internal.spec;

import dev.secrets4j.Secret;
import org.bouncycastle.cert.X509CertificateHolder;

import java.time.Instant;
import java.util.Optional;

/** When the certificates in a value expire, for the age report. */
public final class Certificates {

    private Certificates() {
    }

    /**
     * The earliest {@code notAfter} of the PEM X.509 certificates in {@code secret}; empty when the
     * value holds none (not PEM, a key, binary).
     */
    public static Optional<Instant> earliestExpiry(Secret secret) {
        if (!secret.isUtf8()) {
            return Optional.empty();
        }
        char[] text = secret.asChars();
        try {
            return Pem.read(text).stream().filter(X509CertificateHolder.class::isInstance)
                    .map(o -> ((X509CertificateHolder) o).getNotAfter().toInstant()).min(Instant::compareTo);
        } catch (RuntimeException e) {
            return Optional.empty();
        } finally {
            java.util.Arrays.fill(text, '\0');
        }
    }
}
