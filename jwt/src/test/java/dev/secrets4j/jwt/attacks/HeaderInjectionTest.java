package dev.secrets4j.jwt.attacks;

import com.nimbusds.jose.jwk.RSAKey;
import dev.secrets4j.jwt.JwtVerificationException.Reason;
import dev.secrets4j.jwt.TokenForge;
import dev.secrets4j.testing.LeakCheck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keys smuggled in the header (an embedded {@code jwk}, an {@code x5c} chain) are never used, and
 * {@code crit} parameters the verifier does not understand make the token fail.
 */
class HeaderInjectionTest {

    @RegisterExtension
    final LeakCheck leaks = LeakCheck.create();

    private final AttackFixture at = new AttackFixture(leaks);

    @AfterEach
    void close() {
        at.close();
    }

    private RSAKey attackerJwk() throws Exception {
        RSAPrivateCrtKey k = (RSAPrivateCrtKey) at.attackerKey;
        RSAPublicKey pub = (RSAPublicKey) KeyFactory.getInstance("RSA")
                .generatePublic(new RSAPublicKeySpec(k.getModulus(), k.getPublicExponent()));
        return new RSAKey.Builder(pub).keyIDFromThumbprint().build();
    }

    private String attackerToken(String headerJson) {
        return at.fx.canary(TokenForge.rs256(at.attackerKey, headerJson, at.claims()));
    }

    @Test
    void verify_whenHeaderEmbedsAttackerJwk_neverUsesIt() throws Exception {
        RSAKey jwk = attackerJwk();
        String json = jwk.toJSONString();
        at.assertRefused(attackerToken("{\"alg\":\"RS256\",\"jwk\":" + json + "}"), Reason.BAD_SIGNATURE);
        at.assertRefused(attackerToken("{\"alg\":\"RS256\",\"kid\":\"" + jwk.getKeyID() + "\",\"jwk\":" + json + "}"),
                Reason.UNKNOWN_KID);
        at.assertRefused(attackerToken("{\"alg\":\"RS256\",\"kid\":\"" + at.ring.primaryKid() + "\",\"jwk\":" + json + "}"),
                Reason.BAD_SIGNATURE);
    }

    @Test
    void verify_whenHeaderCarriesX5cOfAttacker_neverUsesIt() throws Exception {
        // A syntactically valid base64 DER blob: the verifier must not even look at it.
        String x5c = java.util.Base64.getEncoder().encodeToString(attackerJwk().toPublicKey().getEncoded());
        at.assertRefused(attackerToken("{\"alg\":\"RS256\",\"x5c\":[\"" + x5c + "\"]}"), Reason.BAD_SIGNATURE);
    }

    @Test
    void verify_whenRingSignedTokenAlsoEmbedsAJwk_verifiesWithTheRingKeyAlone() throws Exception {
        String token = at.signedByRing("{\"alg\":\"RS256\",\"kid\":\"" + at.ring.primaryKid() + "\",\"jwk\":"
                + attackerJwk().toJSONString() + "}");
        assertThat(at.verifier.verify(token).subject()).contains("user-42");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[\"exp\"]", "[\"b64\"]", "[\"https://example.com/extension\"]", "[]", "\"exp\""})
    void verify_whenCritListsUnknownParams_rejectsWithUnsupportedCriticalHeader(String crit) {
        String token = at.signedByRing("{\"alg\":\"RS256\",\"kid\":\"" + at.ring.primaryKid() + "\",\"crit\":" + crit
                + ",\"exp\":1,\"b64\":false,\"https://example.com/extension\":true}");
        at.assertRefused(token, Reason.UNSUPPORTED_CRITICAL_HEADER);
    }
}
