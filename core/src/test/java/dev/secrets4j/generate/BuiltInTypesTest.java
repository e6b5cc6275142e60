package dev.secrets4j.generate;

import dev.secrets4j.Secret;
import dev.secrets4j.SecretSpec;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

class BuiltInTypesTest {

    private static final Instant NOW = Instant.parse("2026-03-01T00:00:00Z");
    private static final SecretGenerators GENERATORS = SecretGenerators.builder().withoutServiceLoader().build();

    /** One 4096-bit key for every test that needs the default: finding one takes about a second. */
    private static final class DefaultRsaKey {
        static final String PEM = text(GENERATORS.generate("rsa-private-key"));
    }

    private static String text(byte[] value) {
        return new String(value, StandardCharsets.UTF_8);
    }

    private static List<String> violations(SecretSpec spec, String value) {
        return spec.check(Secret.of("GENERATED", value), NOW).stream().map(SecretSpec.Violation::message).toList();
    }

    @Test
    void apiKey_isThirtyTwoBase64UrlCharactersDecodingToTwentyFourBytes() {
        String key = text(GENERATORS.generate("api-key"));

        assertThat(key).hasSize(32).matches("[A-Za-z0-9_-]{32}");
        assertThat(Base64.getUrlDecoder().decode(key)).hasSize(24);
    }

    @Test
    void encryptionKey_isPaddedStandardBase64OfThirtyTwoBytes() {
        String key = text(GENERATORS.generate("encryption-key"));

        assertThat(key).hasSize(44).matches("[A-Za-z0-9+/]{43}=");
        assertThat(Base64.getDecoder().decode(key)).hasSize(32);
        assertThat(violations(SecretSpec.base64(32), key)).isEmpty();
    }

    @Test
    void hmacSecret_andItsAliasWebhookSecret_arePaddedStandardBase64OfThirtyTwoBytes() {
        for (String type : List.of("hmac-secret", "webhook-secret")) {
            String secret = text(GENERATORS.generate(type));

            assertThat(secret).as(type).hasSize(44).matches("[A-Za-z0-9+/]{43}=");
            assertThat(Base64.getDecoder().decode(secret)).as(type).hasSize(32);
            assertThat(violations(SecretSpec.base64(32), secret)).as(type).isEmpty();
        }
        assertThat(GENERATORS.forType("webhook-secret")).containsSame(GENERATORS.forType("hmac-secret").orElseThrow());
    }

    @Test
    void password_andItsAliasDatabasePassword_areThirtyTwoCharactersOfTheFourClasses() {
        for (String type : List.of("password", "database-password")) {
            String password = text(GENERATORS.generate(type));

            assertThat(password).as(type).hasSize(32).matches("[A-HJ-NP-Za-km-np-z2-9._-]{32}");
            assertThat(violations(SecretSpec.minLength(32), password)).as(type).isEmpty();
        }
        assertThat(GENERATORS.forType("database-password")).containsSame(GENERATORS.forType("password").orElseThrow());
    }

    @Test
    void rsaPrivateKey_byDefault_isPkcs8PemOfExactly4096BitsAsTheProjectsSpecReadsIt() {
        String pem = DefaultRsaKey.PEM;

        assertThat(pem).startsWith("-----BEGIN PRIVATE KEY-----\n").endsWith("\n-----END PRIVATE KEY-----\n");
        assertThat(violations(SecretSpec.rsaPrivateKey(4096), pem)).isEmpty();
        assertThat(violations(SecretSpec.rsaPrivateKey(4097), pem)).containsExactly("RSA key has 4096 bits, need 4097");
    }

    @Test
    void rsaPrivateKey_pemBody_isBase64InLinesOfSixtyFourWithPublicExponent65537() throws Exception {
        String pem = DefaultRsaKey.PEM;
        List<String> body = Arrays.asList(pem.split("\n")).subList(1, pem.split("\n").length - 1);

        assertThat(body.subList(0, body.size() - 1)).allSatisfy(line -> assertThat(line).hasSize(64));
        assertThat(body.get(body.size() - 1)).hasSizeBetween(1, 64);
        assertThat(pem).doesNotContain("\r");
        byte[] der = Base64.getMimeDecoder().decode(String.join("", body));
        RSAPrivateCrtKey key = (RSAPrivateCrtKey) KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
        assertThat(key.getModulus().bitLength()).isEqualTo(4096);
        assertThat(key.getPublicExponent().intValueExact()).isEqualTo(65537);
    }

    @Test
    void rsaPrivateKey_with2048Bits_passesTheProjectsSpecAt2048AndFailsAt4096() {
        String pem = text(RsaKeyGenerator.builder().bits(2048).build().generate(SecretGenerators.strongRandom()));

        assertThat(violations(SecretSpec.rsaPrivateKey(2048), pem)).isEmpty();
        assertThat(violations(SecretSpec.rsaPrivateKey(4096), pem)).containsExactly("RSA key has 2048 bits, need 4096");
    }

    @Test
    void everyTextType_twoGenerations_differ() {
        for (String type : List.of("api-key", "password", "encryption-key", "hmac-secret")) {
            assertThat(GENERATORS.generate(type)).as(type).isNotEqualTo(GENERATORS.generate(type));
        }
        RsaKeyGenerator rsa = RsaKeyGenerator.builder().bits(2048).build();
        assertThat(rsa.generate(SecretGenerators.strongRandom())).isNotEqualTo(rsa.generate(SecretGenerators.strongRandom()));
    }

    @Test
    void secretType_namesAndAliases_resolveToTheirConstant() {
        assertThat(SecretType.fromCatalogName("api-key")).contains(SecretType.API_KEY);
        assertThat(SecretType.fromCatalogName("database-password")).contains(SecretType.PASSWORD);
        assertThat(SecretType.fromCatalogName("webhook-secret")).contains(SecretType.HMAC_SECRET);
        assertThat(SecretType.fromCatalogName("API-KEY")).isEmpty();
        assertThat(SecretType.fromCatalogName(null)).isEmpty();
        assertThat(SecretType.HMAC_SECRET.names()).containsExactly("hmac-secret", "webhook-secret");
        for (SecretType type : SecretType.values()) {
            assertThat(type.generator().type()).isEqualTo(type.catalogName());
        }
    }

    @Test
    void rsaKeyGenerator_bits_acceptsOnlyTheListedSizesNamingTheSetting() {
        for (int bits : List.of(2048, 3072, 4096, 8192)) {
            assertThat(RsaKeyGenerator.builder().bits(bits).build().bits()).isEqualTo(bits);
        }
        assertThat(catchThrowable(() -> RsaKeyGenerator.builder().bits(1024)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("bits must be one of 2048, 3072, 4096 or 8192, got 1024; RSA keys under 2048 bits are too weak");
        assertThat(catchThrowable(() -> RsaKeyGenerator.builder().bits(5000)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("bits must be one of 2048, 3072, 4096 or 8192, got 5000");
    }
}
