package dev.secrets4j.jwt;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.secrets4j.testing.LeakCheck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static dev.secrets4j.jwt.JwtFixture.PRIVATE_KEY;
import static dev.secrets4j.jwt.JwtFixture.START;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** JwtSigner: header, default and custom claims, PS256, and the key it signs with across a rotation. */
class JwtSignerTest {

    @RegisterExtension
    final LeakCheck leaks = LeakCheck.create();

    private final JwtFixture fx = JwtFixture.create(leaks);
    private JwtKeyRing ring;

    @BeforeEach
    void ring() {
        fx.set(PRIVATE_KEY, fx.pem("rsa-2048-a.pem"));
        ring = fx.ring().build();
    }

    @AfterEach
    void close() {
        ring.close();
        fx.close();
    }

    @Test
    void sign_headerCarriesAlgKidAndTypJwt() throws Exception {
        String token = fx.canary(fx.signer(ring).build().sign(JwtClaims.builder().subject("user-42").build()));

        Map<String, Object> header = part(token, 0);
        assertThat(header).containsOnly(Map.entry("alg", "RS256"), Map.entry("kid", ring.primaryKid()), Map.entry("typ", "JWT"));
    }

    @Test
    void sign_setsIatNowExpFromLifetimeRandomJtiAndDefaultIssuer() throws Exception {
        JwtSigner signer = fx.signer(ring).issuer("https://auth.example").lifetime(Duration.ofMinutes(10)).build();
        String first = fx.canary(signer.sign(JwtClaims.builder().subject("user-42").build()));
        String second = fx.canary(signer.sign(JwtClaims.builder().subject("user-42").build()));

        Map<String, Object> claims = part(first, 1);
        assertThat(claims).containsEntry("iss", "https://auth.example").containsEntry("sub", "user-42")
                .containsEntry("iat", START.getEpochSecond())
                .containsEntry("exp", START.plus(Duration.ofMinutes(10)).getEpochSecond());
        assertThat((String) claims.get("jti")).hasSizeGreaterThanOrEqualTo(22).isNotEqualTo(part(second, 1).get("jti"));
    }

    @Test
    void sign_claimsOverrideTheDefaults() throws Exception {
        Instant iat = START.minusSeconds(30);
        JwtSigner signer = fx.signer(ring).issuer("https://default.example").build();
        String token = fx.canary(signer.sign(JwtClaims.builder().issuer("https://other.example").issuedAt(iat)
                .jwtId("fixed-id").build()));

        assertThat(part(token, 1)).containsEntry("iss", "https://other.example").containsEntry("jti", "fixed-id")
                .containsEntry("iat", iat.getEpochSecond())
                .containsEntry("exp", iat.plus(Duration.ofMinutes(15)).getEpochSecond());
        Instant exp = START.plus(Duration.ofHours(1));
        assertThat(part(fx.canary(signer.sign(JwtClaims.builder().expiresAt(exp).build())), 1))
                .containsEntry("exp", exp.getEpochSecond());
    }

    @Test
    void sign_carriesCustomClaims_andVerifyGivesThemBack() {
        JwtClaims claims = JwtClaims.builder().subject("user-42").audience("api")
                .claim("user_id", 42).claim("role", "admin").claim("permissions", List.of("read", "write"))
                .claim("session_id", "s-1").claim("profile", Map.of("team", "blue", "level", 3)).claim("mfa", true)
                .build();
        String token = fx.canary(fx.signer(ring).build().sign(claims));

        JwtClaims verified = fx.verifier(ring).audience("api").build().verify(token);
        assertThat(verified.stringClaim("role")).contains("admin");
        assertThat(verified.claim("user_id")).contains(42L);
        assertThat(verified.claim("permissions")).contains(List.of("read", "write"));
        assertThat(verified.claim("profile")).contains(Map.of("team", "blue", "level", 3L));
        assertThat(verified.claim("mfa")).contains(true);
        assertThat(verified.audience()).containsExactly("api");
        assertThat(verified.toString()).doesNotContain("admin", "blue", "user-42");
    }

    @Test
    void sign_oneAudienceIsAString_manyAreAnArray() throws Exception {
        JwtSigner signer = fx.signer(ring).build();
        assertThat(part(fx.canary(signer.sign(JwtClaims.builder().audience("api").build())), 1)).containsEntry("aud", "api");
        assertThat(part(fx.canary(signer.sign(JwtClaims.builder().audience("api", "admin").build())), 1))
                .containsEntry("aud", List.of("api", "admin"));
    }

    @Test
    void sign_withPs256Ring_putsPs256InHeader_andVerifies() throws Exception {
        try (JwtKeyRing ps = fx.ring().algorithm(JwtAlgorithm.PS256).build()) {
            String token = fx.canary(fx.signer(ps).build().sign(JwtClaims.builder().subject("user-42").build()));

            assertThat(part(token, 0)).containsEntry("alg", "PS256");
            assertThat(fx.verifier(ps).build().verify(token).subject()).contains("user-42");
            assertThat(ps.jwks()).contains("\"alg\":\"PS256\"");
        }
    }

    @Test
    void sign_afterRotation_usesTheNewKid_oldTokensStillVerifyDuringGrace() {
        JwtSigner signer = fx.signer(ring).build();
        JwtVerifier verifier = fx.verifier(ring).build();
        String before = fx.canary(signer.sign(JwtClaims.builder().subject("user-42").build()));
        String oldKid = ring.primaryKid();

        fx.rotate(PRIVATE_KEY, fx.pem("rsa-2048-b.pem"));
        String after = fx.canary(signer.sign(JwtClaims.builder().subject("user-42").build()));

        assertThat(ring.primaryKid()).isNotEqualTo(oldKid);
        assertThat(verifier.verify(before).subject()).contains("user-42");
        assertThat(verifier.verify(after).subject()).contains("user-42");
    }

    @Test
    void builder_refusesBadSettings_namingThem() {
        JwtSigner.Builder b = JwtSigner.builder(ring);
        assertThatThrownBy(() -> b.lifetime(Duration.ZERO)).hasMessageContaining("lifetime");
        assertThatThrownBy(() -> b.lifetime(Duration.ofMillis(500))).hasMessageContaining("lifetime");
        assertThatThrownBy(() -> b.issuer(" ")).hasMessageContaining("issuer");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> part(String token, int index) throws Exception {
        String json = new String(Base64.getUrlDecoder().decode(token.split("\\.")[index]), StandardCharsets.UTF_8);
        return JSONObjectUtils.parse(json);
    }
}
