package dev.secrets4j.jwt.interop;

import dev.secrets4j.jwt.JwtAlgorithm;
import dev.secrets4j.jwt.JwtClaims;
import dev.secrets4j.jwt.JwtKey;
import dev.secrets4j.jwt.JwtVerificationException;
import dev.secrets4j.testing.LeakCheck;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.Jws;
import io.jsonwebtoken.JwsHeader;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.LocatorAdapter;
import io.jsonwebtoken.io.Encoders;
import io.jsonwebtoken.security.Jwk;
import io.jsonwebtoken.security.JwkSet;
import io.jsonwebtoken.security.Jwks;
import io.jsonwebtoken.security.PrivateJwk;
import io.jsonwebtoken.security.RsaPublicJwk;
import io.jsonwebtoken.security.SignatureAlgorithm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.security.Key;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import static dev.secrets4j.jwt.interop.InteropFixture.AUDIENCE;
import static dev.secrets4j.jwt.interop.InteropFixture.ISSUER;
import static dev.secrets4j.jwt.interop.InteropFixture.KEY_A;
import static dev.secrets4j.jwt.interop.InteropFixture.KEY_B;
import static dev.secrets4j.jwt.interop.InteropFixture.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Our tokens and JWKS against jjwt (its parser, keyed through a locator over our JWKS as jjwt's
 * {@code Jwks.setParser()} reads it, and its builder), and jjwt-signed tokens against our verifier.
 */
class JjwtInteropTest {

    @RegisterExtension
    final LeakCheck leaks = LeakCheck.create();

    @ParameterizedTest(name = "{0} with {1}")
    @CsvSource({"RS256, rsa-2048-a.pem", "PS256, rsa-2048-a.pem", "RS256, rsa-4096.pem", "PS256, rsa-4096.pem"})
    void ourToken_passesJjwtParser_keyedByOurJwks(JwtAlgorithm alg, String key) {
        try (InteropFixture f = InteropFixture.start(leaks, key, alg)) {
            String token = InteropFixture.canaryToken(leaks, f.signer.sign(InteropFixture.standardClaims()));

            Jws<Claims> jws = parser(f.ring.jwks(), alg).parseSignedClaims(token);

            assertThat(jws.getHeader().getAlgorithm()).isEqualTo(alg.name());
            assertThat(jws.getHeader().getKeyId()).isEqualTo(f.ring.primaryKid());
            assertThat(jws.getHeader().getType()).isEqualTo("JWT");
            Claims claims = jws.getPayload();
            assertThat(claims.getIssuer()).isEqualTo(ISSUER);
            assertThat(claims.getSubject()).isEqualTo("user-42");
            assertThat(claims.getAudience()).containsExactly(AUDIENCE);
            assertThat(claims.get("role", String.class)).isEqualTo("admin");
            assertThat(claims.get("permissions", List.class)).containsExactly("read", "write");
            assertThat(claims.get("user_id", Integer.class)).isEqualTo(42);
            assertThat(claims.getIssuedAt()).isEqualTo(Date.from(NOW));
            assertThat(claims.getExpiration()).isEqualTo(Date.from(NOW.plus(Duration.ofMinutes(15))));
            assertThat(claims.getId()).isNotBlank();
        }
    }

    @ParameterizedTest(name = "{0} with {1}")
    @CsvSource({"RS256, rsa-2048-a.pem", "PS256, rsa-2048-a.pem", "RS256, rsa-4096.pem", "PS256, rsa-4096.pem"})
    void jjwtToken_signedWithOurKey_verifiesWithOurs(JwtAlgorithm alg, String key) {
        try (InteropFixture f = InteropFixture.start(leaks, key, alg)) {
            String token = InteropFixture.canaryToken(leaks,
                    jjwtSign(key, alg, f.ring.primaryKid(), NOW.plus(Duration.ofMinutes(10))));

            JwtClaims claims = f.verifier.verify(token);

            assertThat(claims.issuer()).contains(ISSUER);
            assertThat(claims.subject()).contains("user-42");
            assertThat(claims.audience()).containsExactly(AUDIENCE);   // jjwt writes a one-element array
            assertThat(claims.stringClaim("role")).contains("admin");
            assertThat(claims.claim("permissions")).contains(List.of("read", "write"));
            assertThat(claims.expiresAt()).contains(NOW.plus(Duration.ofMinutes(10)));
        }
    }

