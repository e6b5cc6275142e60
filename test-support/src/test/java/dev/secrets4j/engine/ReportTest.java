package dev.secrets4j.engine;

import dev.secrets4j.CachePolicy;
import dev.secrets4j.Problem;
import dev.secrets4j.Secrets;
import dev.secrets4j.SecretsReport;
import dev.secrets4j.SecretsReport.Level;
import dev.secrets4j.generate.SecretGenerator;
import dev.secrets4j.rotation.RotationContext;
import dev.secrets4j.rotation.RotationHook;
import dev.secrets4j.rotation.RotationPolicy;
import dev.secrets4j.testing.FakeTime;
import dev.secrets4j.testing.InMemorySecretProvider;
import dev.secrets4j.testing.LeakCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The age and expiry report: thresholds by default and from policies, certificates, failed rotations, boot warnings. */
class ReportTest {

    @RegisterExtension
    final LeakCheck leaks = LeakCheck.create();

    private final FakeTime time = FakeTime.startingAt(Instant.parse("2026-01-01T00:00:00Z"));
    private final InMemorySecretProvider memory = InMemorySecretProvider.builder().clock(time.clock()).build();
    private final String value = leaks.canary("canary-report-value-5555");

    private Secrets.Builder builder() {
        return Secrets.builder().provider(memory).listenerExecutor(Runnable::run).clock(time.clock()).scheduler(time)
                .cache(CachePolicy.ttl(Duration.ofHours(6)));
    }

    @Test
    void age_warnsAt75Days_isCriticalAt90_byDefault_andTheBootReportSaysSo() {
        memory.set("OLDEST", value);                 // 95 days old at the report
        time.advance(Duration.ofDays(15));
        memory.set("OLD", value);                    // 80 days old
        time.advance(Duration.ofDays(80));
        memory.set("NEW", value);                    // new
        try (Secrets secrets = builder().require("OLDEST").require("NEW").require("OLD").build()) {
            SecretsReport report = secrets.report();

            assertThat(report.entries()).extracting(SecretsReport.Entry::name, SecretsReport.Entry::level)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("OLDEST", Level.CRITICAL),
                            org.assertj.core.groups.Tuple.tuple("OLD", Level.WARNING),
                            org.assertj.core.groups.Tuple.tuple("NEW", Level.OK));
            assertThat(report.entries().get(0).age()).contains(Duration.ofDays(95));
            assertThat(report.entries().get(0).findings()).singleElement().asString().contains("95 days old", "90 days");
            assertThat(secrets.bootReport().warnings()).extracting(Problem::secretName).containsExactly("OLDEST", "OLD");
            assertThat(report.toString()).contains("CRITICAL", "OLDEST", "95d");
            leaks.assertNoLeak(report, secrets.bootReport());
        }
    }

    @Test
    void customThresholds_apply() {
        memory.set("A", value);
        time.advance(Duration.ofDays(20));
        try (Secrets secrets = builder().require("A").ageThresholds(Duration.ofDays(10), Duration.ofDays(30)).build()) {
            assertThat(secrets.report().entries()).singleElement().satisfies(e -> assertThat(e.level()).isEqualTo(Level.WARNING));
        }
    }

    @Test
    void withPolicy_warnsWarnBeforeDue_andShowsNextRotation() {
        memory.set("API_KEY", value);
        time.advance(Duration.ofDays(26));
        RotationPolicy policy = RotationPolicy.every(Duration.ofDays(30)).warnBefore(Duration.ofDays(5)).type("api-key");
        try (Secrets secrets = builder().rotate("API_KEY", policy).rotationChecks(false).build()) {
            SecretsReport.Entry e = secrets.report().entries().get(0);

            assertThat(e.level()).isEqualTo(Level.WARNING);
            assertThat(e.findings()).singleElement().asString().contains("26 days old", "rotation due at 30 days");
            assertThat(e.nextRotation()).contains(Instant.parse("2026-01-31T00:00:00Z"));
        }
    }

    @Test
    void failedRotation_warns_withItsReason() {
        memory.set("API_KEY", value);
        RotationHook refuses = new RotationHook() {
            @Override
            public void verify(RotationContext r) {
                throw new IllegalStateException("the sender refused the new key");
            }
        };
        SecretGenerator gen = new SecretGenerator() {
            @Override
            public String type() {
                return "fixed";
            }

            @Override
            public byte[] generate(SecureRandom random) {
                return leaks.canary("canary-report-next-6666").getBytes(StandardCharsets.UTF_8);
            }
        };
        RotationPolicy policy = RotationPolicy.every(Duration.ofDays(30)).type("fixed");
        try (Secrets secrets = builder().generator(gen).rotate("API_KEY", policy, refuses).rotationChecks(false).build()) {
            secrets.rotateNow("API_KEY");

            assertThat(secrets.report().entries()).singleElement().satisfies(e -> {
                assertThat(e.level()).isEqualTo(Level.WARNING);
                assertThat(e.findings()).anySatisfy(f -> assertThat(f).contains("last rotation failed", "refused the new key"));
            });
        }
    }

    @Test
    void certificates_expiringWithin30Days_warn_expiredAreCritical() {
        memory.set("TLS_SOON", TestCertificates.endingAt(time.now().plus(Duration.ofDays(10))));
        memory.set("TLS_LATER", TestCertificates.endingAt(time.now().plus(Duration.ofDays(300))));
        memory.set("TLS_GONE", TestCertificates.endingAt(time.now().minus(Duration.ofDays(1))));
        try (Secrets secrets = builder().require("TLS_SOON").require("TLS_LATER").optional("TLS_GONE").build()) {
            SecretsReport report = secrets.report();

            assertThat(report.entries()).filteredOn(e -> e.name().equals("TLS_SOON")).singleElement().satisfies(e -> {
                assertThat(e.level()).isEqualTo(Level.WARNING);
                assertThat(e.certificateExpires()).contains(time.now().plus(Duration.ofDays(10)));
            });
            assertThat(report.entries()).filteredOn(e -> e.name().equals("TLS_LATER")).singleElement()
                    .satisfies(e -> assertThat(e.level()).isEqualTo(Level.OK));
            assertThat(report.entries()).filteredOn(e -> e.name().equals("TLS_GONE")).singleElement().satisfies(e -> {
                assertThat(e.level()).isEqualTo(Level.CRITICAL);
                assertThat(e.findings()).anySatisfy(f -> assertThat(f).contains("certificate expired"));
            });
        }
    }
}
