package dev.secrets4j.jwt.interop;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import dev.secrets4j.Keyset;
import dev.secrets4j.Secrets;
import dev.secrets4j.jwt.JwtClaims;
import dev.secrets4j.jwt.JwtKey;
import dev.secrets4j.jwt.JwtKeyRing;
import dev.secrets4j.jwt.JwtVerificationException;
import dev.secrets4j.jwt.JwtVerifier;
import dev.secrets4j.testing.FakeTime;
import dev.secrets4j.testing.InMemorySecretProvider;
import dev.secrets4j.testing.LeakCheck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Published test vectors, verified by our code: the RS256 example of RFC 7515 (JWS) appendix A.2
 * with its published key, and the RSA key of RFC 7638 (JWK thumbprint) section 3.1 with its
 * published thumbprint as our {@code kid}.
 */
class Rfc7515ExampleTest {

    /**
     * RFC 7515, appendix A.2.1, the complete JWS in compact serialization (the RFC's line breaks
     * removed, as it says they are for display only). Header {@code {"alg":"RS256"}}: no
     * {@code kid}, no {@code typ}. Payload (with CRLFs, as in A.1.1):
     * {@code {"iss":"joe",\r\n "exp":1300819380,\r\n "http://example.com/is_root":true}}.
     */
    static final String RFC7515_A2_TOKEN = "eyJhbGciOiJSUzI1NiJ9"
            + ".eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFt"
            + "cGxlLmNvbS9pc19yb290Ijp0cnVlfQ"
            + ".cC4hiUPoj9Eetdgtv3hF80EGrhuB__dzERat0XF9g2VtQgr9PJbu3XOiZj5RZmh7"
            + "AAuHIm4Bh-0Qc_lF5YKt_O8W2Fp5jujGbds9uJdbF9CUAr7t1dnZcAcQjbKBYNX4"
            + "BAynRFdiuB--f_nZLgrnbyTyWzO75vRK5h6xBArLIARNPvkSjtQBMHlb1L07Qe7K"
            + "0GarZRmB_eSN9383LcOLn6_dO--xi12jzDwusC-eOkHWEsqtFZESc6BfI7noOPqv"
            + "hJ1phCnvWh6IeYI2w9QOYEUipUTI8np6LbgGY9Fs98rqVt5AXLIhWkWywlVmtVrB"
            + "p0igcN_IoypGlUPQGe77Rw";

