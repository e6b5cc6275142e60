package dev.secrets4j.jwt.interop;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.secrets4j.Keyset;
import dev.secrets4j.jwt.JwtAlgorithm;
import dev.secrets4j.jwt.JwtClaims;
import dev.secrets4j.jwt.JwtKey;
import dev.secrets4j.jwt.JwtVerificationException;
import dev.secrets4j.testing.LeakCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static dev.secrets4j.jwt.interop.InteropFixture.AUDIENCE;
import static dev.secrets4j.jwt.interop.InteropFixture.ISSUER;
import static dev.secrets4j.jwt.interop.InteropFixture.KEY_A;
import static dev.secrets4j.jwt.interop.InteropFixture.KEY_B;
import static dev.secrets4j.jwt.interop.InteropFixture.NOW;
import static dev.secrets4j.jwt.interop.InteropFixture.OUTSIDER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Our tokens and JWKS against nimbus-jose-jwt used directly (its own signer, verifier, JWKS
 * parser and JWT processor), and nimbus-signed tokens against our verifier.
 */
class NimbusInteropTest {

    @RegisterExtension
    final LeakCheck leaks = LeakCheck.create();

    @ParameterizedTest(name = "{0} with {1}")
    @CsvSource({"RS256, rsa-2048-a.pem", "PS256, rsa-2048-a.pem", "RS256, rsa-4096.pem", "PS256, rsa-4096.pem"})
    void ourToken_verifiesWithNimbusVerifier_withHeaderAndClaimsIntact(JwtAlgorithm alg, String key) throws Exception {
        try (InteropFixture f = InteropFixture.start(leaks, key, alg)) {
            SignedJWT jwt = SignedJWT.parse(InteropFixture.canaryToken(leaks, f.signer.sign(InteropFixture.standardClaims())));

            assertThat(jwt.verify(new RSASSAVerifier(InteropFixture.publicKey(key)))).isTrue();
            assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.parse(alg.name()));
            assertThat(jwt.getHeader().getKeyID()).isEqualTo(f.ring.primaryKid());
            assertThat(jwt.getHeader().getType()).isEqualTo(JOSEObjectType.JWT);
            assertStandardClaims(jwt.getJWTClaimsSet());
            assertThat(jwt.getJWTClaimsSet().getIssueTime()).isEqualTo(Date.from(NOW));
            assertThat(jwt.getJWTClaimsSet().getExpirationTime()).isEqualTo(Date.from(NOW.plus(Duration.ofMinutes(15))));
            assertThat(jwt.getJWTClaimsSet().getJWTID()).isNotBlank();
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"RS256", "PS256"})
    void ourToken_passesNimbusJwtProcessor_keyedByOurJwks(JwtAlgorithm alg) throws Exception {
        try (InteropFixture f = InteropFixture.start(leaks, KEY_A, alg)) {
            String token = InteropFixture.canaryToken(leaks, f.signer.sign(InteropFixture.standardClaims()));

            JWTClaimsSet claims = processor(f.ring.jwks(), JWSAlgorithm.parse(alg.name())).process(token, null);

            assertStandardClaims(claims);
        }
    }

    @ParameterizedTest(name = "{0} with {1}")
    @CsvSource({"RS256, rsa-2048-a.pem", "PS256, rsa-2048-a.pem", "RS256, rsa-4096.pem", "PS256, rsa-4096.pem"})
    void nimbusToken_signedWithOurKey_verifiesWithOurs(JwtAlgorithm alg, String key) throws Exception {
        try (InteropFixture f = InteropFixture.start(leaks, key, alg)) {
            String token = InteropFixture.canaryToken(leaks, nimbusSign(key, alg, f.ring.primaryKid()));

            JwtClaims claims = f.verifier.verify(token);

            assertThat(claims.subject()).contains("user-42");
            assertThat(claims.issuer()).contains(ISSUER);
            assertThat(claims.audience()).containsExactly(AUDIENCE);
            assertThat(claims.stringClaim("role")).contains("admin");
            assertThat(claims.claim("permissions")).contains(List.of("read", "write"));
            assertThat(claims.expiresAt()).contains(NOW.plus(Duration.ofMinutes(10)));
        }
    }

    @Test
    void nimbusTokenWithoutKid_isTriedAgainstThePrimary_andVerifies() throws Exception {
        try (InteropFixture f = InteropFixture.start(leaks, KEY_A, JwtAlgorithm.RS256)) {
            String token = InteropFixture.canaryToken(leaks, nimbusSign(KEY_A, JwtAlgorithm.RS256, null));

            assertThat(f.verifier.verify(token).stringClaim("role")).contains("admin");
        }
    }

    @Test
    void nimbusToken_signedByAKeyOutsideTheRing_underOurKid_failsWithBadSignature_withoutEchoingIt() throws Exception {
        InteropFixture.canaryPem(leaks, OUTSIDER);
        try (InteropFixture f = InteropFixture.start(leaks, KEY_A, JwtAlgorithm.RS256)) {
            String token = InteropFixture.canaryToken(leaks, nimbusSign(OUTSIDER, JwtAlgorithm.RS256, f.ring.primaryKid()));

            assertThatThrownBy(() -> f.verifier.verify(token))
                    .isInstanceOfSatisfying(JwtVerificationException.class, e -> {
                        assertThat(e.reason()).isEqualTo(JwtVerificationException.Reason.BAD_SIGNATURE);
                        leaks.assertNoLeak(e);
                    });
        }
    }

    @Test
    void nimbusToken_withAKidNotInTheRing_failsWithUnknownKid() throws Exception {
        try (InteropFixture f = InteropFixture.start(leaks, KEY_A, JwtAlgorithm.RS256)) {
            String token = InteropFixture.canaryToken(leaks, nimbusSign(KEY_A, JwtAlgorithm.RS256, "no-such-kid-" + UUID.randomUUID()));

            assertThatThrownBy(() -> f.verifier.verify(token))
                    .isInstanceOfSatisfying(JwtVerificationException.class, e -> {
                        assertThat(e.reason()).isEqualTo(JwtVerificationException.Reason.UNKNOWN_KID);
                        leaks.assertNoLeak(e);
                    });
        }
    }

    @Test
    void ourJwks_parsesWithNimbus_asPublicSigningKeys_whoseThumbprintIsTheKid() throws Exception {
        try (InteropFixture f = InteropFixture.start(leaks, KEY_A, JwtAlgorithm.RS256)) {
            f.rotateTo(leaks, KEY_B);   // the JWKS now holds the new primary and the verify-only old key
            String jwks = f.ring.jwks();

            JWKSet set = JWKSet.parse(jwks);

            assertThat(set.getKeys()).hasSize(2);
            for (JWK jwk : set.getKeys()) {
                assertThat(jwk).isInstanceOf(RSAKey.class);
                assertThat(jwk.isPrivate()).isFalse();
                assertThat(jwk.getKeyUse()).isEqualTo(KeyUse.SIGNATURE);
                assertThat(jwk.getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
                assertThat(jwk.getKeyID()).isEqualTo(jwk.computeThumbprint().toString());
            }
            assertThat(set.getKeys()).extracting(JWK::getKeyID)
                    .containsExactlyInAnyOrderElementsOf(f.ring.keys().stream().map(JwtKey::kid).toList())
                    .contains(f.ring.primaryKid(), thumbprint(KEY_A), thumbprint(KEY_B));
            assertThat(((RSAKey) set.getKeyByKeyId(thumbprint(KEY_A))).toRSAPublicKey())
                    .isEqualTo(InteropFixture.publicKey(KEY_A));
            assertThat(set.toJSONObject(false)).isEqualTo(set.toJSONObject(true));   // nothing private to strip
            assertThat(f.ring.keys()).extracting(JwtKey::state)
                    .containsExactlyInAnyOrder(Keyset.State.PRIMARY, Keyset.State.VERIFY_ONLY);
            assertThat(jwks).doesNotContain("\"d\"", "\"p\"", "\"q\"", "\"dp\"", "\"dq\"", "\"qi\"");
        }
    }

    @Test
    void rotation_nimbusVerifiesOldAndNewTokensThroughTheJwks_untilTheGraceEnds() throws Exception {
        try (InteropFixture f = InteropFixture.start(leaks, KEY_A, JwtAlgorithm.RS256)) {
            // Valid for two days, so that after the grace period only the dropped key can fail it.
            JwtClaims longLived = JwtClaims.builder().subject("user-42").audience(AUDIENCE).claim("role", "admin")
                    .claim("permissions", List.of("read", "write")).claim("user_id", 42)
                    .expiresAt(NOW.plus(Duration.ofDays(2))).build();
            String before = InteropFixture.canaryToken(leaks, f.signer.sign(longLived));
            f.rotateTo(leaks, KEY_B);
            String after = InteropFixture.canaryToken(leaks, f.signer.sign(InteropFixture.standardClaims()));

            DefaultJWTProcessor<SecurityContext> duringGrace = processor(f.ring.jwks(), JWSAlgorithm.RS256);
            assertThat(SignedJWT.parse(after).getHeader().getKeyID()).isEqualTo(thumbprint(KEY_B));
            assertStandardClaims(duringGrace.process(before, null));
            assertStandardClaims(duringGrace.process(after, null));

            f.time.advance(Duration.ofHours(24));   // the default grace period: key A is dropped
            DefaultJWTProcessor<SecurityContext> afterGrace = processor(f.ring.jwks(), JWSAlgorithm.RS256);
            assertThatThrownBy(() -> afterGrace.process(before, null)).isInstanceOf(BadJOSEException.class);
            assertThatThrownBy(() -> f.verifier.verify(before))
                    .isInstanceOfSatisfying(JwtVerificationException.class,
                            e -> assertThat(e.reason()).isEqualTo(JwtVerificationException.Reason.UNKNOWN_KID));
        }
    }

    /** Asserts the claims of {@link InteropFixture#standardClaims()} as nimbus reads them. */
    private static void assertStandardClaims(JWTClaimsSet claims) throws ParseException {
        assertThat(claims.getIssuer()).isEqualTo(ISSUER);
        assertThat(claims.getSubject()).isEqualTo("user-42");
        assertThat(claims.getAudience()).containsExactly(AUDIENCE);
        assertThat(claims.getStringClaim("role")).isEqualTo("admin");
        assertThat(claims.getStringListClaim("permissions")).containsExactly("read", "write");
        assertThat(claims.getLongClaim("user_id")).isEqualTo(42L);
    }

    /** A nimbus JWT processor that takes its keys from {@code jwks} only, at {@link InteropFixture#NOW}. */
    private static DefaultJWTProcessor<SecurityContext> processor(String jwks, JWSAlgorithm alg) throws ParseException {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(alg, new ImmutableJWKSet<>(JWKSet.parse(jwks))));
        JWTClaimsSet exact = new JWTClaimsSet.Builder().issuer(ISSUER).build();
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(AUDIENCE, exact, Set.of("sub", "exp", "iat", "role")) {
            @Override
            protected Date currentTime() {
                return Date.from(NOW);
            }
        });
        return processor;
    }

    /** A token nimbus signs with the private key of {@code keyResource}; {@code kid} may be null. */
    private static String nimbusSign(String keyResource, JwtAlgorithm alg, String kid) throws JOSEException {
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.parse(alg.name()))
                .keyID(kid).type(JOSEObjectType.JWT).build();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject("user-42")
                .audience(AUDIENCE)
                .issueTime(Date.from(NOW))
                .expirationTime(Date.from(NOW.plus(Duration.ofMinutes(10))))
                .jwtID(UUID.randomUUID().toString())
                .claim("role", "admin")
                .claim("permissions", List.of("read", "write"))
                .build();
        SignedJWT jwt = new SignedJWT(header, claims);
        jwt.sign(new RSASSASigner(InteropFixture.privateKey(keyResource)));
        return jwt.serialize();
    }

    /** The RFC 7638 thumbprint nimbus computes for the public key of {@code keyResource}. */
    private static String thumbprint(String keyResource) throws JOSEException {
        return new RSAKey.Builder(InteropFixture.publicKey(keyResource)).build().computeThumbprint().toString();
    }
}
