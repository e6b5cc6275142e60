package dev.secrets4j.jwt;

import dev.secrets4j.jwt.JwtVerificationException.Reason;
import dev.secrets4j.testing.LeakCheck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.function.Executable;

import java.security.PrivateKey;
import java.time.Duration;

import static dev.secrets4j.jwt.JwtFixture.PRIVATE_KEY;
import static dev.secrets4j.jwt.JwtFixture.START;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** JwtVerifier: each claim check and its reason, key choice by kid, and messages that echo nothing. */
class JwtVerifierTest {

    @RegisterExtension
    final LeakCheck leaks = LeakCheck.create();

    private final JwtFixture fx = JwtFixture.create(leaks);
    private JwtKeyRing ring;
    private PrivateKey key;

    @BeforeEach
    void ring() {
        String pem = fx.pem("rsa-2048-a.pem");
        key = TokenForge.privateKey(pem);
        fx.set(PRIVATE_KEY, pem);
        fx.set("EXTRA", JwtFixture.read("rsa-2048-extra-public.pem"), java.util.Map.of("kid", "extra-1"));
        ring = fx.ring().verificationKey("EXTRA").build();
    }

    @AfterEach
    void close() {
        ring.close();
        fx.close();
    }

    private String token(String claimsJson) {
        return fx.canary(TokenForge.rs256(key, TokenForge.header("RS256", ring.primaryKid()), claimsJson));
    }

    private void assertRefused(Executable call, Reason reason) {
        JwtVerificationException e = org.junit.jupiter.api.Assertions.assertThrows(JwtVerificationException.class, call);
        assertThat(e.reason()).isEqualTo(reason);
        assertThat(e.getMessage()).startsWith("JWT refused (" + reason + "): ").contains("; ");
        leaks.assertNoLeak(e);
    }

    private long now() {
        return fx.time().now().getEpochSecond();
    }

    @Test
    void verify_whenTokenIsGood_returnsItsClaims() {
        JwtClaims claims = fx.verifier(ring).build().verify(token(TokenForge.claims(START)));
        assertThat(claims.subject()).contains("user-42");
        assertThat(claims.expiresAt()).contains(START.plusSeconds(300));
    }

    @Test
    void verify_whenExpiredBeyondSkew_rejectsWithExpired() {
        String token = token(TokenForge.claims(START));
        JwtVerifier verifier = fx.verifier(ring).clockSkew(Duration.ofSeconds(60)).build();
        fx.advance(Duration.ofSeconds(300 + 59));
        assertThat(verifier.verify(token).subject()).contains("user-42");
        fx.advance(Duration.ofSeconds(1));
        assertRefused(() -> verifier.verify(token), Reason.EXPIRED);
    }

    @Test
    void verify_whenNotBeforeIsAheadBeyondSkew_rejectsWithNotYetValid() {
        JwtVerifier verifier = fx.verifier(ring).build();
        assertThat(verifier.verify(token("{\"exp\":" + (now() + 600) + ",\"nbf\":" + (now() + 60) + "}"))).isNotNull();
        assertRefused(() -> verifier.verify(token("{\"exp\":" + (now() + 600) + ",\"nbf\":" + (now() + 61) + "}")),
                Reason.NOT_YET_VALID);
    }

    @Test
    void verify_whenIssuedInTheFutureBeyondSkew_rejectsWithIssuedInFuture() {
        JwtVerifier verifier = fx.verifier(ring).clockSkew(Duration.ofSeconds(5)).build();
        assertThat(verifier.verify(token("{\"exp\":" + (now() + 600) + ",\"iat\":" + (now() + 5) + "}"))).isNotNull();
        assertRefused(() -> verifier.verify(token("{\"exp\":" + (now() + 600) + ",\"iat\":" + (now() + 6) + "}")),
                Reason.ISSUED_IN_FUTURE);
    }

    @Test
    void verify_whenNoExpiry_rejectsUnlessExpiryIsOptional() {
        String token = token("{\"sub\":\"user-42\"}");
        assertRefused(() -> fx.verifier(ring).build().verify(token), Reason.MISSING_EXPIRY);
        assertThat(fx.verifier(ring).requireExpiry(false).build().verify(token).subject()).contains("user-42");
    }