    @Test
    void jjwtToken_expiredPastTheSkew_failsWithExpired_withoutEchoingIt() {
        try (InteropFixture f = InteropFixture.start(leaks, KEY_A, JwtAlgorithm.RS256)) {
            String token = InteropFixture.canaryToken(leaks,
                    jjwtSign(KEY_A, JwtAlgorithm.RS256, f.ring.primaryKid(), NOW.minus(Duration.ofSeconds(61))));

            assertThatThrownBy(() -> f.verifier.verify(token))
                    .isInstanceOfSatisfying(JwtVerificationException.class, e -> {
                        assertThat(e.reason()).isEqualTo(JwtVerificationException.Reason.EXPIRED);
                        leaks.assertNoLeak(e);
                    });
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"RS256", "PS256"})
    void ourJwks_parsesWithJjwt_asPublicSigningKeys_whoseThumbprintIsTheKid(JwtAlgorithm alg) {
        try (InteropFixture f = InteropFixture.start(leaks, KEY_A, alg)) {
            f.rotateTo(leaks, KEY_B);

            JwkSet set = Jwks.setParser().build().parse(f.ring.jwks());

            assertThat(set.getKeys()).hasSize(2);
            for (Jwk<?> jwk : set.getKeys()) {
                assertThat(jwk).isInstanceOf(RsaPublicJwk.class).isNotInstanceOf(PrivateJwk.class);
                assertThat(((RsaPublicJwk) jwk).getPublicKeyUse()).isEqualTo("sig");
                assertThat(jwk.getAlgorithm()).isEqualTo(alg.name());
                assertThat(jwk.getId()).isEqualTo(Encoders.BASE64URL.encode(jwk.thumbprint().toByteArray()));
            }
            assertThat(set.getKeys()).extracting(Jwk::getId)
                    .containsExactlyInAnyOrderElementsOf(f.ring.keys().stream().map(JwtKey::kid).toList());
            assertThat(set.getKeys()).extracting(jwk -> (Key) jwk.toKey())
                    .containsExactlyInAnyOrder(InteropFixture.publicKey(KEY_A), InteropFixture.publicKey(KEY_B));
        }
    }

    /** A jjwt parser that finds keys by {@code kid} in {@code jwks} only, with its clock at {@link InteropFixture#NOW}. */
    private static io.jsonwebtoken.JwtParser parser(String jwks, JwtAlgorithm alg) {
        JwkSet set = Jwks.setParser().build().parse(jwks);
        return Jwts.parser()
                .keyLocator(new LocatorAdapter<Key>() {
                    @Override
                    protected Key locate(JwsHeader header) {
                        return set.getKeys().stream()
                                .filter(k -> k.getId().equals(header.getKeyId()))
                                .findFirst()
                                .map(Jwk::toKey)
                                .orElse(null);
                    }
                })
                .sig().clear().add(algorithm(alg)).and()
                .requireIssuer(ISSUER)
                .requireAudience(AUDIENCE)
                .clock(() -> Date.from(NOW))
                .build();
    }

    /** A token jjwt signs with the private key of {@code keyResource}, issued ten minutes before it expires. */
    private static String jjwtSign(String keyResource, JwtAlgorithm alg, String kid, Instant expiresAt) {
        return Jwts.builder()
                .header().keyId(kid).type("JWT").and()
                .issuer(ISSUER)
                .subject("user-42")
                .audience().add(AUDIENCE).and()
                .issuedAt(Date.from(expiresAt.minus(Duration.ofMinutes(10))))
                .expiration(Date.from(expiresAt))
                .id(UUID.randomUUID().toString())
                .claim("role", "admin")
                .claim("permissions", List.of("read", "write"))
                .signWith(InteropFixture.privateKey(keyResource), algorithm(alg))
                .compact();
    }

    private static SignatureAlgorithm algorithm(JwtAlgorithm alg) {
        return switch (alg) {
            case RS256 -> Jwts.SIG.RS256;
            case PS256 -> Jwts.SIG.PS256;
            case HS256 -> throw new IllegalArgumentException("HS256 is not an RSA signature algorithm");
        };
    }
}