    /** RFC 7515, appendix A.2.1: the RSA key the example is signed with, as the JWK the RFC gives. */
    static final String RFC7515_A2_JWK = """
            {"kty":"RSA",
             "n":"ofgWCuLjybRlzo0tZWJjNiuSfb4p4fAkd_wWJcyQoTbji9k0l8W26mPddxHmfHQp-Vaw-4qPCJrcS2mJPMEzP1Pt0Bm4d4QlL-yRT-SFd2lZS-pCgNMsD1W_YpRPEwOWvG6b32690r2jZ47soMZo9wGzjb_7OMg0LOL-bSf63kpaSHSXndS5z5rexMdbBYUsLA9e-KXBdQOS-UTo7WTBEMa2R2CapHg665xsmtdVMTBQY4uDZlxvb3qCo5ZwKh9kG4LT6_I5IhlJH7aGhyxXFvUK-DWNmoudF8NAco9_h9iaGNj8q2ethFkMLs91kzk2PAcDTW9gb54h4FRWyuXpoQ",
             "e":"AQAB",
             "d":"Eq5xpGnNCivDflJsRQBXHx1hdR1k6Ulwe2JZD50LpXyWPEAeP88vLNO97IjlA7_GQ5sLKMgvfTeXZx9SE-7YwVol2NXOoAJe46sui395IW_GO-pWJ1O0BkTGoVEn2bKVRUCgu-GjBVaYLU6f3l9kJfFNS3E0QbVdxzubSu3Mkqzjkn439X0M_V51gfpRLI9JYanrC4D4qAdGcopV_0ZHHzQlBjudU2QvXt4ehNYTCBr6XCLQUShb1juUO1ZdiYoFaFQT5Tw8bGUl_x_jTj3ccPDVZFD9pIuhLhBOneufuBiB4cS98l2SR_RQyGWSeWjnczT0QU91p1DhOVRuOopznQ",
             "p":"4BzEEOtIpmVdVEZNCqS7baC4crd0pqnRH_5IB3jw3bcxGn6QLvnEtfdUdiYrqBdss1l58BQ3KhooKeQTa9AB0Hw_Py5PJdTJNPY8cQn7ouZ2KKDcmnPGBY5t7yLc1QlQ5xHdwW1VhvKn-nXqhJTBgIPgtldC-KDV5z-y2XDwGUc",
             "q":"uQPEfgmVtjL0Uyyx88GZFF1fOunH3-7cepKmtH4pxhtCoHqpWmT8YAmZxaewHgHAjLYsp1ZSe7zFYHj7C6ul7TjeLQeZD_YwD66t62wDmpe_HlB-TnBA-njbglfIsRLtXlnDzQkv5dTltRJ11BKBBypeeF6689rjcJIDEz9RWdc",
             "dp":"BwKfV3Akq5_MFZDFZCnW-wzl-CCo83WoZvnLQwCTeDv8uzluRSnm71I3QCLdhrqE2e9YkxvuxdBfpT_PI7Yz-FOKnu1R6HsJeDCjn12Sk3vmAktV2zb34MCdy7cpdTh_YVr7tss2u6vneTwrA86rZtu5Mbr1C1XsmvkxHQAdYo0",
             "dq":"h_96-mK1R_7glhsum81dZxjTnYynPbZpHziZjeeHcXYsXaaMwkOlODsWa7I9xXDoRwbKgB719rrmI2oKr6N3Do9U0ajaHF-NKJnwgjMd2w9cjz3_-kyNlxAr2v4IKhGNpmM5iIgOS1VZnOZ68m6_pbLBSp3nssTdlqvd0tIiTHU",
             "qi":"IYd7DHOhrWvxkwPQsRM2tOgrjbcrfvtQJipd-DlcxyVuuM9sQLdgjVk2oy26F0EmpScGLq2MowX7fhd_QJQ3ydy5cY7YIBi87w93IKLEdfnbJtoOPLUW0ITrJReOgo1cq9SbsxYawBgfp_gh6A5603k2-ZQwVK0JKSHuLFkuQ3U"
            }""";

    /** RFC 7638, section 3.1: the example RSA public key, whose SHA-256 thumbprint is {@link #RFC7638_THUMBPRINT}. */
    static final String RFC7638_JWK = """
            {"kty":"RSA",
             "n":"0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw",
             "e":"AQAB",
             "alg":"RS256",
             "kid":"2011-04-29"}""";

    /** RFC 7638, section 3.1: the resulting JWK thumbprint, base64url. */
    static final String RFC7638_THUMBPRINT = "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs";

    /** The token's {@code exp}, 1300819380 (2011-03-22T18:43:00Z). */
    static final Instant A2_EXPIRY = Instant.ofEpochSecond(1300819380L);

    @RegisterExtension
    final LeakCheck leaks = LeakCheck.create();

    private final FakeTime time = FakeTime.startingAt(A2_EXPIRY.minus(Duration.ofMinutes(30)));
    private final InMemorySecretProvider memory = InMemorySecretProvider.builder().clock(time.clock()).build();
    private Secrets secrets;
    private JwtKeyRing ring;

    @BeforeEach
    void ringWhosePrimaryIsTheRfcKey() throws Exception {
        RSAKey rfcKey = RSAKey.parse(RFC7515_A2_JWK);
        String pem = leaks.canary(InteropFixture.toPem("PRIVATE KEY", rfcKey.toRSAPrivateKey().getEncoded()));
        memory.set("RFC7515_A2_KEY", pem);
        memory.set("RFC7638_PUBLIC_KEY",
                InteropFixture.toPem("PUBLIC KEY", RSAKey.parse(RFC7638_JWK).toRSAPublicKey().getEncoded()));
        secrets = Secrets.builder().provider(memory).require("RFC7515_A2_KEY").require("RFC7638_PUBLIC_KEY")
                .listenerExecutor(Runnable::run).clock(time.clock()).scheduler(time).build();
        ring = JwtKeyRing.builder(secrets).privateKey("RFC7515_A2_KEY").verificationKey("RFC7638_PUBLIC_KEY")
                .clock(time.clock()).build();
    }

