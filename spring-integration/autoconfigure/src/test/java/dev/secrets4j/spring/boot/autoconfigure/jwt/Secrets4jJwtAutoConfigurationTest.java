package dev.secrets4j.spring.boot.autoconfigure.jwt;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.secrets4j.Secrets;
import dev.secrets4j.jwt.JwtAlgorithm;
import dev.secrets4j.jwt.JwtClaims;
import dev.secrets4j.jwt.JwtKeyRing;
import dev.secrets4j.jwt.JwtSigner;
import dev.secrets4j.jwt.JwtVerificationException;
import dev.secrets4j.jwt.JwtVerifier;
import dev.secrets4j.testing.InMemorySecretProvider;
import dev.secrets4j.testing.LeakCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Conditions, back-offs and property binding of the JWT beans, on real application contexts. */
class Secrets4jJwtAutoConfigurationTest {

    @RegisterExtension
    static final LeakCheck leaks = LeakCheck.create();

    static {
        leaks.canary(JwtTestSecrets.KEY_ONE);
        leaks.canary(JwtTestSecrets.middleLine(JwtTestSecrets.KEY_ONE));
        leaks.canary(JwtTestSecrets.KEY_TWO);
        leaks.canary(JwtTestSecrets.middleLine(JwtTestSecrets.KEY_TWO));
        leaks.canary(JwtTestSecrets.HMAC_SECRET);
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(Secrets4jJwtAutoConfiguration.class))
            .withUserConfiguration(JwtTestSecrets.class);

