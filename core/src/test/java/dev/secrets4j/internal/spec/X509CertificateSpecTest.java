package dev.secrets4j.internal.spec;

import dev.secrets4j.Problem;
import dev.secrets4j.Secret;
import dev.secrets4j.SecretSpec;
import dev.secrets4j.SecretSpec.Violation;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static dev.secrets4j.internal.spec.Leaks.assertNoLeak;
import static org.assertj.core.api.Assertions.assertThat;

class X509CertificateSpecTest {

    private static final Instant NOW = Instant.parse("2026-03-01T00:00:00Z");
    private static final SecretSpec SPEC = Specs.x509Certificate(Duration.ofDays(30));

    private static List<Violation> check(SecretSpec spec, String value) {
        List<Violation> violations = spec.check(Secret.of("TLS_CERT", value), NOW);
        assertNoLeak(violations, value);
        return violations;
    }

    private static String certificate(Instant notBefore, Instant notAfter) {
        return TestPem.certificate(TestPem.RSA_2048, notBefore, notAfter);
    }

    @Test
    void check_whenValidBeyondWarning_passes() {
        assertThat(check(SPEC, certificate(NOW.minus(Duration.ofDays(10)), NOW.plus(Duration.ofDays(90))))).isEmpty();
    }

    @Test
    void check_whenExpired_reportsErrorWithDate() {
        String expired = certificate(Instant.parse("2025-01-01T00:00:00Z"), Instant.parse("2026-01-01T00:00:00Z"));

        assertThat(check(SPEC, expired)).containsExactly(Violation.error("certificate expired on 2026-01-01T00:00:00Z"));
    }

    @Test
    void check_whenExpiringWithinWarning_reportsWarningWithDaysAndDate() {
        String expiring = certificate(NOW.minus(Duration.ofDays(300)), Instant.parse("2026-03-13T00:00:00Z"));

        List<Violation> violations = check(SPEC, expiring);

        assertThat(violations).containsExactly(
                Violation.warning("certificate expires in 12 days (on 2026-03-13T00:00:00Z)"));
        assertThat(violations.get(0).severity()).isEqualTo(Problem.Severity.WARNING);
        assertThat(check(Specs.x509Certificate(Duration.ofDays(7)), expiring)).isEmpty();
    }

    @Test
    void check_whenExpiringWithinHours_saysHours() {
        String expiring = certificate(NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofHours(5)));

        assertThat(check(SPEC, expiring)).extracting(Violation::message)
                .containsExactly("certificate expires in 5 hours (on 2026-03-01T05:00:00Z)");
    }

    @Test
    void check_whenNotYetValid_reportsError() {
        String future = certificate(Instant.parse("2026-04-01T00:00:00Z"), Instant.parse("2027-04-01T00:00:00Z"));

        assertThat(check(SPEC, future)).containsExactly(
                Violation.error("certificate is not valid before 2026-04-01T00:00:00Z"));
    }

    @Test
    void check_whenChainHasExpiredIntermediate_namesItsPosition() {
        String leaf = certificate(NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(300)));
        String intermediate = certificate(Instant.parse("2020-01-01T00:00:00Z"), Instant.parse("2025-06-01T00:00:00Z"));

        assertThat(check(SPEC, leaf + intermediate)).extracting(Violation::message)
                .containsExactly("certificate 2 of the chain expired on 2025-06-01T00:00:00Z");
    }

    @Test
    void check_whenNotACertificate_reportsWhatItFound() {
        assertThat(check(SPEC, "canary-7f3a-tls-cert")).extracting(Violation::message)
                .containsExactly("not a PEM X.509 certificate (expected BEGIN CERTIFICATE)");
        assertThat(check(SPEC, TestPem.traditional(TestPem.RSA_2048))).extracting(Violation::message)
                .containsExactly("not a PEM X.509 certificate: found an RSA private key (expected BEGIN CERTIFICATE)");
    }

    @Test
    void check_whenTruncatedOrCorrupt_reportsMalformedWithoutThrowing() {
        String pem = certificate(NOW, NOW.plus(Duration.ofDays(90)));
        String truncated = pem.substring(0, pem.indexOf("-----END"));
        String corrupt = pem.replaceFirst("\n[A-Za-z0-9+/]{20}", "\nAAAAAAAAAAAAAAAAAAAA");

        assertThat(check(SPEC, truncated)).extracting(Violation::message)
                .containsExactly("not a PEM X.509 certificate (malformed or truncated PEM; expected BEGIN CERTIFICATE)");
        assertThat(check(SPEC, corrupt)).singleElement().extracting(Violation::message).asString()
                .startsWith("not a PEM X.509 certificate");
    }
}