    @AfterEach
    void close() {
        ring.close();
        secrets.close();
    }

    private JwtVerifier verifier() {
        return JwtVerifier.builder(ring).issuer("joe").requireExpiry(true).clock(time.clock()).build();
    }

    @Test
    void rfcVectors_areIntact_nimbusVerifiesTheTokenWithTheRfcKey() throws Exception {
        // Guards the constants above: a typo in them would otherwise show up as a bug of ours.
        assertThat(SignedJWT.parse(RFC7515_A2_TOKEN).verify(new RSASSAVerifier(RSAKey.parse(RFC7515_A2_JWK)))).isTrue();
        assertThat(RSAKey.parse(RFC7638_JWK).computeThumbprint().toString()).isEqualTo(RFC7638_THUMBPRINT);
    }

    @Test
    void verify_rfc7515A2Token_beforeItsExpiry_returnsItsClaims() {
        JwtClaims claims = verifier().verify(RFC7515_A2_TOKEN);

        assertThat(claims.issuer()).contains("joe");
        assertThat(claims.expiresAt()).contains(A2_EXPIRY);
        assertThat(claims.claim("http://example.com/is_root")).contains(true);
        assertThat(claims.subject()).isEmpty();
        assertThat(claims.issuedAt()).isEmpty();
    }

    @Test
    void verify_rfc7515A2Token_pastExpiryAndSkew_failsWithExpired() {
        time.advance(Duration.ofMinutes(30).plusSeconds(61));   // exp + 61 s: past the default 60 s skew
        leaks.canary(RFC7515_A2_TOKEN);

        assertThatThrownBy(() -> verifier().verify(RFC7515_A2_TOKEN))
                .isInstanceOfSatisfying(JwtVerificationException.class, e -> {
                    assertThat(e.reason()).isEqualTo(JwtVerificationException.Reason.EXPIRED);
                    leaks.assertNoLeak(e);
                });
    }

    @Test
    void verify_rfc7515A2Token_withOneSignatureCharacterChanged_failsWithBadSignature() {
        // Not the last character: of its 6 bits only 2 belong to the signature (2048 = 341 x 6 + 2).
        int at = RFC7515_A2_TOKEN.length() - 10;
        char flipped = RFC7515_A2_TOKEN.charAt(at) == 'A' ? 'B' : 'A';
        String tampered = RFC7515_A2_TOKEN.substring(0, at) + flipped + RFC7515_A2_TOKEN.substring(at + 1);
        leaks.canary(tampered);

        assertThatThrownBy(() -> verifier().verify(tampered))
                .isInstanceOfSatisfying(JwtVerificationException.class, e -> {
                    assertThat(e.reason()).isEqualTo(JwtVerificationException.Reason.BAD_SIGNATURE);
                    leaks.assertNoLeak(e);
                });
    }

    @Test
    void ring_kidsAreTheRfc7638Thumbprints_ofTheRfcKeys() throws Exception {
        String a2Thumbprint = RSAKey.parse(RFC7515_A2_JWK).computeThumbprint().toString();

        assertThat(ring.primaryKid()).isEqualTo(a2Thumbprint);
        assertThat(ring.keys()).extracting(JwtKey::kid, JwtKey::state, JwtKey::bits, JwtKey::secretName)
                .containsExactlyInAnyOrder(
                        tuple(a2Thumbprint, Keyset.State.PRIMARY, 2048, "RFC7515_A2_KEY"),
                        tuple(RFC7638_THUMBPRINT, Keyset.State.VERIFY_ONLY, 2048, "RFC7638_PUBLIC_KEY"));
        assertThat(ring.jwks()).contains("\"" + RFC7638_THUMBPRINT + "\"", "\"" + a2Thumbprint + "\"");
    }
}
