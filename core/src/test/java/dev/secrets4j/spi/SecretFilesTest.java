package dev.secrets4j.spi;

import dev.secrets4j.Problem;
import dev.secrets4j.SecretFormatException;
import dev.secrets4j.SecretProviderException;
import dev.secrets4j.SecretSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

class SecretFilesTest {

    private static final String CANARY = "canary-7f3a-db-password";
    private static final long MIB = 1024 * 1024;

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"db_password", "DB_PASSWORD", "tls.crt", "api-key", "a.b.c", "x"})
    void checkName_whenPlainFileName_accepts(String name) {
        assertThatCode(() -> SecretFiles.checkName("docker", name)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "..", "../etc/passwd", "a/b", "/etc/passwd", "a\\b", "..data", "a..b", "C:x", "c:\\x"})
    void checkName_whenNameCouldLeaveTheFolder_throwsNamingProviderAndName(String name) {
        assertThatThrownBy(() -> SecretFiles.checkName("docker", name))
                .isInstanceOf(SecretFormatException.class)
                .hasMessageContaining("'" + name + "'")
                .hasMessageContaining("provider docker");
    }

    @Test
    void checkName_whenNulOrControlCharacter_throwsWithTheCharacterEscaped() {
        assertThatThrownBy(() -> SecretFiles.checkName("docker", "db\0password\n"))
                .isInstanceOf(SecretFormatException.class)
                .hasMessageContaining("'db\\u0000password\\u000a'")
                .hasMessageContaining("control character")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\0").doesNotContain("\n"));
    }

    @Test
    void checkName_whenNull_throwsFormatException() {
        assertThatThrownBy(() -> SecretFiles.checkName("env", null)).isInstanceOf(SecretFormatException.class)
                .hasMessageContaining("empty");
    }

    @Test
    void read_whenOneTrailingNewline_trimsItOnly() throws IOException {
        Path file = write("db_password", CANARY + "\n\n");
        assertThat(text(SecretFiles.read("docker", "db_password", file, SecretFiles.DEFAULT_MAX_BYTES, true)))
                .isEqualTo(CANARY + "\n");
    }

    @Test
    void read_whenCrLf_trimsBothCharacters() throws IOException {
        Path file = write("db_password", CANARY + "\r\n");
        assertThat(text(SecretFiles.read("docker", "db_password", file, SecretFiles.DEFAULT_MAX_BYTES, true))).isEqualTo(CANARY);
    }

    @Test
    void read_whenLoneCarriageReturn_keepsIt() throws IOException {
        Path file = write("db_password", CANARY + "\r");
        assertThat(text(SecretFiles.read("docker", "db_password", file, SecretFiles.DEFAULT_MAX_BYTES, true))).isEqualTo(CANARY + "\r");
    }

    @Test
    void read_whenTrimOff_keepsTheNewline() throws IOException {
        Path file = write("db_password", CANARY + "\r\n");
        assertThat(text(SecretFiles.read("docker", "db_password", file, SecretFiles.DEFAULT_MAX_BYTES, false))).isEqualTo(CANARY + "\r\n");
    }

    @Test
    void read_whenEmptyFile_returnsNoBytes() throws IOException {
        Path file = Files.createFile(dir.resolve("empty"));
        assertThat(SecretFiles.read("docker", "empty", file, SecretFiles.DEFAULT_MAX_BYTES, true)).isEmpty();
    }

    @Test
    void read_whenBinaryAndInvalidUtf8_returnsTheExactBytes() throws IOException {
        byte[] binary = {(byte) 0xff, (byte) 0xfe, 0, (byte) 0xc3, 0x28, 0x0a, (byte) 0x80};
        Path file = Files.write(dir.resolve("blob"), binary);
        assertThat(SecretFiles.read("docker", "blob", file, SecretFiles.DEFAULT_MAX_BYTES, false)).containsExactly(binary);
    }

    @Test
    void read_whenLargerThanTheFirstBuffer_returnsEverything() throws IOException {
        byte[] content = new byte[100_000];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) i;
        }
        Path file = Files.write(dir.resolve("big"), content);
        assertThat(SecretFiles.read("docker", "big", file, SecretFiles.DEFAULT_MAX_BYTES, false)).containsExactly(content);
    }

    @Test
    void read_whenExactlyTheLimit_accepts_andOneByteMore_throws() throws IOException {
        Path file = Files.write(dir.resolve("key"), new byte[64]);
        assertThat(SecretFiles.read("docker", "key", file, 64, false)).hasSize(64);
        assertThatThrownBy(() -> SecretFiles.read("docker", "key", file, 63, false))
                .isInstanceOf(SecretProviderException.class)
                .hasMessageContaining("64 bytes")
                .hasMessageContaining("limit of 63 bytes");
    }

    @Test
    void read_when10MiBFile_throwsWithoutReadingItIntoMemory() throws IOException {
        Path file = dir.resolve("huge");
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(10 * MIB);
        }
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeThat(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled()).isTrue();
        long tid = Thread.currentThread().getId();
        // Warm up once so that class loading and stack-trace filling do not count.
        catchProviderError(() -> SecretFiles.read("docker", "huge", file, SecretFiles.DEFAULT_MAX_BYTES, true));
        long before = threads.getThreadAllocatedBytes(tid);

        SecretProviderException error = catchProviderError(() -> SecretFiles.read("docker", "huge", file, SecretFiles.DEFAULT_MAX_BYTES, true));

        long allocated = threads.getThreadAllocatedBytes(tid) - before;
        assertThat(allocated).as("bytes allocated while rejecting a 10 MiB file").isLessThan(MIB / 4);
        assertThat(error.isRetryable()).isFalse();
        assertThat(error.secretName()).contains("huge");
        assertThat(error.providerId()).isEqualTo("docker");
        assertThat(error.getMessage()).contains("secret 'huge'", "docker", file.toString(), "10485760 bytes", "max-file-size");
    }

    @Test
    void read_whenDirectory_throwsPermanentNamingTheFile() throws IOException {
        Path sub = Files.createDirectory(dir.resolve("db_password"));
        SecretProviderException error = catchProviderError(() -> SecretFiles.read("docker", "db_password", sub, SecretFiles.DEFAULT_MAX_BYTES, true));
        assertThat(error.isRetryable()).isFalse();
        assertThat(error.getMessage()).contains("secret 'db_password'", "docker", sub.toString(), "a directory", "not a regular file");
    }

    @Test
    void read_whenNamedPipe_throwsInsteadOfBlocking() throws Exception {
        Path fifo = dir.resolve("pipe");
        Process mkfifo;
        try {
            mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        } catch (IOException e) {
            assumeThat(false).as("mkfifo available").isTrue();
            return;
        }
        assumeThat(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0).isTrue();
        assertThatThrownBy(() -> SecretFiles.read("docker", "pipe", fifo, SecretFiles.DEFAULT_MAX_BYTES, true))
                .isInstanceOf(SecretProviderException.class)
                .hasMessageContaining("pipe")
                .hasMessageContaining("not a regular file");
    }

    @Test
    void read_whenMissing_throwsPermanentNamingTheFile() {
        Path missing = dir.resolve("nope");
        SecretProviderException error = catchProviderError(() -> SecretFiles.read("env", "DB_PASSWORD", missing, SecretFiles.DEFAULT_MAX_BYTES, true));
        assertThat(error.isRetryable()).isFalse();
        assertThat(error.getMessage()).contains("secret 'DB_PASSWORD'", "env", missing.toString(), "does not exist");
    }

    @Test
    void read_whenSymlinkToRegularFile_followsIt() throws IOException {
        Path target = write("real", CANARY + "\n");
        Path link = Files.createSymbolicLink(dir.resolve("link"), target);
        assertThat(text(SecretFiles.read("docker", "link", link, SecretFiles.DEFAULT_MAX_BYTES, true))).isEqualTo(CANARY);
    }

    @ParameterizedTest
    @ValueSource(longs = {0, -1, Integer.MAX_VALUE})
    void read_whenLimitOutOfRange_throwsNamingTheArgument(long limit) throws IOException {
        Path file = write("x", "v");
        assertThatThrownBy(() -> SecretFiles.read("docker", "x", file, limit, true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxBytes")
                .hasMessageContaining(String.valueOf(limit));
    }

    @Test
    void read_errors_neverContainTheContent() throws IOException {
        Path file = write("db_password", CANARY.repeat(10));
        Path sub = Files.createDirectory(dir.resolve("sub"));
        List<Runnable> failing = List.of(
                () -> SecretFiles.read("docker", "db_password", file, 16, true),
                () -> SecretFiles.read("docker", "sub", sub, 16, true));
        for (Runnable call : failing) {
            assertThatThrownBy(call::run).satisfies(e -> assertThat(String.valueOf(e)).doesNotContain(CANARY).doesNotContain("canary"));
        }
    }

    @Test
    void permissionViolations_when0600_findsNothing() throws IOException {
        assertThat(SecretFiles.permissionViolations(withMode("rw-------"))).isEmpty();
        assertThat(SecretFiles.permissionViolations(withMode("r--------"))).isEmpty();
    }

    @Test
    void permissionViolations_when0644_warnsAboutGroupAndOthers() throws IOException {
        Path file = withMode("rw-r--r--");
        List<SecretSpec.Violation> found = SecretFiles.permissionViolations(file);
        assertThat(found).singleElement().satisfies(v -> {
            assertThat(v.severity()).isEqualTo(Problem.Severity.WARNING);
            assertThat(v.message()).contains("readable by group/others", "chmod 600", file.toString(), "rw-r--r--");
        });
    }

    @Test
    void permissionViolations_when0640_warns() throws IOException {
        assertThat(SecretFiles.permissionViolations(withMode("rw-r-----")))
                .extracting(SecretSpec.Violation::severity).containsExactly(Problem.Severity.WARNING);
    }

    @Test
    void permissionViolations_when0666_isAnErrorAndAWarning() throws IOException {
        Path file = withMode("rw-rw-rw-");
        List<SecretSpec.Violation> found = SecretFiles.permissionViolations(file);
        assertThat(found).extracting(SecretSpec.Violation::severity)
                .containsExactly(Problem.Severity.ERROR, Problem.Severity.WARNING);
        assertThat(found.get(0).message()).contains("writable by others", "chmod 600");
        assertThat(found).allSatisfy(v -> assertThat(v.message()).doesNotContain(CANARY));
    }

    @Test
    void permissionViolations_whenSymlink_judgesTheTarget() throws IOException {
        Path target = withMode("rw-r--r--");
        Path link = Files.createSymbolicLink(dir.resolve("link"), target);
        assertThat(SecretFiles.permissionViolations(link)).extracting(SecretSpec.Violation::severity)
                .containsExactly(Problem.Severity.WARNING);
    }

    @Test
    void permissionViolations_whenMissing_warnsThatItCouldNotCheck() {
        assertThat(SecretFiles.permissionViolations(dir.resolve("nope"))).singleElement()
                .satisfies(v -> assertThat(v.message()).contains("could not be read"));
    }

    private Path withMode(String mode) throws IOException {
        Path file = write("secret-" + mode.replace('-', '_'), CANARY);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        return file;
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static SecretProviderException catchProviderError(Runnable call) {
        try {
            call.run();
        } catch (SecretProviderException e) {
            return e;
        }
        throw new AssertionError("expected a SecretProviderException");
    }
}
