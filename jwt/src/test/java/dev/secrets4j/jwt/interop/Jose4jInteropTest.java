package dev.secrets4j.jwt.interop;

import dev.secrets4j.jwt.JwtAlgorithm;
import dev.secrets4j.jwt.JwtClaims;
import dev.secrets4j.jwt.JwtKey;
import dev.secrets4j.jwt.JwtVerificationException;
import dev.secrets4j.testing.LeakCheck;
import org.jose4j.jwa.AlgorithmConstraints.ConstraintType;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.Use;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.jose4j.lang.HashUtil;
import org.jose4j.lang.JoseException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.List;

import static dev.secrets4j.jwt.interop.InteropFixture.AUDIENCE;
import static dev.secrets4j.jwt.interop.InteropFixture.ISSUER;
import static dev.secrets4j.jwt.interop.InteropFixture.KEY_A;
import static dev.secrets4j.jwt.interop.InteropFixture.KEY_B;
import static dev.secrets4j.jwt.interop.InteropFixture.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Our tokens and JWKS against jose4j (its {@code JwtConsumer} keyed by our JWKS, its
 * {@code JsonWebSignature} signer), and jose4j-signed tokens against our verifier.
 */
class Jose4jInteropTest {

    @RegisterExtension
    final LeakCheck leaks = LeakCheck.create();

    @ParameterizedTest(name = "{0} with {1}")
    @CsvSource({"RS256, rsa-2048-a.pem", "PS256, rsa-2048-a.pem", "RS256, rsa-4096.pem", "PS256, rsa-4096.pem"})
    void ourToken_passesJose4jConsumer_keyedByOurJwks(JwtAlgorithm alg, String key) throws Exception {
        try (InteropFixture f = InteropFixture.start(leaks, key, alg)) {
            String token = InteropFixture.canaryToken(leaks, f.signer.sign(InteropFixture.standardClaims()));

            org.jose4j.jwt.JwtClaims claims = consumer(f.ring.jwks(), alg).processToClaims(token);

            assertThat(claims.getIssuer()).isEqualTo(ISSUER);
            assertThat(claims.getSubject()).isEqualTo("user-42");
            assertThat(claims.getAudience()).containsExactly(AUDIENCE);
            assertThat(claims.getClaimValueAsString("role")).isEqualTo("admin");
            assertThat(claims.getStringListClaimValue("permissions")).containsExactly("read", "write");
            assertThat(claims.getClaimValue("user_id", Long.class)).isEqualTo(42L);
            assertThat(claims.getIssuedAt().getValue()).isEqualTo(NOW.getEpochSecond());
            assertThat(claims.getExpirationTime().getValue()).isEqualTo(NOW.plus(Duration.ofMinutes(15)).getEpochSecond());
            assertThat(claims.getJwtId()).isNotBlank();
        }
    }

    @ParameterizedTest(name = "{0} with {1}")
    @CsvSource({"RS256, rsa-2048-a.pem", "PS256, rsa-2048-a.pem", "RS256, rsa-4096.pem", "PS256, rsa-4096.pem"})
    void jose4jToken_signedWithOurKey_verifiesWithOurs(JwtAlgorithm alg, String key) throws Exception {
        try (InteropFixture f = InteropFixture.start(leaks, key, alg)) {
            String token = InteropFixture.canaryToken(leaks, jose4jSign(key, alg, f.ring.primaryKid(), AUDIENCE));

            JwtClaims claims = f.verifier.verify(token);

            assertThat(claims.issuer()).contains(ISSUER);
            assertThat(claims.subject()).contains("user-42");
            assertThat(claims.audience()).containsExactly(AUDIENCE);
            assertThat(claims.stringClaim("role")).contains("admin");
            assertThat(claims.claim("permissions")).contains(List.of("read", "write"));
            assertThat(claims.expiresAt()).contains(NOW.plus(Duration.ofMinutes(10)));
            assertThat(claims.issuedAt()).contains(NOW);
        }
    }

