package dev.secrets4j.provider.env;

import dev.secrets4j.Problem;
import dev.secrets4j.Secret;
import dev.secrets4j.SecretProviderException;
import dev.secrets4j.SecretSpec;
import dev.secrets4j.spi.SecretRef;
import dev.secrets4j.testing.LeakCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** {@code NAME_FILE} indirection on real files, links and permissions. */
class EnvFileIndirectionTest {

    private static final long MIB = 1024 * 1024;

    @RegisterExtension
    final LeakCheck leaks = LeakCheck.create();

    private final String canary = leaks.canary("canary-7f3a-db-password");
    private final String canaryRotated = leaks.canary("canary-5b0e-db-password-rotated");

    @TempDir
    Path dir;

    private Path secretFile(String name, String content, String mode) throws IOException {
        Path file = Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        return file;
    }

    private static Optional<Secret> get(EnvSecretProvider provider, String name) {
        return provider.get(SecretRef.ofName(name));
    }

    @Test
    void get_whenFileVariableSet_readsTheFileTrimmingOneTrailingNewline() throws IOException {
        Path file = secretFile("db_password", canary + "\n", "rw-------");
        EnvSecretProvider env = EnvSecretProvider.fromMap(Map.of("DB_PASSWORD_FILE", file.toString()));

        Secret secret = get(env, "DB_PASSWORD").orElseThrow();

        assertThat(secret.asString()).isEqualTo(canary);
        assertThat(secret.providerId()).isEqualTo("env");
        assertThat(secret.metadata()).containsEntry("variable", "DB_PASSWORD_FILE").containsEntry("file", file.toString());
        leaks.assertNoLeak(secret, env, env.describeLookup(SecretRef.ofName("DB_PASSWORD")));
    }

    @Test
    void get_whenTrimTrailingNewlineOff_keepsTheNewline() throws IOException {
        Path file = secretFile("db_password", canary + "\n", "rw-------");
        EnvSecretProvider env = EnvSecretProvider.builder()
                .environment(Map.of("DB_PASSWORD_FILE", file.toString())).trimTrailingNewline(false).build();

        assertThat(get(env, "DB_PASSWORD")).map(Secret::asString).contains(canary + "\n");
    }

    @Test
    void get_whenRelaxedNameAndPrefix_readsThePrefixedFileVariable() throws IOException {
        Path file = secretFile("db_password", canary, "rw-------");
        EnvSecretProvider env = EnvSecretProvider.builder()
                .environment(Map.of("APP_DB_PASSWORD_FILE", file.toString())).prefix("APP_").build();

        Secret secret = get(env, "db-password").orElseThrow();

        assertThat(secret.asString()).isEqualTo(canary);
        assertThat(secret.metadata("variable")).contains("APP_DB_PASSWORD_FILE");
    }

    @Test
    void get_whenFileIndirectionOff_ignoresFileVariables() throws IOException {
        Path file = secretFile("db_password", canary, "rw-------");
        EnvSecretProvider env = EnvSecretProvider.builder()
                .environment(Map.of("DB_PASSWORD_FILE", file.toString(), "API_KEY", canary, "API_KEY_FILE", file.toString()))
                .fileIndirection(false).build();

        assertThat(get(env, "DB_PASSWORD")).isEmpty();
        assertThat(get(env, "API_KEY")).map(Secret::asString).contains(canary);
    }

    @Test
    void get_whenPlainRelaxedAndExactFileBothMatch_prefersThePlainVariable() throws IOException {
        Path file = secretFile("db_password", canaryRotated, "rw-------");
        EnvSecretProvider env = EnvSecretProvider.fromMap(Map.of("DB_PASSWORD", canary, "db.password_FILE", file.toString()));

        assertThat(get(env, "db.password")).map(Secret::asString).contains(canary);
    }

    @Test
    void version_isAKeyedHashOfTheContentThatMovesWhenTheFileChanges() throws IOException {
        Path file = secretFile("db_password", canary, "rw-------");
        EnvSecretProvider env = EnvSecretProvider.fromMap(Map.of("DB_PASSWORD_FILE", file.toString()));

        String first = get(env, "DB_PASSWORD").orElseThrow().version();
        String again = get(env, "DB_PASSWORD").orElseThrow().version();
        Files.writeString(file, canaryRotated);
        String rotated = get(env, "DB_PASSWORD").orElseThrow().version();
        String otherProvider = get(EnvSecretProvider.fromMap(Map.of("DB_PASSWORD_FILE", file.toString())), "DB_PASSWORD")
                .orElseThrow().version();

        leaks.assertNoLeak(first, rotated);
        assertThat(first).matches("[0-9a-f]{16}").isEqualTo(again).isNotEqualTo(rotated);
        // A random key per provider: two providers label the same content differently.
        assertThat(otherProvider).isNotEqualTo(rotated);
        assertThat(PlainDigests.of(canary)).noneMatch(d -> d.startsWith(first));
    }

    @Test
    void inspect_whenFileIsWorldReadable_reportsAWarningNamingFileAndVariable() throws IOException {
        Path file = secretFile("db_password", canary, "rw-r--r--");
        EnvSecretProvider env = EnvSecretProvider.fromMap(Map.of("DB_PASSWORD_FILE", file.toString()));

        List<SecretSpec.Violation> violations = env.inspect(get(env, "DB_PASSWORD").orElseThrow());

        assertThat(violations).singleElement().satisfies(v -> {
            assertThat(v.severity()).isEqualTo(Problem.Severity.WARNING);
            assertThat(v.message()).contains(file.toString(), "DB_PASSWORD_FILE");
        });
        leaks.assertNoLeak(violations);
    }