    @Test
    void context_withoutPrivateKeyProperty_hasNoJwtBeans() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(JwtKeyRing.class);
            assertThat(context).doesNotHaveBean(JwtSigner.class);
            assertThat(context).doesNotHaveBean(JwtVerifier.class);
        });
    }

    @Test
    void context_withoutJwtModule_backsOff() {
        runner.withPropertyValues("secrets4j.jwt.private-key=JWT_PRIVATE_KEY")
                .withClassLoader(new FilteredClassLoader(JwtKeyRing.class))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean("secrets4jJwtKeyRing"));
    }

    @Test
    void context_withPrivateKey_signsAndVerifiesWithIssuerAndAudience() {
        runner.withPropertyValues("secrets4j.jwt.private-key=JWT_PRIVATE_KEY",
                        "secrets4j.jwt.issuer=https://auth.example", "secrets4j.jwt.audience=api",
                        "secrets4j.jwt.lifetime=5m", "secrets4j.jwt.required-claims=sub,role")
                .run(context -> {
                    assertThat(context).hasSingleBean(JwtKeyRing.class).hasSingleBean(JwtSigner.class)
                            .hasSingleBean(JwtVerifier.class);
                    String token = context.getBean(JwtSigner.class).sign(JwtClaims.builder().subject("user-42")
                            .audience("api").claim("role", "admin").build());
                    JwtClaims claims = context.getBean(JwtVerifier.class).verify(token);
                    assertThat(claims.subject()).contains("user-42");
                    assertThat(claims.issuer()).contains("https://auth.example");
                    assertThat(Duration.between(claims.issuedAt().orElseThrow(), claims.expiresAt().orElseThrow()))
                            .isEqualTo(Duration.ofMinutes(5));

                    String noRole = context.getBean(JwtSigner.class).sign(JwtClaims.builder().subject("u")
                            .audience("api").build());
                    assertThatThrownBy(() -> context.getBean(JwtVerifier.class).verify(noRole))
                            .isInstanceOfSatisfying(JwtVerificationException.class,
                                    e -> assertThat(e.reason()).isEqualTo(JwtVerificationException.Reason.MISSING_CLAIM));
                    String otherAudience = context.getBean(JwtSigner.class).sign(JwtClaims.builder().subject("u")
                            .audience("billing").claim("role", "x").build());
                    assertThatThrownBy(() -> context.getBean(JwtVerifier.class).verify(otherAudience))
                            .isInstanceOfSatisfying(JwtVerificationException.class,
                                    e -> assertThat(e.reason()).isEqualTo(JwtVerificationException.Reason.WRONG_AUDIENCE));
                    leaks.assertNoLeak(context.getBean(JwtKeyRing.class), context.getBean(JwtSigner.class),
                            context.getBean(JwtVerifier.class), context.getBean(Secrets4jJwtProperties.class),
                            context.getBean(Secrets.class));
                });
    }

    @Test
    void properties_bindAlgorithmGracePendingAndLimits() {
        runner.withPropertyValues("secrets4j.jwt.private-key=JWT_PRIVATE_KEY", "secrets4j.jwt.algorithm=PS256",
                        "secrets4j.jwt.grace=2h", "secrets4j.jwt.pending=10m", "secrets4j.jwt.max-token-size=100")
                .run(context -> {
                    JwtKeyRing ring = context.getBean(JwtKeyRing.class);
                    assertThat(ring.jwksMaxAge()).isEqualTo(Duration.ofMinutes(5));
                    assertThat(ring.jwks()).contains("\"alg\":\"PS256\"");
                    String token = context.getBean(JwtSigner.class).sign(JwtClaims.builder().subject("user-42")
                            .claim("padding", "x".repeat(200)).build());
                    assertThatThrownBy(() -> context.getBean(JwtVerifier.class).verify(token))
                            .isInstanceOfSatisfying(JwtVerificationException.class,
                                    e -> assertThat(e.reason()).isEqualTo(JwtVerificationException.Reason.TOO_LARGE));
                    Secrets4jJwtProperties properties = context.getBean(Secrets4jJwtProperties.class);
                    assertThat(properties.getAlgorithm()).isEqualTo(JwtAlgorithm.PS256);
                    assertThat(properties.getGrace()).isEqualTo(Duration.ofHours(2));
                });
    }

    @Test
    void rotation_newTokensUseTheNewKey_oldTokensVerifyDuringGrace() {
        runner.withPropertyValues("secrets4j.jwt.private-key=JWT_PRIVATE_KEY").run(context -> {
            JwtKeyRing ring = context.getBean(JwtKeyRing.class);
            JwtSigner signer = context.getBean(JwtSigner.class);
            JwtVerifier verifier = context.getBean(JwtVerifier.class);
            String oldKid = ring.primaryKid();
            String oldToken = signer.sign(JwtClaims.builder().subject("before").build());

            context.getBean(InMemorySecretProvider.class).set("JWT_PRIVATE_KEY", JwtTestSecrets.KEY_TWO);
            context.getBean(Secrets.class).refresh("JWT_PRIVATE_KEY");

            assertThat(ring.primaryKid()).isNotEqualTo(oldKid);
            String newToken = signer.sign(JwtClaims.builder().subject("after").build());
            assertThat(verifier.verify(oldToken).subject()).contains("before");
            assertThat(verifier.verify(newToken).subject()).contains("after");
        });
    }

    @Test
    void close_stopsTheRingFollowingRotation() {
        SecretsKeptOpen.secrets = null;
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(Secrets4jJwtAutoConfiguration.class))
                .withUserConfiguration(SecretsKeptOpen.class)
                .withPropertyValues("secrets4j.jwt.private-key=JWT_PRIVATE_KEY")
                .run(context -> SecretsKeptOpen.ring = context.getBean(JwtKeyRing.class));
        try (Secrets secrets = SecretsKeptOpen.secrets) {
            String kid = SecretsKeptOpen.ring.primaryKid();
            SecretsKeptOpen.memory.set("JWT_PRIVATE_KEY", JwtTestSecrets.KEY_TWO);
            secrets.refresh("JWT_PRIVATE_KEY");
            assertThat(SecretsKeptOpen.ring.primaryKid()).isEqualTo(kid);
        }
    }

    @Test
    void legacyHmac_acceptsHs256TokensBeforeTheDeadline() throws Exception {
        runner.withPropertyValues("secrets4j.jwt.private-key=JWT_PRIVATE_KEY",
                        "secrets4j.jwt.legacy-hmac.secret=JWT_SECRET",
                        "secrets4j.jwt.legacy-hmac.deadline=" + Instant.now().plus(Duration.ofDays(30)))
                .run(context -> {
                    SignedJWT hs256 = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), new JWTClaimsSet.Builder()
                            .subject("legacy-user").expirationTime(Date.from(Instant.now().plusSeconds(300))).build());
                    hs256.sign(new MACSigner(JwtTestSecrets.HMAC_SECRET.getBytes(StandardCharsets.UTF_8)));
                    assertThat(context.getBean(JwtVerifier.class).verify(hs256.serialize()).subject())
                            .contains("legacy-user");
                    assertThat(context.getBean(JwtKeyRing.class).jwks()).doesNotContain("\"oct\"");
                    leaks.assertNoLeak(context.getBean(JwtKeyRing.class));
                });
    }

    @Test
    void legacyHmac_withoutDeadline_failsNamingBothProperties() {
        runner.withPropertyValues("secrets4j.jwt.private-key=JWT_PRIVATE_KEY", "secrets4j.jwt.legacy-hmac.secret=JWT_SECRET")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause()
                            .hasMessageContaining("secrets4j.jwt.legacy-hmac needs both .secret")
                            .hasMessageContaining(".deadline");
                    leaks.assertNoLeak(context.getStartupFailure());
                });
    }

    @Test
    void algorithm_hs256_failsNamingTheProperty() {
        runner.withPropertyValues("secrets4j.jwt.private-key=JWT_PRIVATE_KEY", "secrets4j.jwt.algorithm=HS256")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause()
                            .hasMessageContaining("secrets4j.jwt.algorithm must be RS256 or PS256, got HS256");
                });
    }

    @Test
    void privateKey_whenSecretIsNotAKey_failsNamingTheSecretNotTheValue() {
        runner.withPropertyValues("secrets4j.jwt.private-key=JWT_SECRET").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("JWT_SECRET");
            leaks.assertNoLeak(context.getStartupFailure());
        });
    }

    @Test
    void userBeans_takePrecedence() {
        runner.withUserConfiguration(OwnBeans.class).withPropertyValues("secrets4j.jwt.private-key=JWT_PRIVATE_KEY",
                        "secrets4j.jwt.issuer=https://ignored.example")
                .run(context -> {
                    assertThat(context).hasSingleBean(JwtKeyRing.class).hasSingleBean(JwtSigner.class)
                            .hasSingleBean(JwtVerifier.class);
                    assertThat(context).hasBean("ownRing").hasBean("ownSigner").hasBean("ownVerifier");
                    String token = context.getBean(JwtSigner.class).sign(JwtClaims.builder().subject("me").build());
                    assertThat(context.getBean(JwtVerifier.class).verify(token).issuer()).contains("https://own.example");
                });
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnBeans {
        @Bean
        JwtKeyRing ownRing(Secrets secrets) {
            return JwtKeyRing.builder(secrets).privateKey("JWT_PRIVATE_KEY").build();
        }

        @Bean
        JwtSigner ownSigner(JwtKeyRing ring) {
            return JwtSigner.builder(ring).issuer("https://own.example").build();
        }

        @Bean
        JwtVerifier ownVerifier(JwtKeyRing ring) {
            return JwtVerifier.builder(ring).issuer("https://own.example").build();
        }
    }

    /** A Secrets bean the context does not close, to see what closing the context does to the ring. */
    @Configuration(proxyBeanMethods = false)
    static class SecretsKeptOpen {
        static InMemorySecretProvider memory;
        static Secrets secrets;
        static JwtKeyRing ring;

        @Bean(destroyMethod = "")
        Secrets secrets() {
            memory = InMemorySecretProvider.create();
            memory.set("JWT_PRIVATE_KEY", JwtTestSecrets.KEY_ONE);
            secrets = Secrets.builder().provider(memory).require("JWT_PRIVATE_KEY")
                    .listenerExecutor(Runnable::run).build();
            return secrets;
        }
    }
}