    @Test
    void jose4jToken_forAnotherAudience_failsWithWrongAudience_withoutEchoingIt() throws Exception {
        try (InteropFixture f = InteropFixture.start(leaks, KEY_A, JwtAlgorithm.RS256)) {
            String token = InteropFixture.canaryToken(leaks,
                    jose4jSign(KEY_A, JwtAlgorithm.RS256, f.ring.primaryKid(), "canary-audience-7f3a-other"));
            leaks.canary("canary-audience-7f3a-other");   // a claim value: must not be echoed either

            assertThatThrownBy(() -> f.verifier.verify(token))
                    .isInstanceOfSatisfying(JwtVerificationException.class, e -> {
                        assertThat(e.reason()).isEqualTo(JwtVerificationException.Reason.WRONG_AUDIENCE);
                        leaks.assertNoLeak(e);
                    });
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"RS256", "PS256"})
    void ourJwks_parsesWithJose4j_asPublicSigningKeys_whoseThumbprintIsTheKid(JwtAlgorithm alg) throws Exception {
        try (InteropFixture f = InteropFixture.start(leaks, KEY_A, alg)) {
            f.rotateTo(leaks, KEY_B);

            List<JsonWebKey> keys = new JsonWebKeySet(f.ring.jwks()).getJsonWebKeys();

            assertThat(keys).hasSize(2);
            for (JsonWebKey jwk : keys) {
                assertThat(jwk).isInstanceOf(RsaJsonWebKey.class);
                assertThat(((RsaJsonWebKey) jwk).getPrivateKey()).isNull();
                assertThat(jwk.getUse()).isEqualTo(Use.SIGNATURE);
                assertThat(jwk.getAlgorithm()).isEqualTo(alg.name());
                assertThat(jwk.getKeyId()).isEqualTo(jwk.calculateBase64urlEncodedThumbprint(HashUtil.SHA_256));
            }
            assertThat(keys).extracting(JsonWebKey::getKeyId)
                    .containsExactlyInAnyOrderElementsOf(f.ring.keys().stream().map(JwtKey::kid).toList());
            assertThat(keys).extracting(k -> ((RsaJsonWebKey) k).getRsaPublicKey())
                    .containsExactlyInAnyOrder(InteropFixture.publicKey(KEY_A), InteropFixture.publicKey(KEY_B));
        }
    }

    /** A jose4j consumer that takes its keys from {@code jwks} only and evaluates at {@link InteropFixture#NOW}. */
    private static JwtConsumer consumer(String jwks, JwtAlgorithm alg) throws JoseException {
        return new JwtConsumerBuilder()
                .setVerificationKeyResolver(new JwksVerificationKeyResolver(new JsonWebKeySet(jwks).getJsonWebKeys()))
                .setJwsAlgorithmConstraints(ConstraintType.PERMIT, identifier(alg))
                .setExpectedType(true, "JWT")
                .setExpectedIssuer(ISSUER)
                .setExpectedAudience(AUDIENCE)
                .setRequireSubject()
                .setRequireExpirationTime()
                .setRequireIssuedAt()
                .setRequireJwtId()
                .setEvaluationTime(NumericDate.fromSeconds(NOW.getEpochSecond()))
                .build();
    }

    /** A token jose4j signs with the private key of {@code keyResource}. */
    private static String jose4jSign(String keyResource, JwtAlgorithm alg, String kid, String audience) throws JoseException {
        org.jose4j.jwt.JwtClaims claims = new org.jose4j.jwt.JwtClaims();
        claims.setIssuer(ISSUER);
        claims.setSubject("user-42");
        claims.setAudience(audience);
        claims.setIssuedAt(NumericDate.fromSeconds(NOW.getEpochSecond()));
        claims.setExpirationTime(NumericDate.fromSeconds(NOW.plus(Duration.ofMinutes(10)).getEpochSecond()));
        claims.setGeneratedJwtId();
        claims.setClaim("role", "admin");
        claims.setStringListClaim("permissions", "read", "write");

        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(InteropFixture.privateKey(keyResource));
        jws.setAlgorithmHeaderValue(identifier(alg));
        jws.setKeyIdHeaderValue(kid);
        jws.setHeader("typ", "JWT");
        return jws.getCompactSerialization();
    }

    private static String identifier(JwtAlgorithm alg) {
        return switch (alg) {
            case RS256 -> AlgorithmIdentifiers.RSA_USING_SHA256;
            case PS256 -> AlgorithmIdentifiers.RSA_PSS_USING_SHA256;
            case HS256 -> AlgorithmIdentifiers.HMAC_SHA256;
        };
    }
}
