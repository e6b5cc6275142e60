package dev.secrets4j.generate;

import dev.secrets4j.Catalog;
import dev.secrets4j.SecretFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URLClassLoader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DrbgParameters;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecretGeneratorsTest {

    private static final List<String> BUILT_IN = List.of("api-key", "database-password", "encryption-key",
            "hmac-secret", "password", "rsa-private-key", "webhook-secret");

    @TempDir
    Path services;

    /** The only entry of a catalog holding {@code yaml} as its one secret, read by the real parser. */
    private static Catalog.Entry entry(String yaml) {
        return Catalog.parse("secrets:\n  - " + yaml.replace("\n", "\n    ") + "\n", "test.yaml").entries().get(0);
    }

    /** A class loader that sees the test class path plus a services file listing {@code classNames}. */
    private URLClassLoader loaderListing(String... classNames) throws IOException {
        Path file = services.resolve("META-INF/services/" + SecretGenerator.class.getName());
        Files.createDirectories(file.getParent());
        Files.writeString(file, String.join("\n", classNames) + "\n", StandardCharsets.UTF_8);
        return new URLClassLoader(new URL[] {services.toUri().toURL()}, getClass().getClassLoader());
    }

    @Test
    void defaults_findTheBuiltInsAndTheCustomGeneratorListedInMetaInfServices() {
        SecretGenerators generators = SecretGenerators.defaults();

        assertThat(generators.types()).containsAll(BUILT_IN).contains("test-token");
        assertThat(generators.forType("test-token")).get().isInstanceOf(TestTokenGenerator.class);
        assertThat(new String(generators.generate("test-token"), StandardCharsets.US_ASCII))
                .startsWith(TestTokenGenerator.PREFIX).hasSize(TestTokenGenerator.PREFIX.length() + 32);
    }

    @Test
    void forType_everyBuiltInNameAndAlias_findsItsGenerator() {
        SecretGenerators generators = SecretGenerators.builder().withoutServiceLoader().build();

        assertThat(generators.types()).containsExactlyElementsOf(BUILT_IN);
        for (String type : BUILT_IN) {
            assertThat(generators.forType(type)).as(type).isPresent();
        }
        assertThat(generators.forType("rsa-private-key")).get().isInstanceOf(RsaKeyGenerator.class);
        assertThat(generators.forType("Password")).isEmpty();
        assertThat(generators.forType("test-token")).as("without the service loader").isEmpty();
        assertThat(generators.forType(null)).isEmpty();
    }

    @Test
    void generate_ofAnUnknownType_isRejectedListingTheKnownTypes() {
        SecretGenerators generators = SecretGenerators.builder().withoutServiceLoader().build();

        assertThatThrownBy(() -> generators.generate("pasword")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no generator serves type 'pasword'; use one of " + String.join(", ", BUILT_IN)
                        + ", or register a SecretGenerator for it");
    }

    @Test
    void register_aGeneratorOfItsOwnType_servesIt() {
        PasswordGenerator longPassword = PasswordGenerator.builder().type("long-password").length(64).build();
        SecretGenerators generators = SecretGenerators.builder().withoutServiceLoader()
                .register(longPassword)
                .register(SecretGenerator.of("door-pin", random -> new byte[] {'4', '2'}))
                .build();

        assertThat(generators.forType("long-password")).containsSame(longPassword);
        assertThat(generators.generate("long-password")).hasSize(64);
        assertThat(generators.generate("door-pin")).containsExactly('4', '2');
        assertThat(generators.forType("password").orElseThrow()).isNotSameAs(longPassword);
    }

    @Test
    void register_aBuiltInTypeOrAlias_isRejectedNamingBoth() {
        SecretGenerators.Builder builder = SecretGenerators.builder();

        assertThatThrownBy(() -> builder.register(PasswordGenerator.builder().length(40).build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("generator " + PasswordGenerator.class.getName() + " (registered from ")
                .hasMessageEndingWith("has type 'password', which the built-in generator PASSWORD serves; "
                        + "built-in types cannot be replaced: give it a type of its own");
        assertThatThrownBy(() -> builder.register(SecretGenerator.of("webhook-secret", random -> new byte[1])))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has type 'webhook-secret', which the built-in generator HMAC_SECRET "
                        + "(alias of hmac-secret) serves");
    }

    @Test
    void register_theSameTypeTwice_isRejectedNamingBoth() {
        SecretGenerators.Builder builder = SecretGenerators.builder()
                .register(new ImpostorGenerators.Plain("acme-token"));

        assertThatThrownBy(() -> builder.register(SecretGenerator.of("acme-token", random -> new byte[1])))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("generator " + FunctionGenerator.class.getName() + " (registered")
                .hasMessageContaining("has type 'acme-token', which generator " + ImpostorGenerators.Plain.class.getName()
                        + " (registered")
                .hasMessageEndingWith("already serves; register one generator per type");
    }

    @Test
    void build_whenServiceLoaderFindsGeneratorsForTakenTypes_reportsEachNamingBoth() throws IOException {
        try (URLClassLoader loader = loaderListing(ImpostorGenerators.PasswordImpostor.class.getName(),
                ImpostorGenerators.WebhookAliasImpostor.class.getName(), ImpostorGenerators.TestTokenTwin.class.getName())) {
            SecretGenerators.Builder builder = SecretGenerators.builder().serviceLoader(loader);

            assertThatThrownBy(builder::build).isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("secrets4j: 3 problems with custom secret generators\n  ")
                    .hasMessageContaining(ImpostorGenerators.PasswordImpostor.class.getName() + " (found by ServiceLoader from ")
                    .hasMessageContaining("has type 'password', which the built-in generator PASSWORD serves")
                    .hasMessageContaining("has type 'webhook-secret', which the built-in generator HMAC_SECRET "
                            + "(alias of hmac-secret) serves")
                    .hasMessageContaining(ImpostorGenerators.TestTokenTwin.class.getName())
                    .hasMessageContaining("has type 'test-token', which generator " + TestTokenGenerator.class.getName()
                            + " (found by ServiceLoader")
                    .hasMessageContaining("also serves; keep one of them on the class path");
        }
    }

    @Test
    void build_whenServiceLoaderFindsATypeTheApplicationRegistered_isRejectedNamingBoth() {
        SecretGenerators.Builder builder = SecretGenerators.builder().register(new ImpostorGenerators.Plain("test-token"));

        assertThatThrownBy(builder::build).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("generator " + TestTokenGenerator.class.getName() + " (found by ServiceLoader")
                .hasMessageContaining("has type 'test-token', which generator " + ImpostorGenerators.Plain.class.getName()
                        + " (registered")
                .hasMessageContaining("also serves; remove one, or call withoutServiceLoader()");
    }

    @Test
    void build_whenAServicesFileListsAMissingClassOrABadType_reportsIt() throws IOException {
        try (URLClassLoader loader = loaderListing(ImpostorGenerators.BadTypeName.class.getName())) {
            assertThatThrownBy(() -> SecretGenerators.builder().serviceLoader(loader).build())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("type() of " + ImpostorGenerators.BadTypeName.class.getName()
                            + " must be a type name")
                    .hasMessageContaining("got 'Not A Type'");
        }
        try (URLClassLoader loader = loaderListing("dev.secrets4j.generate.NoSuchGenerator")) {
            assertThatThrownBy(() -> SecretGenerators.builder().serviceLoader(loader).build())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("secrets4j: 1 problem with custom secret generators")
                    .hasMessageContaining("dev.secrets4j.generate.NoSuchGenerator");
        }
    }

    @Test
    void forEntry_picksTheGeneratorItsTypeNames() {
        SecretGenerators generators = SecretGenerators.defaults();

        assertThat(generators.forEntry(entry("name: WEBHOOK\ntype: webhook-secret")))
                .isSameAs(generators.forType("hmac-secret").orElseThrow());
        assertThat(generators.forEntry(entry("name: TOKEN\ntype: test-token"))).isInstanceOf(TestTokenGenerator.class);
    }

    @Test
    void forEntry_withoutTypeOrWithAnUnknownOne_failsNamingTheSecretAndTheKnownTypes() {
        SecretGenerators generators = SecretGenerators.builder().withoutServiceLoader().build();

        assertThatThrownBy(() -> generators.forEntry(entry("name: DB_PASSWORD")))
                .isInstanceOf(SecretFormatException.class)
                .hasMessage("secret 'DB_PASSWORD' has no type, so no generator can make its value; add 'type:' to its "
                        + "catalog entry, one of " + String.join(", ", BUILT_IN));
        assertThatThrownBy(() -> generators.forEntry(entry("name: DB_PASSWORD\ntype: pasword")))
                .isInstanceOf(SecretFormatException.class)
                .hasMessage("secret 'DB_PASSWORD' has type 'pasword', which no generator serves; use one of "
                        + String.join(", ", BUILT_IN) + ", or add a SecretGenerator for it (SecretGenerators.builder()"
                        + ".register(...) or META-INF/services/dev.secrets4j.generate.SecretGenerator)");
    }

    @Test
    void generateForEntry_whenTheValuePassesTheEntrysSpecs_returnsIt() {
        SecretGenerators generators = SecretGenerators.builder().withoutServiceLoader().build();

        byte[] value = generators.generate(entry("name: WEBHOOK\ntype: hmac-secret\nformat: base64\nmin-bytes: 32"));

        assertThat(value).hasSize(44);
    }

    @Test
    void generateForEntry_whenTheValueFailsASpec_failsNamingTheSpecWithoutTheValue() {
        SecretGenerators generators = SecretGenerators.builder().withoutServiceLoader().build();
        Catalog.Entry longPassword = entry("name: DB_PASSWORD\ntype: password\nnot-blank: true\nmin-length: 48");

        assertThatThrownBy(() -> generators.generate(longPassword)).isInstanceOf(SecretFormatException.class)
                .hasMessage("a generated value for secret 'DB_PASSWORD' (type 'password', PasswordGenerator[password: 32 "
                        + "characters of UPPER, LOWER, DIGITS, SYMBOLS -_., 187 bits]) fails its spec min-length 48 "
                        + "(too short: 32 characters, need at least 48); give the entry a type whose values pass, or "
                        + "register a generator that makes them");
    }

    @Test
    void generate_whenACustomGeneratorReturnsNothing_fails() {
        SecretGenerators generators = SecretGenerators.builder().withoutServiceLoader()
                .register(SecretGenerator.of("broken", random -> new byte[0])).build();

        assertThatThrownBy(() -> generators.generate("broken")).isInstanceOf(IllegalStateException.class)
                .hasMessage("the generator of type 'broken' (" + FunctionGenerator.class.getName()
                        + ") returned no bytes; a SecretGenerator must return the new value's bytes");
    }

    @Test
    void random_givenToTheBuilder_isTheOneGeneratorsDrawFromAndIsNotReseeded() {
        AtomicInteger draws = new AtomicInteger();
        AtomicInteger seeds = new AtomicInteger();
        SecureRandom counting = new SecureRandom() {
            private static final long serialVersionUID = 1L;

            @Override
            public void nextBytes(byte[] bytes) {
                draws.incrementAndGet();
                super.nextBytes(bytes);
            }

            @Override
            public void setSeed(byte[] seed) {
                seeds.incrementAndGet();
                super.setSeed(seed);
            }
        };
        SecretGenerators generators = SecretGenerators.builder().withoutServiceLoader().random(counting).build();

        generators.generate("api-key");
        generators.generate("password");

        assertThat(draws.get()).isGreaterThanOrEqualTo(1 + 32);
        assertThat(seeds.get()).isZero();
    }

    @Test
    void strongRandom_isA256BitDrbgThatNeverNeedsPredictionResistanceReads() {
        SecureRandom random = SecretGenerators.strongRandom();

        assertThat(random.getAlgorithm()).isEqualTo("DRBG");
        assertThat(random.getParameters()).isInstanceOfSatisfying(DrbgParameters.Instantiation.class, p -> {
            assertThat(p.getStrength()).isEqualTo(256);
            assertThat(p.getCapability()).isEqualTo(DrbgParameters.Capability.RESEED_ONLY);
        });
        assertThat(random.toString()).startsWith("Hash_DRBG,SHA-256,256");
        byte[] a = new byte[32];
        byte[] b = new byte[32];
        random.nextBytes(a);
        SecretGenerators.strongRandom().nextBytes(b);
        assertThat(a).isNotEqualTo(b);
    }
}
