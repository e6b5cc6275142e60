package dev.secrets4j.spring.boot.autoconfigure.core;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.secrets4j.SecretSpec;
import dev.secrets4j.SecretValidationException;
import dev.secrets4j.Secrets;
import dev.secrets4j.hmac.HmacVerifier;
import dev.secrets4j.hmac.WebhookScheme;
import dev.secrets4j.spring.boot.autoconfigure.core.config.SecretsSanitizingFunction;
import dev.secrets4j.testing.InMemorySecretProvider;
import dev.secrets4j.testing.LeakCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.StandardEnvironment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

/** The Secrets, HmacVerifiers and sanitizing beans: built from properties and provider beans, and every back-off. */
class Secrets4jAutoConfigurationTest {

    @RegisterExtension
    final LeakCheck leaks = LeakCheck.create();

    private final String dbPassword = leaks.canary("canary-autoconf-db-password-5a1c");
    private final String apiKey = leaks.canary("canary-autoconf-api-key-77e2");
    private final String webhookSecret = leaks.canary("canary-autoconf-webhook-secret-0b9d");

    private final InMemorySecretProvider memory = InMemorySecretProvider.create();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(Secrets4jAutoConfiguration.class));

    @Test
    void secrets_whenProviderBeanAndRequiredNames_resolvesThroughTheBean() {
        memory.set("DB_PASSWORD", dbPassword);
        runner.withBean(InMemorySecretProvider.class, () -> memory)
                .withPropertyValues("secrets4j.required=DB_PASSWORD")
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(Secrets.class).hasSingleBean(HmacVerifiers.class);
                    Secrets secrets = context.getBean(Secrets.class);
                    assertThat(secrets.get("DB_PASSWORD").asString()).isEqualTo(dbPassword);
                    assertThat(secrets.declaredNames()).containsExactly("DB_PASSWORD");
                    assertThat(secrets.health()).containsOnlyKeys("memory");
                    leaks.assertNoLeak(secrets, context.getBean(HmacVerifiers.class));
                });
    }

    @Test
    void secrets_whenUserDefinesOne_backsOff() {
        memory.set("API_KEY", apiKey);
        Secrets own = Secrets.builder().provider(memory).require("API_KEY").build();
        runner.withBean("ownSecrets", Secrets.class, () -> own)
                .withPropertyValues("secrets4j.required=SOMETHING_THAT_WOULD_FAIL")
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(Secrets.class);
                    assertThat(context.getBean(Secrets.class)).isSameAs(own);
                    assertThat(context.getBean(HmacVerifiers.class).forSecret("API_KEY", WebhookScheme.github())
                            .secretName()).isEqualTo("API_KEY");
                });
        own.close();
    }

    @Test
    void hmacVerifiers_whenUserDefinesOne_backsOff() {
        memory.set("WEBHOOK_SECRET", webhookSecret);
        runner.withBean(InMemorySecretProvider.class, () -> memory)
                .withUserConfiguration(OwnVerifiers.class)
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(HmacVerifiers.class);
                    assertThat(context.getBean(HmacVerifiers.class)).isSameAs(OwnVerifiers.instance);
                });
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnVerifiers {
        static HmacVerifiers instance;

        @Bean
        HmacVerifiers ownVerifiers(Secrets secrets) {
            instance = HmacVerifiers.of(secrets);
            return instance;
        }
    }

    @Test
    void hmacVerifiers_forSameSecretAndScheme_givesOneVerifier_closedWithTheContext() {
        memory.set("WEBHOOK_SECRET", webhookSecret);
        HmacVerifier[] seen = new HmacVerifier[1];
        runner.withBean(InMemorySecretProvider.class, () -> memory)
                .withPropertyValues("secrets4j.required=WEBHOOK_SECRET")
                .run(context -> {
                    HmacVerifiers verifiers = context.getBean(HmacVerifiers.class);
                    seen[0] = verifiers.forSecret("WEBHOOK_SECRET", WebhookScheme.github());
                    assertThat(verifiers.forSecret("WEBHOOK_SECRET", WebhookScheme.github())).isSameAs(seen[0]);
                    assertThat(verifiers.forSecret("WEBHOOK_SECRET", WebhookScheme.stripe())).isNotSameAs(seen[0]);
                    assertThat(memory.watchers("WEBHOOK_SECRET")).isPositive();
                    leaks.assertNoLeak(verifiers, seen[0]);
                });
        // the context is closed: Secrets closed its provider, which dropped every watch
        assertThat(memory.isClosed()).isTrue();
        assertThat(memory.watchers("WEBHOOK_SECRET")).isZero();
    }

    @Test
    void secrets_whenDisabled_noBeans() {
        runner.withBean(InMemorySecretProvider.class, () -> memory)
                .withPropertyValues("secrets4j.enabled=false")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(Secrets.class)
                        .doesNotHaveBean(HmacVerifiers.class).doesNotHaveBean(SecretsSanitizingFunction.class));
    }

    @Test
    void secrets_whenRequiredSecretMissing_contextFailsWithTheReport() {
        memory.set("DB_PASSWORD", dbPassword);
        runner.withBean(InMemorySecretProvider.class, () -> memory)
                .withPropertyValues("secrets4j.required=DB_PASSWORD,API_KEY")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause().isInstanceOf(SecretValidationException.class)
                            .hasMessageContaining("API_KEY").hasMessageContaining("missing");
                    leaks.assertNoLeak(context.getStartupFailure());
                });
    }

    @Test
    void secrets_whenNoProviderConfigured_usesEnv() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(Secrets.class).health()).containsOnlyKeys("env");
        });
    }

    @Test
    void secrets_fromConfiguredProviders_inOrder_withYamlListOptionsFolded(@TempDir Path dir) throws IOException {
        Path first = Files.createDirectory(dir.resolve("first"));
        Path second = Files.createDirectory(dir.resolve("second"));
        writeSecret(second.resolve("API_KEY"), apiKey);
        runner.withPropertyValues("secrets4j.providers.env.prefix=NO_SUCH_PREFIX_",
                        "secrets4j.providers.docker.paths[0]=" + first, "secrets4j.providers.docker.paths[1]=" + second,
                        "secrets4j.order=docker,env", "secrets4j.required=API_KEY")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    Secrets secrets = context.getBean(Secrets.class);
                    assertThat(secrets.health()).containsOnlyKeys("docker", "env");
                    assertThat(secrets.health().keySet()).containsExactly("docker", "env");
                    assertThat(secrets.get("API_KEY").asString()).isEqualTo(apiKey);
                    assertThat(secrets.get("API_KEY").providerId()).isEqualTo("docker");
                });
    }

    @Test
    void secrets_whenOrderOmitsAConfiguredProvider_leavesItOut(@TempDir Path dir) {
        runner.withPropertyValues("secrets4j.providers.docker.paths=" + dir, "secrets4j.providers.env.prefix=X_",
                        "secrets4j.order=env")
                .run(context -> assertThat(context.getBean(Secrets.class).health()).containsOnlyKeys("env"));
    }

    @Test
    void secrets_fromCatalogResource_andBindings(@TempDir Path dir) throws IOException {
        writeSecret(dir.resolve("db_password"), dbPassword);
        writeSecret(dir.resolve("API_KEY"), apiKey);
        Path catalog = dir.resolve("secrets4j.yaml");
        Files.writeString(catalog, "secrets:\n  - name: API_KEY\n    min-length: 8\n");
        runner.withPropertyValues("secrets4j.providers.docker.paths=" + dir, "secrets4j.catalog=file:" + catalog,
                        "secrets4j.bindings.DB_PASSWORD=docker:db_password")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    Secrets secrets = context.getBean(Secrets.class);
                    assertThat(secrets.declaredNames()).containsExactlyInAnyOrder("API_KEY", "DB_PASSWORD");
                    assertThat(secrets.get("DB_PASSWORD").asString()).isEqualTo(dbPassword);
                });
    }

    @Test
    void secrets_whenCachePropertyIsBad_failsNamingTheProperty() {
        runner.withBean(InMemorySecretProvider.class, () -> memory)
                .withPropertyValues("secrets4j.cache.jitter=1.5")
                .run(context -> assertThat(firstIllegalArgument(context.getStartupFailure()))
                        .hasMessageStartingWith("secrets4j.cache: ").hasMessageContaining("jitter"));
    }

    @Test
    void secrets_whenProviderIdUnknown_failsNamingThePropertyAndTheArtifact() {
        runner.withPropertyValues("secrets4j.providers.nosuch.address=x")
                .run(context -> assertThat(firstIllegalArgument(context.getStartupFailure()))
                        .hasMessageStartingWith("secrets4j.providers.nosuch: ").hasMessageContaining("secrets4j-provider-nosuch"));
    }

    @Test
    void secrets_appliesCustomizers() {
        memory.set("DB_PASSWORD", "short");
        runner.withBean(InMemorySecretProvider.class, () -> memory)
                .withBean(Secrets4jBuilderCustomizer.class, () -> b -> b.require("DB_PASSWORD", SecretSpec.minLength(32)))
                .run(context -> assertThat(context.getStartupFailure()).rootCause()
                        .isInstanceOf(SecretValidationException.class).hasMessageContaining("DB_PASSWORD"));
    }

    @Test
    void secrets_whenBootHasWarnings_logsThemOnceAtWarn(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("API_KEY");
        Files.writeString(file, apiKey);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        runner.withPropertyValues("secrets4j.providers.docker.paths=" + dir, "secrets4j.required=API_KEY")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    context.getBean(Secrets.class);
                    assertThat(context.getBean(Secrets.class).bootReport().warnings()).hasSize(1);
                });
        assertThat(leaks.events().stream()
                .filter(e -> e.getLoggerName().equals(Secrets4jAutoConfiguration.class.getName()))
                .filter(e -> e.getLevel() == Level.WARN).map(ILoggingEvent::getFormattedMessage))
                .singleElement().asString().contains("API_KEY", "warning");
    }

    @Test
    void sanitizingFunction_whenUserDefinesOne_backsOff() {
        SecretsSanitizingFunction own = SecretsSanitizingFunction.of(new StandardEnvironment());
        runner.withBean(InMemorySecretProvider.class, () -> memory)
                .withBean("ownSanitizer", SecretsSanitizingFunction.class, () -> own)
                .run(context -> assertThat(context.getBean(SecretsSanitizingFunction.class)).isSameAs(own));
    }

    @Test
    void sanitizingFunction_isRegistered() {
        runner.withBean(InMemorySecretProvider.class, () -> memory)
                .run(context -> assertThat(context).hasSingleBean(SecretsSanitizingFunction.class));
    }

    private static Throwable firstIllegalArgument(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof IllegalArgumentException) {
                return t;
            }
        }
        throw new AssertionError("no IllegalArgumentException in the cause chain of " + failure);
    }

    private static void writeSecret(Path file, String value) throws IOException {
        Files.writeString(file, value);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }
}
