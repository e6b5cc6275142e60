package dev.secrets4j.jwt.attacks;

import dev.secrets4j.jwt.JwtVerificationException.Reason;
import dev.secrets4j.jwt.JwtVerifier;
import dev.secrets4j.jwt.TokenForge;
import dev.secrets4j.testing.LeakCheck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Broken shapes: truncated, double-dotted, non-base64url, padded, JWE-shaped, non-JSON and
 * oversized tokens are refused as MALFORMED or TOO_LARGE, never with an exception of another type.
 */
class MalformedTokenTest {

    @RegisterExtension
    final LeakCheck leaks = LeakCheck.create();

    private final AttackFixture at = new AttackFixture(leaks);

    @AfterEach
    void close() {
        at.close();
    }

    private String good() {
        return at.signedByRing(TokenForge.header("RS256", at.ring.primaryKid()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "..", "...", "abc", "a.b", "a..b", "..c", "a.b.c.d", "a.b.c.d.e",
            "eyJ+.eyJ/.c2ln", "eyJhbGciOiJSUzI1NiJ9=.e30.c2ln", "eyJh bGci.e30.c2ln", "é.e30.c2ln", "a.e30.c2ln",
            "aGVsbG8.e30.c2ln", "WzFd.e30.c2ln", "InN0cmluZyI.e30.c2ln", "e30.e30.c2ln"})
    void verify_whenShapeIsBroken_rejectsAsMalformed(String token) {
        at.assertRefused(token, Reason.MALFORMED);
    }

    @Test
    void verify_whenGoodTokenIsTruncatedOrPadded_rejects() {
        String token = good();
        String[] p = token.split("\\.");
        at.assertRefused(p[0] + "." + p[1], Reason.MALFORMED);
        at.assertRefused(p[0] + "." + p[1] + ".", Reason.MALFORMED);
        at.assertRefused(p[0] + ".." + p[2], Reason.MALFORMED);
        at.assertRefused(token + ".", Reason.MALFORMED);
        at.assertRefused(token + "=", Reason.MALFORMED);
        at.assertRefused(" " + token, Reason.MALFORMED);
        at.assertRefused(token + "\n", Reason.MALFORMED);
        // 340 of the signature's 342 characters: canonical base64url of 255 bytes, one short.
        at.assertRefused(token.substring(0, token.length() - 2), Reason.BAD_SIGNATURE);
        // Standard base64 where base64url belongs.
        at.assertRefused(p[0] + "." + p[1] + ".+" + p[2].substring(1), Reason.MALFORMED);
        at.assertRefused(p[0] + "." + p[1] + "./" + p[2].substring(1), Reason.MALFORMED);
    }

    @Test
    void verify_whenSignatureHasNonCanonicalBase64url_rejectsAsMalformed() {
        String token = good();
        // A 256-byte signature is 342 characters: the last one carries 2 bits and 4 unused ones.
        // Setting an unused bit decodes to the same bytes; such a twin of a valid token must not verify.
        char last = token.charAt(token.length() - 1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        char twin = alphabet.charAt(alphabet.indexOf(last) | 1);
        org.assertj.core.api.Assertions.assertThat(twin).isNotEqualTo(last);
        String twinToken = at.fx.canary(token.substring(0, token.length() - 1) + twin);
        org.assertj.core.api.Assertions.assertThat(java.util.Base64.getUrlDecoder().decode(twinToken.split("\\.")[2]))
                .isEqualTo(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[2]));
        at.assertRefused(twinToken, Reason.MALFORMED);
    }

    @Test
    void verify_whenSignedPayloadIsNotAClaimsObject_rejectsAsMalformed() {
        String header = TokenForge.header("RS256", at.ring.primaryKid());
        for (String payload : new String[] {"not json", "[1,2]", "\"text\"", "{\"exp\":\"tomorrow\"}",
                "{\"exp\":1e300}", "{\"aud\":42,\"exp\":" + (at.now().getEpochSecond() + 60) + "}",
                "{\"sub\":\"a\",\"sub\":\"b\",\"exp\":" + (at.now().getEpochSecond() + 60) + "}"}) {
            at.assertRefused(at.fx.canary(TokenForge.rs256(at.ringKey, header, payload)), Reason.MALFORMED);
        }
    }

    @Test
    void verify_whenHeaderHasDuplicateAlg_rejectsAsMalformed() {
        at.assertRefused(at.signedByRing("{\"alg\":\"RS256\",\"alg\":\"none\",\"kid\":\"" + at.ring.primaryKid() + "\"}"),
                Reason.MALFORMED);
    }

    @Test
    void verify_whenHeaderIsDeeplyNested_rejectsAsMalformed_withoutStackOverflow() {
        // Within a raised size limit, so that the parser, not the size check, meets the nesting.
        JwtVerifier generous = at.fx.verifier(at.ring).maxTokenSize(256 * 1024).build();
        String deep = "{\"alg\":\"RS256\",\"x\":" + "[".repeat(50_000) + "]".repeat(50_000) + "}";
        at.assertRefused(generous, TokenForge.b64(deep) + "." + TokenForge.b64(at.claims()) + ".c2ln", Reason.MALFORMED);
    }

    @Test
    void verify_whenOversized_rejectsAsTooLarge_beforeLookingAtIt() {
        String token = good();
        at.assertRefused(token + "A".repeat(8 * 1024 - token.length() + 1), Reason.TOO_LARGE);
        at.assertRefused("\0".repeat(1 << 20), Reason.TOO_LARGE);
    }
}
