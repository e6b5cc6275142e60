package dev.secrets4j.jwt;

import dev.secrets4j.Keyset.State;
import dev.secrets4j.SecretFormatException;
import dev.secrets4j.SecretNotFoundException;
import dev.secrets4j.testing.LeakCheck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import static dev.secrets4j.jwt.JwtFixture.PRIVATE_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** JwtKeyRing: keys from PEM secrets, kids, refusals at boot, and states that follow rotation. */
class JwtKeyRingTest {

    @RegisterExtension
    final LeakCheck leaks = LeakCheck.create();

    private final JwtFixture fx = JwtFixture.create(leaks);

    @AfterEach
    void close() {
        fx.close();
    }

    @Test
    void build_fromPkcs8Key_usesRfc7638ThumbprintAsKid() throws Exception {
        String pem = fx.pem("rsa-2048-a.pem");
        fx.set(PRIVATE_KEY, pem);
        try (JwtKeyRing ring = fx.ring().build()) {
            assertThat(ring.primaryKid()).isEqualTo(thumbprint(pem));
            assertThat(ring.keys()).containsExactly(new JwtKey(thumbprint(pem), State.PRIMARY, 2048, PRIVATE_KEY, "1"));
            leaks.assertNoLeak(ring.toString(), ring.keys().toString());
        }
    }

    @Test
    void build_fromPkcs1Key_andFrom4096Key_works() throws Exception {
        String pkcs1 = fx.pem("rsa-2048-c-pkcs1.pem");
        fx.set(PRIVATE_KEY, pkcs1);
        try (JwtKeyRing ring = fx.ring().build()) {
            assertThat(ring.keys()).singleElement().satisfies(k -> assertThat(k.bits()).isEqualTo(2048));
        }
        String big = fx.pem("rsa-4096.pem");
        fx.rotate(PRIVATE_KEY, big);
        try (JwtKeyRing ring = fx.ring().grace(Duration.ZERO).build()) {
            assertThat(ring.keys()).singleElement().satisfies(k -> assertThat(k.bits()).isEqualTo(4096));
            assertThat(ring.primaryKid()).isEqualTo(thumbprint(big));
        }
    }

    @Test
    void build_whenMetadataGivesKid_usesIt() {
        fx.set(PRIVATE_KEY, fx.pem("rsa-2048-a.pem"), Map.of("kid", "signing-2026-03"));
        try (JwtKeyRing ring = fx.ring().build()) {
            assertThat(ring.primaryKid()).isEqualTo("signing-2026-03");
            assertThat(ring.jwks()).contains("\"kid\":\"signing-2026-03\"");
        }
    }

    @Test
    void build_whenKeyUnder2048Bits_throwsNamingSecretAndVersion() {
        fx.set(PRIVATE_KEY, fx.pem("rsa-1024-weak.pem"));
        assertThatThrownBy(() -> fx.ring().build())
                .isInstanceOf(SecretFormatException.class)
                .hasMessageContaining("secret 'JWT_PRIVATE_KEY' version 1 from memory")
                .hasMessageContaining("1024 bits, need 2048")
                .hasMessageContaining("generatePrivateKeyPem")
                .satisfies(leaks::assertNoLeak);
    }

    @Test
    void build_whenKeyIsEc_throwsSayingRsaIsNeeded() {
        fx.set(PRIVATE_KEY, fx.pem("ec-p256.pem"));
        assertThatThrownBy(() -> fx.ring().build())
                .isInstanceOf(SecretFormatException.class)
                .hasMessageContaining("'JWT_PRIVATE_KEY'").hasMessageContaining("EC private key")
                .hasMessageContaining("need an RSA key")
                .satisfies(leaks::assertNoLeak);
    }

    @Test
    void build_whenValueIsGarbage_throwsWithoutQuotingIt() {
        String garbage = fx.canary("-----BEGIN PRIVATE KEY-----\nnot-base64-canary-garbage!!\n-----END PRIVATE KEY-----\n");
        fx.set(PRIVATE_KEY, garbage);
        assertThatThrownBy(() -> fx.ring().build())
                .isInstanceOf(SecretFormatException.class)
                .hasMessageContaining("'JWT_PRIVATE_KEY' version 1")
                .satisfies(leaks::assertNoLeak);
    }