    @Test
    void verify_whenLifetimeTooLong_rejectsWithLifetimeTooLong() {
        JwtVerifier verifier = fx.verifier(ring).maxLifetime(Duration.ofHours(1)).build();
        assertThat(verifier.verify(token("{\"iat\":" + now() + ",\"exp\":" + (now() + 3600) + "}"))).isNotNull();
        assertRefused(() -> verifier.verify(token("{\"iat\":" + now() + ",\"exp\":" + (now() + 3601) + "}")),
                Reason.LIFETIME_TOO_LONG);
        assertRefused(() -> verifier.verify(token("{\"exp\":" + (now() + 7200) + "}")), Reason.LIFETIME_TOO_LONG);
        JwtVerifier lenient = fx.verifier(ring).requireExpiry(false).maxLifetime(Duration.ofHours(1)).build();
        assertRefused(() -> lenient.verify(token("{\"sub\":\"x\"}")), Reason.LIFETIME_TOO_LONG);
    }

    @Test
    void verify_whenIssuerIsWrongOrMissing_rejectsWithWrongIssuer() {
        JwtVerifier verifier = fx.verifier(ring).issuer("https://auth.example").build();
        long exp = now() + 300;
        assertThat(verifier.verify(token("{\"iss\":\"https://auth.example\",\"exp\":" + exp + "}"))).isNotNull();
        String evil = fx.canary("https://evil-canary.example");
        assertRefused(() -> verifier.verify(token("{\"iss\":\"" + evil + "\",\"exp\":" + exp + "}")), Reason.WRONG_ISSUER);
        assertRefused(() -> verifier.verify(token("{\"exp\":" + exp + "}")), Reason.WRONG_ISSUER);
    }

    @Test
    void verify_whenAudienceIsNotContained_rejectsWithWrongAudience() {
        JwtVerifier verifier = fx.verifier(ring).audience("api").build();
        long exp = now() + 300;
        assertThat(verifier.verify(token("{\"aud\":\"api\",\"exp\":" + exp + "}"))).isNotNull();
        assertThat(verifier.verify(token("{\"aud\":[\"web\",\"api\"],\"exp\":" + exp + "}"))).isNotNull();
        assertRefused(() -> verifier.verify(token("{\"aud\":[\"web\"],\"exp\":" + exp + "}")), Reason.WRONG_AUDIENCE);
        assertRefused(() -> verifier.verify(token("{\"exp\":" + exp + "}")), Reason.WRONG_AUDIENCE);
    }

