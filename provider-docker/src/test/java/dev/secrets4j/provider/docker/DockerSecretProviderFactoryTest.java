package dev.secrets4j.provider.docker;

import dev.secrets4j.SecretProviderException;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Creating the provider by id {@code docker} from string options, as a catalog or Spring does. */
class DockerSecretProviderFactoryTest {

    @RegisterExtension
    final LeakCheck leaks = LeakCheck.create();

    @TempDir
    Path tmp;

    @Test
    void serviceLoader_findsTheFactoryById() {
        assertThat(SecretProviders.available()).contains("docker");
        try (SecretProvider provider = SecretProviders.create("docker", Map.of())) {
            assertThat(provider).isInstanceOf(DockerSecretProvider.class);
            assertThat(provider.describe()).isEqualTo("docker:/run/secrets");
        }
    }

    @Test
    void create_withEveryOption_appliesThem() throws IOException {
        Path a = Files.createDirectory(tmp.resolve("a"));
        Path b = Files.createDirectory(tmp.resolve("b"));
        String value = leaks.canary("canary-7f3a-factory-value");
        Files.writeString(b.resolve("token"), value + "\n", StandardCharsets.UTF_8);
        Files.writeString(b.resolve("big"), value.repeat(4), StandardCharsets.UTF_8);
        try (DockerSecretProvider provider = (DockerSecretProvider) SecretProviders.create("docker", Map.of(
                "paths", a + " , " + b,
                "trim-trailing-newline", "FALSE",
                "max-file-size", "64",
                "poll-interval", "250ms",
                "watch-service", "false"))) {
            assertThat(provider.describe()).isEqualTo("docker:" + a + "," + b);
            assertThat(provider.get(SecretRef.ofName("token")).orElseThrow().asString()).isEqualTo(value + "\n");
            assertThatThrownBy(() -> provider.get(SecretRef.ofName("big")))
                    .isInstanceOf(SecretProviderException.class).hasMessageContaining("limit of 64 bytes");
            assertThat(provider.toString()).contains("PT0.25S", "watch service false");
            leaks.assertNoLeak(provider);
        }
    }

    @ParameterizedTest
    @CsvSource({
            "1048576, 1048576",
            "64KB, 65536",
            "64 KiB, 65536",
            "1MiB, 1048576",
            "2m, 2097152",
            "512b, 512"})
    void create_acceptsSizesWithUnits(String option, long bytes) throws IOException {
        Path folder = Files.createDirectory(tmp.resolve("f"));
        Files.write(folder.resolve("exact"), new byte[(int) bytes]);
        Files.write(folder.resolve("over"), new byte[(int) bytes + 1]);
        try (SecretProvider provider = new DockerSecretProviderFactory().create(Map.of("paths", folder.toString(), "max-file-size", option))) {
            assertThat(provider.get(SecretRef.ofName("exact"))).isPresent();
            assertThatThrownBy(() -> provider.get(SecretRef.ofName("over"))).isInstanceOf(SecretProviderException.class);
        }
    }

    @ParameterizedTest
    @CsvSource({"2s, PT2S", "500ms, PT0.5S", "1m, PT1M", "1h, PT1H", "PT3S, PT3S"})
    void create_acceptsDurations(String option, String iso) {
        try (SecretProvider provider = new DockerSecretProviderFactory().create(Map.of("poll-interval", option))) {
            assertThat(provider.toString()).contains("poll " + iso);
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "paths|/a,,/b|paths",
            "paths|' '|paths",
            "trim-trailing-newline|yes|trim-trailing-newline",
            "max-file-size|lots|max-file-size",
            "max-file-size|0|max-file-size",
            "max-file-size|4GiB|max-file-size",
            "max-file-size|99999999999999999999|max-file-size",
            "poll-interval|soon|poll-interval",
            "poll-interval|0s|poll-interval",
            "poll-interval|PT-1S|poll-interval",
            "poll-interval|30d|poll-interval",
            "watch-service|1|watch-service"})
    void create_withBadValue_throwsNamingTheOption(String option, String value, String named) {
        assertThatThrownBy(() -> new DockerSecretProviderFactory().create(Map.of(option, value)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("option '" + named + "'")
                .hasMessageContaining("docker")
                .hasMessageContaining("got '" + value + "'");
    }

    @Test
    void create_withUnknownOption_throwsListingTheKnownOnes() {
        assertThatThrownBy(() -> new DockerSecretProviderFactory().create(Map.of("path", "/x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("path")
                .hasMessageContaining("max-file-size, paths, poll-interval, trim-trailing-newline, watch-service");
    }

    @Test
    void options_listEveryKey() {
        assertThat(new DockerSecretProviderFactory().options())
                .containsExactlyInAnyOrder("paths", "trim-trailing-newline", "max-file-size", "poll-interval", "watch-service");
        assertThat(new DockerSecretProviderFactory().id()).isEqualTo("docker");
    }
}