    @Test
    void build_whenSecretMissing_throwsNotFoundNamingIt() {
        assertThatThrownBy(() -> fx.ring().build())
                .isInstanceOf(SecretNotFoundException.class)
                .hasMessageContaining("'JWT_PRIVATE_KEY'");
    }

    @Test
    void build_withoutPrivateKeySetting_saysWhichSettingIsMissing() {
        assertThatThrownBy(() -> JwtKeyRing.builder(fx.secrets()).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("privateKey");
    }

    @Test
    void builder_refusesBadSettings_namingThem() {
        JwtKeyRing.Builder b = JwtKeyRing.builder(fx.secrets());
        assertThatThrownBy(() -> b.grace(Duration.ofSeconds(-1))).hasMessageContaining("grace");
        assertThatThrownBy(() -> b.pending(Duration.ofSeconds(-1))).hasMessageContaining("pending");
        assertThatThrownBy(() -> b.algorithm(JwtAlgorithm.HS256)).hasMessageContaining("legacyHmac");
        assertThatThrownBy(() -> b.privateKey(" ")).hasMessageContaining("privateKey");
        assertThatThrownBy(() -> b.verificationKey("")).hasMessageContaining("verificationKey");
    }

    @Test
    void verificationKey_fromSpkiAndPkcs1PublicPem_isVerifyOnly() throws Exception {
        fx.set(PRIVATE_KEY, fx.pem("rsa-2048-a.pem"));
        fx.set("EXTRA_SPKI", JwtFixture.read("rsa-2048-extra-public.pem"));
        fx.set("EXTRA_PKCS1", JwtFixture.read("rsa-2048-extra-public-pkcs1.pem"), Map.of("kid", "other"));
        try (JwtKeyRing ring = fx.ring().verificationKey("EXTRA_SPKI").verificationKey("EXTRA_PKCS1").build()) {
            assertThat(ring.keys()).extracting(JwtKey::secretName, JwtKey::state).containsExactly(
                    org.assertj.core.groups.Tuple.tuple(PRIVATE_KEY, State.PRIMARY),
                    org.assertj.core.groups.Tuple.tuple("EXTRA_SPKI", State.VERIFY_ONLY),
                    org.assertj.core.groups.Tuple.tuple("EXTRA_PKCS1", State.VERIFY_ONLY));
            assertThat(ring.keys().get(1).kid()).isEqualTo(thumbprint(JwtFixture.read("rsa-2048-extra.pem")));
            assertThat(ring.keys().get(2).kid()).isEqualTo("other");
        }
    }

    @Test
    void verificationKey_whenWeakOrPrivate_failsBuildNamingTheSecret() {
        fx.set(PRIVATE_KEY, fx.pem("rsa-2048-a.pem"));
        fx.set("WEAK_PUBLIC", JwtFixture.read("rsa-1024-weak-public.pem"));
        fx.set("OOPS_PRIVATE", fx.pem("rsa-2048-b.pem"));
        assertThatThrownBy(() -> fx.ring().verificationKey("WEAK_PUBLIC").build())
                .hasMessageContaining("secret 'WEAK_PUBLIC' version").hasMessageContaining("1024 bits, need 2048");
        assertThatThrownBy(() -> fx.ring().verificationKey("OOPS_PRIVATE").build())
                .hasMessageContaining("secret 'OOPS_PRIVATE' version").hasMessageContaining("-pubout")
                .satisfies(leaks::assertNoLeak);
    }

    @Test
    void rotation_newKeySigns_oldKeyVerifyOnlyUntilGraceEnds() throws Exception {
        String a = fx.pem("rsa-2048-a.pem");
        String b = fx.pem("rsa-2048-b.pem");
        fx.set(PRIVATE_KEY, a);
        try (JwtKeyRing ring = fx.ring().grace(Duration.ofHours(2)).build()) {
            fx.rotate(PRIVATE_KEY, b);

            assertThat(ring.primaryKid()).isEqualTo(thumbprint(b));
            assertThat(ring.keys()).extracting(JwtKey::kid, JwtKey::state).containsExactly(
                    org.assertj.core.groups.Tuple.tuple(thumbprint(b), State.PRIMARY),
                    org.assertj.core.groups.Tuple.tuple(thumbprint(a), State.VERIFY_ONLY));
            fx.advance(Duration.ofHours(2).minusSeconds(1));
            assertThat(ring.keys()).hasSize(2);
            fx.advance(Duration.ofSeconds(1));
            assertThat(ring.keys()).extracting(JwtKey::kid).containsExactly(thumbprint(b));
            assertThat(ring.jwks()).doesNotContain(thumbprint(a));
        }
    }

    @Test
    void rotation_withPendingPeriod_publishesBeforeSigning() throws Exception {
        String a = fx.pem("rsa-2048-a.pem");
        String b = fx.pem("rsa-2048-b.pem");
        fx.set(PRIVATE_KEY, a);
        try (JwtKeyRing ring = fx.ring().pending(Duration.ofMinutes(30)).build()) {
            fx.rotate(PRIVATE_KEY, b);

            assertThat(ring.primaryKid()).isEqualTo(thumbprint(a));
            assertThat(ring.keys()).extracting(JwtKey::state).containsExactly(State.PENDING, State.PRIMARY);
            assertThat(ring.jwks()).contains(thumbprint(a), thumbprint(b));
            fx.advance(Duration.ofMinutes(30));
            assertThat(ring.primaryKid()).isEqualTo(thumbprint(b));
            assertThat(ring.keys()).extracting(JwtKey::state).containsExactly(State.PRIMARY, State.VERIFY_ONLY);
        }
    }

    @Test
    void rotation_toABadKey_isRefused_ringKeepsSigningWithTheOldKey() throws Exception {
        String a = fx.pem("rsa-2048-a.pem");
        fx.set(PRIVATE_KEY, a);
        try (JwtKeyRing ring = fx.ring().build()) {
            fx.rotate(PRIVATE_KEY, fx.pem("rsa-1024-weak.pem"));

            assertThat(ring.primaryKid()).isEqualTo(thumbprint(a));
            assertThat(ring.keys()).hasSize(1);
            assertThat(leaks.capturedLines()).anyMatch(l -> l.contains("WARN") && l.contains("'JWT_PRIVATE_KEY' version 2")
                    && l.contains("1024 bits"));
        }
    }

    @Test
    void build_whenOnlyAPreviousVersionIsUnusable_leavesItOutWithAWarning() throws Exception {
        String good = fx.pem("rsa-2048-a.pem");
        fx.set(PRIVATE_KEY, fx.pem("rsa-1024-weak.pem")); // the weak key the operator just replaced
        fx.set(PRIVATE_KEY, good);
        try (JwtKeyRing ring = fx.ring().build()) {
            assertThat(ring.keys()).extracting(JwtKey::kid, JwtKey::version)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(thumbprint(good), "2"));
            assertThat(ring.jwks()).doesNotContain("unusable");
            assertThat(leaks.capturedLines()).anyMatch(l -> l.contains("WARN") && l.contains("'JWT_PRIVATE_KEY' version 1")
                    && l.contains("previous version"));
            // Only build forgives: a bad version arriving later is refused, and the ring keeps its key.
            fx.rotate(PRIVATE_KEY, fx.pem("ec-p256.pem"));
            assertThat(ring.primaryKid()).isEqualTo(thumbprint(good));
        }
    }

