package dev.secrets4j.internal.spec;

import dev.secrets4j.Secret;
import dev.secrets4j.SecretSpec;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code format x509-certificate, cert-warn-days N}: the value is one or more PEM X.509
 * certificates (a leaf and its chain), each within its validity period at {@code now}. One that
 * expires within {@code warnWithin} is a warning.
 */
record X509CertificateSpec(Duration warnWithin) implements SecretSpec {

    private static final String NOT_A_CERTIFICATE = "not a PEM X.509 certificate";
    private static final String EXPECTED = "expected BEGIN CERTIFICATE";

    @Override
    public String describe() {
        if (warnWithin.toSeconds() % Duration.ofDays(1).toSeconds() == 0 && warnWithin.getNano() == 0) {
            return "format x509-certificate, cert-warn-days " + warnWithin.toDays();
        }
        return "format x509-certificate, warn-within " + warnWithin;
    }

    @Override
    public List<Violation> check(Secret secret, Instant now) {
        return Pem.check(secret, NOT_A_CERTIFICATE, EXPECTED, objects -> judge(objects, now));
    }

    @Override
    public String toString() {
        return describe();
    }

    private List<Violation> judge(List<Object> objects, Instant now) {
        List<X509CertificateHolder> holders = objects.stream()
                .filter(X509CertificateHolder.class::isInstance).map(X509CertificateHolder.class::cast).toList();
        if (holders.isEmpty()) {
            return List.of(Violation.error(objects.isEmpty()
                    ? NOT_A_CERTIFICATE + " (" + EXPECTED + ")"
                    : NOT_A_CERTIFICATE + ": found " + Pem.describe(objects.get(0)) + " (" + EXPECTED + ")"));
        }
        List<Violation> violations = new ArrayList<>();
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        for (int i = 0; i < holders.size(); i++) {
            String which = i == 0 ? "certificate" : "certificate " + (i + 1) + " of the chain";
            X509Certificate certificate;
            try {
                certificate = converter.getCertificate(holders.get(i));
            } catch (Exception e) {
                violations.add(Violation.error(NOT_A_CERTIFICATE + " (" + which + " is malformed)"));
                continue;
            }
            judgeValidity(which, certificate, now).ifPresent(violations::add);
        }
        return violations;
    }

    private Optional<Violation> judgeValidity(String which, X509Certificate certificate, Instant now) {
        Instant notBefore = certificate.getNotBefore().toInstant();
        Instant notAfter = certificate.getNotAfter().toInstant();
        if (now.isAfter(notAfter)) {
            return Optional.of(Violation.error(which + " expired on " + notAfter));
        }
        if (now.isBefore(notBefore)) {
            return Optional.of(Violation.error(which + " is not valid before " + notBefore));
        }
        Duration left = Duration.between(now, notAfter);
        if (left.compareTo(warnWithin) <= 0 && !warnWithin.isZero()) {
            return Optional.of(Violation.warning(which + " expires in " + inWords(left) + " (on " + notAfter + ")"));
        }
        return Optional.empty();
    }

    /** "12 days", "1 day", "5 hours", "less than an hour". */
    private static String inWords(Duration left) {
        if (left.toDays() >= 1) {
            return Values.plural(left.toDays(), "day");
        }
        if (left.toHours() >= 1) {
            return Values.plural(left.toHours(), "hour");
        }
        return "less than an hour";
    }
}