    @Test
    void verify_whenRequiredClaimIsMissing_rejectsNamingTheClaim() {
        JwtVerifier verifier = fx.verifier(ring).requiredClaims("sub", "role").build();
        long exp = now() + 300;
        assertThat(verifier.verify(token("{\"sub\":\"a\",\"role\":\"admin\",\"exp\":" + exp + "}"))).isNotNull();
        assertThatThrownBy(() -> verifier.verify(token("{\"sub\":\"a\",\"exp\":" + exp + "}")))
                .isInstanceOfSatisfying(JwtVerificationException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.MISSING_CLAIM))
                .hasMessageContaining("'role'");
    }

    @Test
    void verify_whenSignatureIsTampered_rejectsWithBadSignature() {
        String token = token(TokenForge.claims(START));
        String[] p = token.split("\\.");
        String forged = fx.canary(p[0] + "." + TokenForge.b64("{\"sub\":\"admin\",\"exp\":" + (now() + 300) + "}") + "." + p[2]);
        assertRefused(() -> fx.verifier(ring).build().verify(forged), Reason.BAD_SIGNATURE);
    }

    @Test
    void verify_whenKidIsUnknown_rejectsWithUnknownKid_withoutEchoingIt() {
        String kid = fx.canary("unknown-kid-canary-123");
        String token = fx.canary(TokenForge.rs256(key, TokenForge.header("RS256", kid), TokenForge.claims(START)));
        assertRefused(() -> fx.verifier(ring).build().verify(token), Reason.UNKNOWN_KID);
    }

    @Test
    void verify_withoutKid_triesOnlyThePrimaryKey() {
        JwtVerifier verifier = fx.verifier(ring).build();
        assertThat(verifier.verify(fx.canary(TokenForge.rs256(key, TokenForge.header("RS256", null),
                TokenForge.claims(START))))).isNotNull();
        PrivateKey extra = TokenForge.privateKey(fx.pem("rsa-2048-extra.pem"));
        String noKid = fx.canary(TokenForge.rs256(extra, TokenForge.header("RS256", null), TokenForge.claims(START)));
        assertRefused(() -> verifier.verify(noKid), Reason.BAD_SIGNATURE);
    }

    @Test
    void verify_tokenOfAnExtraVerificationKey_verifiesByItsKid() {
        PrivateKey extra = TokenForge.privateKey(fx.pem("rsa-2048-extra.pem"));
        String token = fx.canary(TokenForge.rs256(extra, TokenForge.header("RS256", "extra-1"), TokenForge.claims(START)));
        assertThat(fx.verifier(ring).build().verify(token).subject()).contains("user-42");
    }

    @Test
    void verify_tokenOfAPendingKey_verifies() {
        String next = fx.pem("rsa-2048-b.pem");
        try (JwtKeyRing pendingRing = fx.ring().pending(Duration.ofMinutes(10)).build()) {
            fx.rotate(PRIVATE_KEY, next);
            String pendingKid = pendingRing.keys().get(0).kid();
            String token = fx.canary(TokenForge.rs256(TokenForge.privateKey(next), TokenForge.header("RS256", pendingKid),
                    TokenForge.claims(START)));
            assertThat(fx.verifier(pendingRing).build().verify(token)).isNotNull();
        }
    }

    @Test
    void verify_rotation_oldTokensVerifyDuringGrace_failWithUnknownKidAfter() {
        JwtKeyRing short_ = fx.ring().grace(Duration.ofMinutes(10)).build();
        try (short_) {
            JwtSigner signer = fx.signer(short_).lifetime(Duration.ofHours(1)).build();
            JwtVerifier verifier = fx.verifier(short_).build();
            String old = fx.canary(signer.sign(JwtClaims.builder().subject("user-42").build()));
            fx.rotate(PRIVATE_KEY, fx.pem("rsa-2048-b.pem"));

            fx.advance(Duration.ofMinutes(9));
            assertThat(verifier.verify(old).subject()).contains("user-42");
            fx.advance(Duration.ofMinutes(1));
            assertRefused(() -> verifier.verify(old), Reason.UNKNOWN_KID);
        }
    }

    @Test
    void verify_whenTokenIsTooLarge_rejectsBeforeParsing() {
        JwtVerifier verifier = fx.verifier(ring).maxTokenSize(1024).build();
        String big = token("{\"exp\":" + (now() + 300) + ",\"pad\":\"" + "x".repeat(1024) + "\"}");
        assertRefused(() -> verifier.verify(big), Reason.TOO_LARGE);
        assertRefused(() -> fx.verifier(ring).build().verify("!".repeat(8 * 1024 + 1)), Reason.TOO_LARGE);
    }

    @Test
    void builder_refusesBadSettings_namingThem() {
        JwtVerifier.Builder b = JwtVerifier.builder(ring);
        assertThatThrownBy(() -> b.clockSkew(Duration.ofSeconds(-1))).hasMessageContaining("clockSkew");
        assertThatThrownBy(() -> b.maxLifetime(Duration.ZERO)).hasMessageContaining("maxLifetime");
        assertThatThrownBy(() -> b.maxTokenSize(10)).hasMessageContaining("maxTokenSize");
        assertThatThrownBy(() -> b.requiredClaims("sub", " ")).hasMessageContaining("requiredClaims");
        assertThatThrownBy(() -> b.issuer("")).hasMessageContaining("issuer");
        assertThatThrownBy(() -> b.audience("")).hasMessageContaining("audience");
    }

    @Test
    void verify_whenRefused_logsTheReasonAtDebug_butNoTokenAndNoClaim() {
        JwtVerifier verifier = fx.verifier(ring).issuer("https://auth.example").build();
        String token = token("{\"iss\":\"" + fx.canary("https://canary-issuer.example") + "\",\"exp\":" + (now() + 300) + "}");
        assertThatThrownBy(() -> verifier.verify(token)).isInstanceOf(JwtVerificationException.class);
        // LeakCheck also fails the test after it if the token or the issuer reached any log line.
        assertThat(leaks.capturedLines()).anyMatch(l -> l.contains("DEBUG") && l.contains("JWT refused: WRONG_ISSUER"));
        leaks.assertNoLeak(String.join("\n", leaks.capturedLines()));
    }
}