    @Test
    void jwks_holdsEveryLiveKey_withPublicMembersOnly() throws Exception {
        fx.set(PRIVATE_KEY, fx.pem("rsa-2048-a.pem"));
        fx.set("EXTRA", JwtFixture.read("rsa-2048-extra-public.pem"));
        try (JwtKeyRing ring = fx.ring().verificationKey("EXTRA").pending(Duration.ofMinutes(10)).build()) {
            fx.rotate(PRIVATE_KEY, fx.pem("rsa-2048-b.pem"));
            java.util.List<Object> keys = com.nimbusds.jose.util.JSONObjectUtils.getJSONArray(
                    com.nimbusds.jose.util.JSONObjectUtils.parse(ring.jwks()), "keys");

            assertThat(keys).hasSize(3);
            assertThat(keys).allSatisfy(k -> {
                @SuppressWarnings("unchecked") Map<String, Object> jwk = (Map<String, Object>) k;
                assertThat(jwk).containsOnlyKeys("kty", "kid", "use", "alg", "n", "e")
                        .containsEntry("kty", "RSA").containsEntry("use", "sig").containsEntry("alg", "RS256");
            });
            assertThat(keys.stream().map(k -> (String) ((Map<?, ?>) k).get("kid")).toList())
                    .isEqualTo(ring.keys().stream().map(JwtKey::kid).toList());
            leaks.assertNoLeak(ring.jwks());
        }
    }

