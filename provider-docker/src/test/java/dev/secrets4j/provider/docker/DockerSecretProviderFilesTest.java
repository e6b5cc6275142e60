package dev.secrets4j.provider.docker;

import dev.secrets4j.Problem;
import dev.secrets4j.Secret;
import dev.secrets4j.SecretFormatException;
import dev.secrets4j.SecretProviderException;
import dev.secrets4j.SecretSpec;
import dev.secrets4j.spi.ProviderHealth;
import dev.secrets4j.spi.SecretRef;
import dev.secrets4j.testing.LeakCheck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Reading secret files from real folders: names, trimming, bytes, limits, symlinks, Kubernetes, permissions. */
class DockerSecretProviderFilesTest {

    @RegisterExtension
    final LeakCheck leaks = LeakCheck.create();

    @TempDir
    Path tmp;

    private Path folder;
    private String dbPassword;
    private final List<DockerSecretProvider> providers = new ArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        folder = Files.createDirectory(tmp.resolve("secrets"));
        dbPassword = leaks.canary("canary-7f3a-db-password");
    }

    @AfterEach
    void closeProviders() {
        providers.forEach(DockerSecretProvider::close);
    }

    @Test
    void get_whenExactFileExists_returnsItNamedAfterThePath() throws IOException {
        write(folder, "db_password", dbPassword + "\n");
        Secret secret = provider().get(ref("db_password")).orElseThrow();
        assertThat(secret.asString()).isEqualTo(dbPassword);
        assertThat(secret.name()).isEqualTo("db_password");
        assertThat(secret.providerId()).isEqualTo("docker");
        assertThat(secret.metadata("path")).contains(folder.resolve("db_password").toString());
        assertThat(secret.createdAt()).isPresent();
        leaks.assertNoLeak(secret);
    }

    @Test
    void get_whenOnlyLowerCaseFileExists_findsItForAnUpperCaseName() throws IOException {
        write(folder, "db_password", dbPassword);
        Secret secret = provider().get(ref("DB_PASSWORD")).orElseThrow();
        assertThat(secret.asString()).isEqualTo(dbPassword);
        assertThat(secret.name()).isEqualTo("DB_PASSWORD");
        assertThat(secret.metadata("path")).contains(folder.resolve("db_password").toString());
    }

    @Test
    void get_whenExactAndLowerCaseFilesExist_prefersTheExactOne() throws IOException {
        String upper = leaks.canary("canary-7f3a-upper-case-file");
        write(folder, "db_password", dbPassword);
        write(folder, "DB_PASSWORD", upper);
        assertThat(provider().get(ref("DB_PASSWORD")).orElseThrow().asString()).isEqualTo(upper);
        assertThat(provider().get(ref("db_password")).orElseThrow().asString()).isEqualTo(dbPassword);
    }

    @Test
    void get_whenSeveralFolders_searchesThemInOrder() throws IOException {
        Path second = Files.createDirectory(tmp.resolve("second"));
        String other = leaks.canary("canary-7f3a-second-folder");
        String apiKey = leaks.canary("canary-7f3a-api-key-value");
        write(folder, "db_password", dbPassword);
        write(second, "db_password", other);
        write(second, "api_key", apiKey);
        DockerSecretProvider provider = track(DockerSecretProvider.atPath(folder, second));
        assertThat(provider.get(ref("db_password")).orElseThrow().asString()).isEqualTo(dbPassword);
        assertThat(provider.get(ref("api_key")).orElseThrow().asString()).isEqualTo(apiKey);
        assertThat(provider.describe()).isEqualTo("docker:" + folder + "," + second);
    }

    @Test
    void get_whenFileMissing_returnsEmpty() {
        assertThat(provider().get(ref("db_password"))).isEmpty();
    }

    @Test
    void get_whenBaseFolderMissing_returnsEmptyAndHealthIsDown() {
        DockerSecretProvider provider = track(DockerSecretProvider.atPath(tmp.resolve("nowhere")));
        assertThat(provider.get(ref("db_password"))).isEmpty();
        ProviderHealth health = provider.health();
        assertThat(health.status()).isEqualTo(ProviderHealth.Status.DOWN);
        assertThat(health.detail()).contains(tmp.resolve("nowhere").toString(), "mount");
    }

    @Test
    void health_whenOneOfTwoFoldersMissing_isDegraded_andWhenAllExist_isUp() {
        DockerSecretProvider partly = track(DockerSecretProvider.atPath(folder, tmp.resolve("nowhere")));
        assertThat(partly.health().status()).isEqualTo(ProviderHealth.Status.DEGRADED);
        assertThat(partly.health().detail()).contains("1 of 2");
        assertThat(provider().health().status()).isEqualTo(ProviderHealth.Status.UP);
    }

    @Test
    void get_whenTrimIsOn_removesOneTrailingNewlineOnly() throws IOException {
        write(folder, "a", dbPassword + "\n\n");
        write(folder, "b", dbPassword + "\r\n");
        assertThat(provider().get(ref("a")).orElseThrow().asString()).isEqualTo(dbPassword + "\n");
        assertThat(provider().get(ref("b")).orElseThrow().asString()).isEqualTo(dbPassword);
    }

    @Test
    void get_whenTrimIsOff_keepsTheNewline() throws IOException {
        write(folder, "a", dbPassword + "\n");
        write(folder, "b", dbPassword + "\r\n");
        DockerSecretProvider provider = track(DockerSecretProvider.builder().paths(folder).trimTrailingNewline(false).build());
        assertThat(provider.get(ref("a")).orElseThrow().asString()).isEqualTo(dbPassword + "\n");
        assertThat(provider.get(ref("b")).orElseThrow().asString()).isEqualTo(dbPassword + "\r\n");
    }

    @Test
    void get_whenBinaryOrInvalidUtf8_returnsTheExactBytes() throws IOException {
        byte[] binary = leaks.canary(new byte[]{(byte) 0xff, (byte) 0xfe, 0, (byte) 0xc3, 0x28, 0x7f, (byte) 0x80, 0x0a, 0x0a});
        Files.write(folder.resolve("keystore"), binary);
        Secret secret = provider().get(ref("keystore")).orElseThrow();
        assertThat(secret.asBytes()).containsExactly(0xff, 0xfe, 0, 0xc3, 0x28, 0x7f, 0x80, 0x0a);
        assertThat(secret.isUtf8()).isFalse();
        leaks.assertNoLeak(secret);
    }

    @Test
    void get_when10MiBFile_throwsPermanentNamingSecretProviderAndFile() throws IOException {
        Path huge = folder.resolve("huge");
        try (RandomAccessFile raf = new RandomAccessFile(huge.toFile(), "rw")) {
            raf.setLength(10L * 1024 * 1024);
        }
        SecretProviderException e = catchThrowableOfType(SecretProviderException.class, () -> provider().get(ref("huge")));
        assertThat(e.isRetryable()).isFalse();
        assertThat(e.providerId()).isEqualTo("docker");
        assertThat(e.secretName()).contains("huge");
        assertThat(e.getMessage()).contains("secret 'huge'", huge.toString(), "10485760 bytes", "limit of 1048576");
    }

    @Test
    void get_whenFileGrowsPastTheLimit_throwsOnTheNextRead() throws IOException {
        write(folder, "token", dbPassword);
        DockerSecretProvider provider = track(DockerSecretProvider.builder().paths(folder).maxFileSize(64).build());
        assertThat(provider.get(ref("token")).orElseThrow().asString()).isEqualTo(dbPassword);
        write(folder, "token", dbPassword.repeat(3));
        assertThatThrownBy(() -> provider.get(ref("token")))
                .isInstanceOf(SecretProviderException.class)
                .hasMessageContaining("secret 'token'")
                .hasMessageContaining("limit of 64 bytes");
    }

    @Test
    void get_whenSymlinkToEtcHostnameOrSiblingFolder_throwsNamingSecretAndFile() throws IOException {
        Path sibling = Files.createDirectory(tmp.resolve("sibling"));
        Path outside = write(sibling, "stolen", leaks.canary("canary-7f3a-outside-folder"));
        Files.createSymbolicLink(folder.resolve("stolen"), outside);
        Files.createSymbolicLink(folder.resolve("relative"), Path.of("..", "sibling", "stolen"));
        Files.createSymbolicLink(folder.resolve("hostname"), Path.of("/etc/hostname"));
        DockerSecretProvider provider = provider();
        for (String name : List.of("stolen", "relative", "hostname")) {
            SecretProviderException e = catchThrowableOfType(SecretProviderException.class, () -> provider.get(ref(name)));
            assertThat(e).as(name).isNotNull();
            assertThat(e.isRetryable()).isFalse();
            assertThat(e.getMessage()).contains("secret '" + name + "'", "docker", folder.resolve(name).toString(), "outside its base folder");
            leaks.assertNoLeak(e);
        }
        // JUnit warns when it deletes a link pointing outside its temp dir.
        Files.delete(folder.resolve("hostname"));
    }

    @Test
    void get_whenSymlinkStaysInsideTheFolder_followsIt() throws IOException {
        Path nested = Files.createDirectories(folder.resolve("nested"));
        write(nested, "real_password", dbPassword);
        Files.createSymbolicLink(folder.resolve("db_password"), Path.of("nested", "real_password"));
        assertThat(provider().get(ref("db_password")).orElseThrow().asString()).isEqualTo(dbPassword);
    }

    @Test
    void get_whenDanglingSymlink_returnsEmpty() throws IOException {
        Files.createSymbolicLink(folder.resolve("db_password"), Path.of("gone"));
        assertThat(provider().get(ref("db_password"))).isEmpty();
    }

    @Test
    void get_whenDirectory_throwsPermanentNamingTheFile() throws IOException {
        Files.createDirectory(folder.resolve("db_password"));
        assertThatThrownBy(() -> provider().get(ref("db_password")))
                .isInstanceOf(SecretProviderException.class)
                .hasMessageContaining("secret 'db_password'")
                .hasMessageContaining(folder.resolve("db_password").toString())
                .hasMessageContaining("a directory")
                .satisfies(e -> assertThat(((SecretProviderException) e).isRetryable()).isFalse());
    }

    @Test
    void get_whenKubernetesLayout_readsThroughDataLink() throws IOException {
        String apiKey = leaks.canary("canary-7f3a-api-key-value");
        KubernetesVolume volume = KubernetesVolume.create(folder, Map.of("db_password", dbPassword, "api_key", apiKey));
        DockerSecretProvider provider = provider();
        Secret secret = provider.get(ref("db_password")).orElseThrow();
        assertThat(secret.asString()).isEqualTo(dbPassword);
        assertThat(secret.metadata("path")).contains(folder.resolve("db_password").toString());
        assertThat(provider.get(ref("API_KEY")).orElseThrow().asString()).isEqualTo(apiKey);
        assertThat(volume.current().getFileName().toString()).startsWith("..2026_11_25");
        assertThatThrownBy(() -> provider.get(ref("..data"))).isInstanceOf(SecretFormatException.class);
    }

    @Test
    void get_whenKubernetesDataPointsOutside_throws() throws IOException {
        Path elsewhere = Files.createDirectory(tmp.resolve("..elsewhere"));
        write(elsewhere, "db_password", dbPassword);
        Files.createSymbolicLink(folder.resolve("..data"), elsewhere);
        Files.createSymbolicLink(folder.resolve("db_password"), Path.of("..data", "db_password"));
        assertThatThrownBy(() -> provider().get(ref("db_password")))
                .isInstanceOf(SecretProviderException.class)
                .hasMessageContaining("outside its base folder");
    }

    @ParameterizedTest
    @ValueSource(strings = {"../secrets/db_password", "/etc/passwd", "nested/real", "..", "a\u0000b", "a\\b"})
    void get_whenHostileName_throwsFormatExceptionNamingNameAndProvider(String name) throws IOException {
        Files.createDirectories(folder.resolve("nested"));
        write(folder.resolve("nested"), "real", dbPassword);
        assertThatThrownBy(() -> provider().get(ref(name)))
                .isInstanceOf(SecretFormatException.class)
                .hasMessageContaining("docker")
                .hasMessageContaining("'" + name.replace("\u0000", "\\u0000") + "'");
        assertThat(provider().describeLookup(ref(name))).isEqualTo("docker:" + folder + " (no file: the name is not a plain file name)");
    }

    @Test
    void describe_andDescribeLookup_nameTheFolderAndTheFiles() {
        DockerSecretProvider provider = provider();
        assertThat(provider.describe()).isEqualTo("docker:" + folder);
        assertThat(provider.describeLookup(ref("DB_PASSWORD"))).isEqualTo("docker:" + folder + " (files DB_PASSWORD, db_password)");
        assertThat(provider.describeLookup(ref("db_password"))).isEqualTo("docker:" + folder + " (files db_password)");
        assertThat(DockerSecretProvider.atDefaultPath().describe()).isEqualTo("docker:/run/secrets");
    }

    @Test
    void version_isAKeyedHash_stableForSameContent_differentAcrossProviders() throws Exception {
        write(folder, "db_password", dbPassword);
        DockerSecretProvider provider = provider();
        String version = provider.get(ref("db_password")).orElseThrow().version();
        assertThat(version).matches("[0-9a-f]{16}");
        assertThat(provider.get(ref("db_password")).orElseThrow().version()).isEqualTo(version);
        String plainDigest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(dbPassword.getBytes(StandardCharsets.UTF_8)));
        assertThat(plainDigest).doesNotContain(version);
        assertThat(track(DockerSecretProvider.atPath(folder)).get(ref("db_password")).orElseThrow().version()).isNotEqualTo(version);
        write(folder, "db_password", leaks.canary("canary-7f3a-rotated-password"));
        assertThat(provider.get(ref("db_password")).orElseThrow().version()).isNotEqualTo(version);
    }

    @Test
    void inspect_when0600_findsNothing_andRecordsThePermissions() throws IOException {
        Secret secret = secretWithMode("rw-------");
        assertThat(secret.metadata("permissions")).contains("rw-------");
        assertThat(provider().inspect(secret)).isEmpty();
    }

    @Test
    void inspect_when0644_warnsToChmod() throws IOException {
        Secret secret = secretWithMode("rw-r--r--");
        List<SecretSpec.Violation> found = provider().inspect(secret);
        assertThat(found).singleElement().satisfies(v -> {
            assertThat(v.severity()).isEqualTo(Problem.Severity.WARNING);
            assertThat(v.message()).contains("readable by group/others", "chmod 600");
        });
        leaks.assertNoLeak(found.toArray());
    }

    @Test
    void inspect_when0666_isAnError() throws IOException {
        Secret secret = secretWithMode("rw-rw-rw-");
        assertThat(provider().inspect(secret)).extracting(SecretSpec.Violation::severity).contains(Problem.Severity.ERROR);
    }

    @Test
    void inspect_whenSecretFromAnotherProviderOrFolder_findsNothing() throws IOException {
        Path file = write(tmp, "elsewhere", dbPassword);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));
        Secret foreign = Secret.builder("x", dbPassword).providerId("env").metadata("path", file.toString()).build();
        Secret outside = Secret.builder("x", dbPassword).providerId("docker").metadata("path", file.toString()).build();
        assertThat(provider().inspect(foreign)).isEmpty();
        assertThat(provider().inspect(outside)).isEmpty();
    }

    @Test
    void builder_rejectsBadSettingsNamingThem() {
        assertThatThrownBy(() -> DockerSecretProvider.builder().maxFileSize(0)).hasMessageContaining("maxFileSize").hasMessageContaining("0");
        assertThatThrownBy(() -> DockerSecretProvider.builder().pollInterval(java.time.Duration.ZERO)).hasMessageContaining("pollInterval");
        assertThatThrownBy(() -> DockerSecretProvider.builder().paths()).hasMessageContaining("paths");
        assertThatThrownBy(() -> DockerSecretProvider.builder().paths(folder, null)).hasMessageContaining("paths");
    }

    @Test
    void toString_showsFoldersNeverValues() throws IOException {
        write(folder, "db_password", dbPassword);
        DockerSecretProvider provider = provider();
        Optional<Secret> secret = provider.get(ref("db_password"));
        assertThat(provider.toString()).contains(folder.toString());
        leaks.assertNoLeak(provider, secret.orElseThrow(), provider.health());
    }

    private Secret secretWithMode(String mode) throws IOException {
        Path file = write(folder, "db_password", dbPassword);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        return provider().get(ref("db_password")).orElseThrow();
    }

    private DockerSecretProvider provider() {
        return track(DockerSecretProvider.atPath(folder));
    }

    private DockerSecretProvider track(DockerSecretProvider provider) {
        providers.add(provider);
        return provider;
    }

    private static SecretRef ref(String name) {
        return SecretRef.ofName(name);
    }

    private static Path write(Path dir, String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }
}
