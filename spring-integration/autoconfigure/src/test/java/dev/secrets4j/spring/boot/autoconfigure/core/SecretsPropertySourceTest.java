package dev.secrets4j.spring.boot.autoconfigure.core;

import dev.secrets4j.Secrets;
import dev.secrets4j.spring.boot.autoconfigure.core.config.SecretsPropertySource;
import dev.secrets4j.spring.boot.autoconfigure.core.config.SecretsSanitizingFunction;
import dev.secrets4j.testing.InMemorySecretProvider;
import dev.secrets4j.testing.LeakCheck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The secrets4j property source and the sanitizing function that masks what it hands out. */
class SecretsPropertySourceTest {

    @RegisterExtension
    final LeakCheck leaks = LeakCheck.create();

    private final String dbPassword = leaks.canary("canary-ps-db-password-61f0");
    private final String rotated = leaks.canary("canary-ps-db-password-rotated-a9");
    private final String vaultToken = leaks.canary("canary-ps-vault-token-3c3c");

    private final InMemorySecretProvider memory = InMemorySecretProvider.create();
    private Secrets secrets;

    @AfterEach
    void close() {
        if (secrets != null) {
            secrets.close();
        }
    }

    private SecretsPropertySource source() {
        memory.set("DB_PASSWORD", dbPassword);
        secrets = Secrets.builder().provider(memory).require("DB_PASSWORD").optional("ABSENT")
                .listenerExecutor(Runnable::run).build();
        return SecretsPropertySource.of(secrets);
    }

    @Test
    void getProperty_resolvesDeclaredNames_andNeverCallsTheBackendForOthers() {
        SecretsPropertySource source = source();
        memory.resetCounts();

        assertThat(source.getProperty("DB_PASSWORD")).isEqualTo(dbPassword);
        assertThat(source.getProperty("spring.datasource.url")).isNull();
        assertThat(source.getProperty("server.port")).isNull();
        assertThat(source.containsProperty("server.port")).isFalse();
        assertThat(source.getProperty("ABSENT")).isNull();
        assertThat(memory.calls("spring.datasource.url")).isZero();
        assertThat(memory.calls("server.port")).isZero();
        assertThat(source).isNotInstanceOf(EnumerablePropertySource.class);
        leaks.assertNoLeak(source);
    }

    @Test
    void sanitizer_masksOurSource_servedValues_placeholders_andProviderCredentials() {
        SecretsPropertySource source = source();
        StandardEnvironment env = new StandardEnvironment();
        MapPropertySource app = new MapPropertySource("app", Map.of(
                "spring.datasource.password", "${DB_PASSWORD}",
                "app.url", "https://x/?p=${DB_PASSWORD:none}",
                "app.name", "demo"));
        env.getPropertySources().addLast(app);
        env.getPropertySources().addLast(source);
        SecretsSanitizingFunction sanitizer = SecretsSanitizingFunction.of(env);
        String served = (String) source.getProperty("DB_PASSWORD");

        assertThat(masked(sanitizer, new SanitizableData(source, "DB_PASSWORD", served))).isTrue();
        assertThat(masked(sanitizer, new SanitizableData(app, "spring.datasource.password", served))).isTrue();
        assertThat(masked(sanitizer, new SanitizableData(null, "any.bean.field", served))).isTrue();
        assertThat(masked(sanitizer, new SanitizableData(app, "app.url", "https://x/?p=" + served))).isTrue();
        assertThat(masked(sanitizer, new SanitizableData(null, "secrets4j.providers.vault.token", vaultToken))).isTrue();
        assertThat(masked(sanitizer, new SanitizableData(app, "app.name", "demo"))).isFalse();
        assertThat(masked(sanitizer, new SanitizableData(null, "secrets4j.providers.vault.address", "https://vault"))).isFalse();
    }

    @Test
    void sanitizer_stillMasksTheValueServedBeforeARotation() {
        SecretsPropertySource source = source();
        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources().addLast(source);
        SecretsSanitizingFunction sanitizer = SecretsSanitizingFunction.of(env);
        String before = (String) source.getProperty("DB_PASSWORD");

        memory.set("DB_PASSWORD", rotated);
        secrets.refresh("DB_PASSWORD");
        String after = (String) source.getProperty("DB_PASSWORD");

        assertThat(after).isEqualTo(rotated);
        assertThat(masked(sanitizer, new SanitizableData(null, "bean.password", before))).isTrue();
        assertThat(masked(sanitizer, new SanitizableData(null, "bean.password", after))).isTrue();
    }

    private static boolean masked(SecretsSanitizingFunction sanitizer, SanitizableData data) {
        return SanitizableData.SANITIZED_VALUE.equals(sanitizer.apply(data).getValue());
    }
}