    @Test
    void inspect_whenFileIsPrivateOrValueCameFromAPlainVariable_reportsNothing() throws IOException {
        Path file = secretFile("db_password", canary, "r--------");
        EnvSecretProvider env = EnvSecretProvider.fromMap(Map.of("DB_PASSWORD_FILE", file.toString(), "API_KEY", canary));

        assertThat(env.inspect(get(env, "DB_PASSWORD").orElseThrow())).isEmpty();
        assertThat(env.inspect(get(env, "API_KEY").orElseThrow())).isEmpty();
    }

    @Test
    void get_whenFileIsMissing_throwsPermanentNamingVariableAndPath() {
        Path missing = dir.resolve("no_such_secret");
        EnvSecretProvider env = EnvSecretProvider.fromMap(Map.of("DB_PASSWORD_FILE", missing.toString()));

        SecretProviderException e = catchThrowableOfType(SecretProviderException.class, () -> get(env, "db.password"));

        assertThat(e.isRetryable()).isFalse();
        assertThat(e.secretName()).contains("db.password");
        assertThat(e.getMessage()).contains("'db.password'", "DB_PASSWORD_FILE", missing.toString(), "does not exist");
        leaks.assertNoLeak(e);
    }

    @Test
    void get_whenFileIsLargerThanTheLimit_throwsPermanentWithoutReadingIt() throws IOException {
        Path big = dir.resolve("big");
        try (RandomAccessFile raf = new RandomAccessFile(big.toFile(), "rw")) {
            raf.setLength(10 * MIB);
        }
        EnvSecretProvider env = EnvSecretProvider.fromMap(Map.of("DB_PASSWORD_FILE", big.toString()));

        SecretProviderException e = catchThrowableOfType(SecretProviderException.class, () -> get(env, "DB_PASSWORD"));

        assertThat(e.isRetryable()).isFalse();
        assertThat(e.getMessage()).contains("'DB_PASSWORD'", big.toString(), "limit", "DB_PASSWORD_FILE");
        leaks.assertNoLeak(e);
    }

    @Test
    void get_whenFileIsWithinARaisedLimit_readsIt() throws IOException {
        Path file = secretFile("db_password", canary + "x".repeat(2000), "rw-------");
        EnvSecretProvider small = EnvSecretProvider.builder()
                .environment(Map.of("DB_PASSWORD_FILE", file.toString())).maxFileSize(1024).build();
        EnvSecretProvider large = EnvSecretProvider.builder()
                .environment(Map.of("DB_PASSWORD_FILE", file.toString())).maxFileSize(4096).build();

        assertThat(catchThrowableOfType(SecretProviderException.class, () -> get(small, "DB_PASSWORD"))).isNotNull();
        assertThat(get(large, "DB_PASSWORD")).map(Secret::length).contains(canary.length() + 2000);
    }

    @Test
    void get_whenFileVariableNamesADirectory_throwsPermanentNamingVariable() throws IOException {
        Path folder = Files.createDirectory(dir.resolve("folder"));
        EnvSecretProvider env = EnvSecretProvider.fromMap(Map.of("DB_PASSWORD_FILE", folder.toString()));

        SecretProviderException e = catchThrowableOfType(SecretProviderException.class, () -> get(env, "DB_PASSWORD"));

        assertThat(e.isRetryable()).isFalse();
        assertThat(e.getMessage()).contains("directory", folder.toString(), "DB_PASSWORD_FILE");
    }

    @Test
    void get_whenFileVariableIsASymlinkToAFile_readsTheTarget() throws IOException {
        Path target = secretFile("target", canary, "rw-------");
        Path link = Files.createSymbolicLink(dir.resolve("link"), target);
        EnvSecretProvider env = EnvSecretProvider.fromMap(Map.of("DB_PASSWORD_FILE", link.toString()));

        assertThat(get(env, "DB_PASSWORD")).map(Secret::asString).contains(canary);
    }

    @Test
    void get_whenFileVariableHoldsAnInvalidPath_throwsPermanentNamingTheVariable() {
        EnvSecretProvider env = EnvSecretProvider.fromMap(Map.of("DB_PASSWORD_FILE", "/run/secrets/db\0password"));

        SecretProviderException e = catchThrowableOfType(SecretProviderException.class, () -> get(env, "DB_PASSWORD"));

        assertThat(e.isRetryable()).isFalse();
        assertThat(e.getMessage()).contains("DB_PASSWORD_FILE", "not a valid path").doesNotContain("\0");
    }

    @Test
    void get_whenBothVariableAndFileVariableSet_throwsEvenThoughTheFileExists() throws IOException {
        Path file = secretFile("db_password", canaryRotated, "rw-------");
        EnvSecretProvider env = EnvSecretProvider.builder()
                .environment(Map.of("APP_DB_PASSWORD", canary, "APP_DB_PASSWORD_FILE", file.toString())).prefix("APP_").build();

        SecretProviderException e = catchThrowableOfType(SecretProviderException.class, () -> get(env, "DB_PASSWORD"));

        assertThat(e.isRetryable()).isFalse();
        assertThat(e.getMessage()).contains("APP_DB_PASSWORD and APP_DB_PASSWORD_FILE", "set one of them")
                .doesNotContain(canary).doesNotContain(canaryRotated);
        leaks.assertNoLeak(e);
    }
}
