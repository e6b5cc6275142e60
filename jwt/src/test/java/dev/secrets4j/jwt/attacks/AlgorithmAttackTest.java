package dev.secrets4j.jwt.attacks;

import dev.secrets4j.jwt.JwtAlgorithm;
import dev.secrets4j.jwt.JwtFixture;
import dev.secrets4j.jwt.JwtKeyRing;
import dev.secrets4j.jwt.JwtVerificationException.Reason;
import dev.secrets4j.jwt.TokenForge;
import dev.secrets4j.testing.LeakCheck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Algorithm attacks: unsigned tokens, algorithms outside the allow-list, and the RS256 to HS256
 * key confusion (an HS256 token MACed with the bytes of the ring's public key).
 */
class AlgorithmAttackTest {

    @RegisterExtension
    final LeakCheck leaks = LeakCheck.create();

    private final AttackFixture at = new AttackFixture(leaks);

    @AfterEach
    void close() {
        at.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "None", "NONE", "nOnE"})
    void verify_whenAlgIsNone_rejectsWithAlgNotAllowed(String none) {
        String unsigned = TokenForge.b64(TokenForge.header(none, at.ring.primaryKid())) + "." + TokenForge.b64(at.claims()) + ".";
        at.assertRefused(at.fx.canary(unsigned), Reason.ALG_NOT_ALLOWED);
        // The same with the signature of a real token pasted on: still refused for its alg.
        String real = at.signedByRing(TokenForge.header("RS256", at.ring.primaryKid()));
        at.assertRefused(at.fx.canary(unsigned + real.substring(real.lastIndexOf('.') + 1)), Reason.ALG_NOT_ALLOWED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"RS384", "RS512", "PS256", "ES256", "HS256", "HS512", "EdDSA", "rs256", "", "RS256 "})
    void verify_whenAlgIsOutsideTheAllowList_rejectsWithAlgNotAllowed(String alg) {
        // Signed with the ring's key as RS256, so only the header's alg is wrong.
        at.assertRefused(at.signedByRing(TokenForge.header(alg, at.ring.primaryKid())), Reason.ALG_NOT_ALLOWED);
    }

    @Test
    void verify_whenAlgIsNotAString_rejectsAsMalformed() {
        at.assertRefused(at.signedByRing("{\"alg\":[\"RS256\"],\"kid\":\"" + at.ring.primaryKid() + "\"}"), Reason.MALFORMED);
        at.assertRefused(at.signedByRing("{\"kid\":\"" + at.ring.primaryKid() + "\"}"), Reason.MALFORMED);
    }

    @Test
    void verify_rs256TokenOnAPs256Ring_rejectsWithAlgNotAllowed() {
        try (JwtKeyRing ps = at.fx.ring().algorithm(JwtAlgorithm.PS256).build()) {
            String rs = at.signedByRing(TokenForge.header("RS256", ps.primaryKid()));
            at.assertRefused(at.fx.verifier(ps).build(), rs, Reason.ALG_NOT_ALLOWED);
            String good = at.fx.canary(TokenForge.ps256(at.ringKey, TokenForge.header("PS256", ps.primaryKid()), at.claims()));
            assertThat(at.fx.verifier(ps).build().verify(good).subject()).contains("user-42");
        }
    }

    /** Every encoding of the public key an attacker could feed an HMAC, in the hope that the verifier does the same. */
    private List<byte[]> publicKeyEncodings() {
        String pem = JwtFixture.read("rsa-2048-a-public.pem");
        String body = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return List.of(pem.getBytes(StandardCharsets.US_ASCII), pem.strip().getBytes(StandardCharsets.US_ASCII),
                Base64.getDecoder().decode(body), body.getBytes(StandardCharsets.US_ASCII),
                at.ring.jwks().getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void verify_hs256TokenMacedWithThePublicKey_withoutLegacySecret_rejectsWithAlgNotAllowed() {
        for (byte[] key : publicKeyEncodings()) {
            String forged = at.fx.canary(TokenForge.hs256(key, TokenForge.header("HS256", at.ring.primaryKid()), at.claims()));
            at.assertRefused(forged, Reason.ALG_NOT_ALLOWED);
        }
    }

    @Test
    void verify_hs256TokenMacedWithThePublicKey_duringMigration_rejectsWithBadSignature() {
        at.fx.set("JWT_SECRET", at.fx.canary("legacy-hmac-canary-0123456789-abcdefghij"));
        try (JwtKeyRing legacy = at.fx.ring().legacyHmac("JWT_SECRET", Instant.parse("2030-01-01T00:00:00Z")).build()) {
            for (byte[] key : publicKeyEncodings()) {
                for (String kid : new String[] {legacy.primaryKid(), null}) {
                    String forged = at.fx.canary(TokenForge.hs256(key, TokenForge.header("HS256", kid), at.claims()));
                    at.assertRefused(at.fx.verifier(legacy).build(), forged, Reason.BAD_SIGNATURE);
                }
            }
        }
    }
}
