package dev.secrets4j.jwt;

import dev.secrets4j.SecretFormatException;
import dev.secrets4j.jwt.JwtVerificationException.Reason;
import dev.secrets4j.testing.LeakCheck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import static dev.secrets4j.jwt.JwtFixture.PRIVATE_KEY;
import static dev.secrets4j.jwt.JwtFixture.START;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** HS256 to RS256 migration: HS256 accepted through the legacy secret only, until the deadline. */
class LegacyHmacMigrationTest {

    private static final String LEGACY = "JWT_SECRET";
    private static final Instant DEADLINE = START.plus(Duration.ofDays(30));

    @RegisterExtension
    final LeakCheck leaks = LeakCheck.create();

    private final JwtFixture fx = JwtFixture.create(leaks);
    private final String hmac = fx.canary("legacy-hmac-canary-0123456789-abcdefghij");

    @BeforeEach
    void secrets() {
        fx.set(PRIVATE_KEY, fx.pem("rsa-2048-a.pem"));
    }

    @AfterEach
    void close() {
        fx.close();
    }

    private String hs256(String secret) {
        return fx.canary(TokenForge.hs256(secret.getBytes(StandardCharsets.UTF_8), TokenForge.header("HS256", null),
                TokenForge.claims(fx.time().now())));
    }

    private static Reason reasonOf(Runnable call) {
        try {
            call.run();
        } catch (JwtVerificationException e) {
            return e.reason();
        }
        throw new AssertionError("expected a JwtVerificationException");
    }

