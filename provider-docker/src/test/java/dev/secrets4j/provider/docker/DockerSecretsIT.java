package dev.secrets4j.provider.docker;

import dev.secrets4j.Problem;
import dev.secrets4j.SecretChange;
import dev.secrets4j.SecretValidationException;
import dev.secrets4j.Secrets;
import dev.secrets4j.testing.LeakCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

/** The Docker provider under the real engine: Kubernetes rotation reaches listeners once; boot reports file problems. */
class DockerSecretsIT {

    @RegisterExtension
    final LeakCheck leaks = LeakCheck.create();

    @TempDir
    Path tmp;

    private final String dbPassword = leaks.canary("canary-it-db-password-0001");
    private final String apiKey = leaks.canary("canary-it-api-key-000002");

    @Test
    void kubernetesSwap_reachesTheListenerOnce_forTheSecretThatChanged() throws Exception {
        Path folder = tmp.resolve("secrets");
        KubernetesVolume volume = KubernetesVolume.create(folder, Map.of("db_password", dbPassword, "api_key", apiKey));
        DockerSecretProvider docker = DockerSecretProvider.builder().paths(folder).pollInterval(Duration.ofMillis(50)).build();
        List<SecretChange> changes = new CopyOnWriteArrayList<>();
        try (Secrets secrets = Secrets.builder().provider(docker)
                .require("db_password").require("API_KEY")
                .listenerExecutor(Runnable::run)
                .build()) {
            secrets.onAnyChange(changes::add);
            assertThat(secrets.get("API_KEY").asString()).isEqualTo(apiKey);

            String rotated = leaks.canary("canary-it-db-password-rotated");
            volume.swap(Map.of("db_password", rotated, "api_key", apiKey));

            await().atMost(Duration.ofSeconds(15)).until(() -> !changes.isEmpty());
            long scans = docker.scans();
            await().atMost(Duration.ofSeconds(15)).until(() -> docker.scans() >= scans + 2);
            assertThat(changes).singleElement().satisfies(c -> {
                assertThat(c.name()).isEqualTo("db_password");
                assertThat(c.previous().asString()).isEqualTo(dbPassword);
                assertThat(c.current().asString()).isEqualTo(rotated);
            });
            assertThat(secrets.get("db_password").asString()).isEqualTo(rotated);
            assertThat(secrets.get("API_KEY").asString()).isEqualTo(apiKey);
            leaks.assertNoLeak(changes.toArray());
        }
    }

    @Test
    void boot_reportsMissingFilesAndPermissionsTogether() throws Exception {
        Path folder = Files.createDirectories(tmp.resolve("secrets"));
        write(folder.resolve("api_key"), apiKey, "rw-r--r--");
        write(folder.resolve("db_password"), dbPassword, "rw-rw-rw-");
        SecretValidationException e = catchThrowableOfType(SecretValidationException.class, () -> Secrets.builder()
                .provider(DockerSecretProvider.atPath(folder))
                .require("api_key").require("db_password").require("jwt_key")
                .build());
        assertThat(e.problems()).extracting(Problem::secretName, Problem::severity).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("api_key", Problem.Severity.WARNING),
                org.assertj.core.groups.Tuple.tuple("db_password", Problem.Severity.ERROR),
                org.assertj.core.groups.Tuple.tuple("db_password", Problem.Severity.WARNING),
                org.assertj.core.groups.Tuple.tuple("jwt_key", Problem.Severity.ERROR));
        assertThat(e.getMessage()).contains(folder.resolve("db_password").toString(), "jwt_key", "missing", "looked in docker:");
        leaks.assertNoLeak(e);
    }

    @Test
    void boot_withOnlyAGroupReadableFile_succeedsWithAWarning() throws Exception {
        Path folder = Files.createDirectories(tmp.resolve("secrets"));
        write(folder.resolve("api_key"), apiKey, "rw-r-----");
        try (Secrets secrets = Secrets.builder().provider(DockerSecretProvider.atPath(folder)).require("api_key").build()) {
            assertThat(secrets.bootReport().warnings()).singleElement()
                    .satisfies(p -> assertThat(p.location()).isEqualTo("docker:" + folder.resolve("api_key")));
            assertThat(secrets.get("api_key").metadata("permissions")).contains("rw-r-----");
        }
    }

    private static void write(Path file, String content, String mode) throws Exception {
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
    }
}
