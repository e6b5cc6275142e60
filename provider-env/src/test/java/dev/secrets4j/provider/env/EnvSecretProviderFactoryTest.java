package dev.secrets4j.provider.env;

import dev.secrets4j.Secret;
import dev.secrets4j.spi.SecretProvider;
import dev.secrets4j.spi.SecretProviders;
import dev.secrets4j.spi.SecretRef;
import dev.secrets4j.testing.LeakCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/** The factory: found by id, every option good and bad. */
class EnvSecretProviderFactoryTest {

    @RegisterExtension
    final LeakCheck leaks = LeakCheck.create();

    private final String canary = leaks.canary("canary-7f3a-db-password");

    private final EnvSecretProviderFactory factory = new EnvSecretProviderFactory();

    @TempDir
    Path dir;

    @Test
    void serviceLoader_findsTheFactoryById() {
        assertThat(SecretProviders.available()).contains("env");

        SecretProvider provider = SecretProviders.create("env", Map.of("prefix", "APP_"));

        assertThat(provider).isInstanceOf(EnvSecretProvider.class);
        assertThat(provider.describe()).isEqualTo("env (prefix APP_)");
    }

    @Test
    void options_listsEveryOption() {
        assertThat(factory.id()).isEqualTo("env");
        assertThat(factory.options())
                .containsExactlyInAnyOrder("prefix", "relaxed-names", "file-indirection", "max-file-size", "trim-trailing-newline");
    }

    @Test
    void create_withoutOptions_usesTheDefaults() {
        EnvSecretProvider env = factory.create(Map.of(), Map.of("DB_PASSWORD", canary));

        assertThat(env.describe()).isEqualTo("env");
        assertThat(env.get(SecretRef.ofName("db.password"))).map(Secret::asString).contains(canary);
        assertThat(env.describeLookup(SecretRef.ofName("X"))).isEqualTo("env (looked for X, X_FILE)");
    }

    @Test
    void create_withRelaxedNamesAndFileIndirectionOff_findsOnlyExactPlainVariables() {
        EnvSecretProvider env = factory.create(Map.of("relaxed-names", "false", "file-indirection", "FALSE"),
                Map.of("DB_PASSWORD", canary));

        assertThat(env.get(SecretRef.ofName("db.password"))).isEmpty();
        assertThat(env.describeLookup(SecretRef.ofName("db.password"))).isEqualTo("env (looked for db.password)");
    }

    @Test
    void create_withMaxFileSizeAndTrimOff_appliesBoth() throws IOException {
        Path file = Files.writeString(dir.resolve("db_password"), canary + "\n");
        Map<String, String> environment = Map.of("DB_PASSWORD_FILE", file.toString());

        EnvSecretProvider keepsNewline = factory.create(Map.of("trim-trailing-newline", "false", "max-file-size", "1KiB"), environment);
        EnvSecretProvider tiny = factory.create(Map.of("max-file-size", "8"), environment);

        assertThat(keepsNewline.get(SecretRef.ofName("DB_PASSWORD"))).map(Secret::asString).contains(canary + "\n");
        Throwable tooLarge = catchThrowable(() -> tiny.get(SecretRef.ofName("DB_PASSWORD")));
        assertThat(tooLarge).hasMessageContaining("limit of 8 bytes");
        leaks.assertNoLeak(tooLarge, keepsNewline, tiny);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "prefix                | app_",
            "prefix                | APP-",
            "relaxed-names         | yes",
            "relaxed-names         | ''",
            "file-indirection      | 1",
            "trim-trailing-newline | maybe",
            "max-file-size         | -1",
            "max-file-size         | 0",
            "max-file-size         | 3GiB",
            "max-file-size         | lots",
            "max-file-size         | 99999999999MiB",
    })
    void create_whenOptionValueIsBad_throwsIllegalArgumentNamingTheOption(String key, String value) {
        assertThatThrownBy(() -> factory.create(Map.of(key, value)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("option '" + key + "'")
                .hasMessageContaining("got '" + value + "'");
    }

    @Test
    void create_whenOptionIsUnknown_throwsListingTheKnownOptions() {
        assertThatThrownBy(() -> factory.create(Map.of("prefx", "APP_")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("prefx")
                .hasMessageContaining("file-indirection, max-file-size, prefix, relaxed-names, trim-trailing-newline");
    }

    @Test
    void create_readsTheProcessEnvironment() {
        String variable = System.getenv().containsKey("PATH") ? "PATH" : "HOME";

        SecretProvider provider = factory.create(Map.of());

        assertThat(provider.get(SecretRef.ofName(variable))).map(Secret::asString).contains(System.getenv(variable));
    }
}