    @Test
    void hs256Token_isAcceptedUntilTheDeadline_thenFailsWithMigrationEnded() {
        fx.set(LEGACY, hmac);
        try (JwtKeyRing ring = fx.ring().legacyHmac(LEGACY, DEADLINE).build()) {
            JwtVerifier verifier = fx.verifier(ring).build();
            assertThat(ring.legacyHmacDeadline()).contains(DEADLINE);
            assertThat(verifier.verify(hs256(hmac)).subject()).contains("user-42");

            fx.advance(Duration.ofDays(30).minusSeconds(1));
            assertThat(verifier.verify(hs256(hmac)).subject()).contains("user-42");
            fx.advance(Duration.ofSeconds(1));
            String late = hs256(hmac);
            assertThatThrownBy(() -> verifier.verify(late))
                    .isInstanceOfSatisfying(JwtVerificationException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.MIGRATION_ENDED))
                    .hasMessageContaining("migration ended").hasMessageContaining(DEADLINE.toString())
                    .satisfies(leaks::assertNoLeak);
        }
    }

    @Test
    void build_logsTheDeadlineOnceAtInfo() {
        fx.set(LEGACY, hmac);
        try (JwtKeyRing ring = fx.ring().legacyHmac(LEGACY, DEADLINE).build()) {
            JwtVerifier verifier = fx.verifier(ring).build();
            verifier.verify(hs256(hmac));
            verifier.verify(hs256(hmac));
            assertThat(leaks.capturedLines().stream()
                    .filter(l -> l.contains("INFO") && l.contains("'JWT_SECRET'") && l.contains(DEADLINE.toString())))
                    .hasSize(1);
        }
    }

    @Test
    void signing_staysRs256_whileHs256IsAccepted() throws Exception {
        fx.set(LEGACY, hmac);
        try (JwtKeyRing ring = fx.ring().legacyHmac(LEGACY, DEADLINE).build()) {
            String token = fx.canary(fx.signer(ring).build().sign(JwtClaims.builder().subject("user-42").build()));
            assertThat(JwtSignerTest.part(token, 0)).containsEntry("alg", "RS256");
            assertThat(ring.jwks()).doesNotContain("\"oct\"").doesNotContain("HS256");
        }
    }

    @Test
    void hs256Token_withoutLegacySecret_failsWithAlgNotAllowed() {
        try (JwtKeyRing ring = fx.ring().build()) {
            assertThat(reasonOf(() -> fx.verifier(ring).build().verify(hs256(hmac)))).isEqualTo(Reason.ALG_NOT_ALLOWED);
        }
    }

    @Test
    void hs256Token_macedWithAnotherSecret_failsWithBadSignature() {
        fx.set(LEGACY, hmac);
        try (JwtKeyRing ring = fx.ring().legacyHmac(LEGACY, DEADLINE).build()) {
            String other = fx.canary("another-hmac-canary-0123456789-abcdefghij");
            assertThat(reasonOf(() -> fx.verifier(ring).build().verify(hs256(other)))).isEqualTo(Reason.BAD_SIGNATURE);
        }
    }

    @Test
    void rotatedLegacySecret_bothVersionsVerifyDuringGrace() {
        fx.set(LEGACY, hmac);
        try (JwtKeyRing ring = fx.ring().legacyHmac(LEGACY, DEADLINE).grace(Duration.ofHours(1)).build()) {
            JwtVerifier verifier = fx.verifier(ring).build();
            String next = fx.canary("legacy-hmac-canary-NEXT-0123456789-abcdef");
            fx.rotate(LEGACY, next);
            assertThat(verifier.verify(hs256(hmac))).isNotNull();
            assertThat(verifier.verify(hs256(next))).isNotNull();
            fx.advance(Duration.ofHours(1));
            assertThat(reasonOf(() -> verifier.verify(hs256(hmac)))).isEqualTo(Reason.BAD_SIGNATURE);
            assertThat(verifier.verify(hs256(next))).isNotNull();
        }
    }

    @Test
    void build_whenLegacySecretUnder32Bytes_throwsNamingIt() {
        String shortSecret = fx.canary("short-hmac-canary-31-bytes-xxxx");
        assertThat(shortSecret.getBytes(StandardCharsets.UTF_8)).hasSize(31);
        fx.set(LEGACY, shortSecret);
        assertThatThrownBy(() -> fx.ring().legacyHmac(LEGACY, DEADLINE).build())
                .isInstanceOf(SecretFormatException.class)
                .hasMessageContaining("secret 'JWT_SECRET' version 1").hasMessageContaining("31 bytes")
                .hasMessageContaining("at least 32")
                .satisfies(leaks::assertNoLeak);
    }

    @Test
    void build_whenOnlyAPreviousLegacyVersionIsShort_leavesItOut() {
        String weak = fx.canary("short-hmac-canary-31-bytes-xxxx");
        fx.set(LEGACY, weak);
        fx.set(LEGACY, hmac);
        try (JwtKeyRing ring = fx.ring().legacyHmac(LEGACY, DEADLINE).build()) {
            JwtVerifier verifier = fx.verifier(ring).build();
            assertThat(verifier.verify(hs256(hmac))).isNotNull();
            assertThat(reasonOf(() -> verifier.verify(hs256(weak)))).isEqualTo(Reason.BAD_SIGNATURE);
        }
    }

    @Test
    void build_afterTheDeadline_doesNotNeedTheSecret_andRefusesHs256() {
        try (JwtKeyRing ring = fx.ring().legacyHmac(LEGACY, START.minusSeconds(1)).build()) {
            assertThat(reasonOf(() -> fx.verifier(ring).build().verify(hs256(hmac)))).isEqualTo(Reason.MIGRATION_ENDED);
            assertThat(leaks.capturedLines()).anyMatch(l -> l.contains("INFO") && l.contains("migration ended"));
        }
    }

    @Test
    void hs256Token_macedWithThePublicKey_failsEvenDuringMigration() {
        fx.set(LEGACY, hmac);
        String publicPem = JwtFixture.read("rsa-2048-a-public.pem");
        try (JwtKeyRing ring = fx.ring().legacyHmac(LEGACY, DEADLINE).build()) {
            assertThat(reasonOf(() -> fx.verifier(ring).build().verify(hs256(publicPem)))).isEqualTo(Reason.BAD_SIGNATURE);
        }
    }
}