    @Test
    void jwksMaxAge_isHalfThePendingPeriod_atMostAnHour_zeroWithoutPending() {
        fx.set(PRIVATE_KEY, fx.pem("rsa-2048-a.pem"));
        try (JwtKeyRing none = fx.ring().build();
             JwtKeyRing tenMinutes = fx.ring().pending(Duration.ofMinutes(10)).build();
             JwtKeyRing oneSecond = fx.ring().pending(Duration.ofSeconds(1)).build();
             JwtKeyRing day = fx.ring().pending(Duration.ofDays(1)).build()) {
            assertThat(none.jwksMaxAge()).isZero();
            assertThat(tenMinutes.jwksMaxAge()).isEqualTo(Duration.ofMinutes(5));
            assertThat(oneSecond.jwksMaxAge()).isZero();
            assertThat(day.jwksMaxAge()).isEqualTo(Duration.ofHours(1));
        }
    }

    @Test
    void close_stopsFollowingRotations() throws Exception {
        String a = fx.pem("rsa-2048-a.pem");
        fx.set(PRIVATE_KEY, a);
        JwtKeyRing ring = fx.ring().build();
        ring.close();
        fx.rotate(PRIVATE_KEY, fx.pem("rsa-2048-b.pem"));
        assertThat(ring.primaryKid()).isEqualTo(thumbprint(a));
    }

    @Test
    void generatePrivateKeyPem_makesAPkcs8KeyTheRingAccepts() throws Exception {
        String pem = fx.canary(JwtKeyRing.generatePrivateKeyPem(2048));
        assertThat(pem).startsWith("-----BEGIN PRIVATE KEY-----\n").endsWith("-----END PRIVATE KEY-----\n");
        assertThat(rsa(pem).getModulus().bitLength()).isEqualTo(2048);
        fx.set(PRIVATE_KEY, pem);
        try (JwtKeyRing ring = fx.ring().build()) {
            assertThat(ring.primaryKid()).isEqualTo(thumbprint(pem));
        }
        assertThatThrownBy(() -> JwtKeyRing.generatePrivateKeyPem(1024)).hasMessageContaining("bits").hasMessageContaining("2048");
    }

    @Test
    void generatePrivateKeyPem_defaultsTo4096Bits() throws Exception {
        assertThat(rsa(fx.canary(JwtKeyRing.generatePrivateKeyPem())).getModulus().bitLength()).isEqualTo(4096);
    }

    /** RFC 7638 section 3 by hand: SHA-256 over {"e","kty","n"} in lexicographic order, no whitespace. */
    static String thumbprint(String pem) throws Exception {
        RSAPrivateCrtKey key = rsa(pem);
        String json = "{\"e\":\"" + b64(key.getPublicExponent()) + "\",\"kty\":\"RSA\",\"n\":\"" + b64(key.getModulus()) + "\"}";
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(json.getBytes(StandardCharsets.UTF_8));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    }

    static RSAPrivateCrtKey rsa(String pem) throws Exception {
        if (pem.contains("BEGIN RSA PRIVATE KEY")) {
            // PKCS#1: let Bouncy Castle's reader convert it, the ring's own code is what is under test elsewhere.
            try (var parser = new org.bouncycastle.openssl.PEMParser(new java.io.StringReader(pem))) {
                var pair = (org.bouncycastle.openssl.PEMKeyPair) parser.readObject();
                return (RSAPrivateCrtKey) new org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter().getPrivateKey(pair.getPrivateKeyInfo());
            }
        }
        String body = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return (RSAPrivateCrtKey) KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body)));
    }

    private static String b64(BigInteger n) {
        byte[] bytes = n.toByteArray();
        if (bytes[0] == 0 && bytes.length > 1) {
            bytes = java.util.Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
