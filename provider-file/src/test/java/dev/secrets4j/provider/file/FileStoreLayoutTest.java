package dev.secrets4j.provider.file;

import dev.secrets4j.Secret;
import dev.secrets4j.SecretProviderException;
import dev.secrets4j.spi.ProviderHealth;
import dev.secrets4j.spi.PutOptions;
import dev.secrets4j.spi.SecretRef;
import dev.secrets4j.testing.LeakCheck;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assumptions.assumeThat;

/** The store on disk: its files, their modes, what they hold and what they never hold, and opening rules. */
class FileStoreLayoutTest {

    private static final String MASTER = "canary-7f3a-layout-master-secret";

    @TempDir
    Path tmp;

    @RegisterExtension
    final LeakCheck leaks = LeakCheck.create();

    @BeforeEach
    void registerMaster() {
        leaks.canary(MASTER);
    }

    @Test
    void create_writesPrivateFolderAndFiles_withModes0700And0600() throws IOException {
        assumeThat(tmp.getFileSystem().supportedFileAttributeViews()).contains("posix");
        Path folder = tmp.resolve("a").resolve("store");
        try (FileSecretProvider store = open(folder)) {
            store.put(SecretRef.ofName("db_password"), bytes(leaks.canary("canary-7f3a-layout-mode")), PutOptions.none());
        }

        assertThat(mode(folder)).isEqualTo("rwx------");
        assertThat(mode(folder.resolve("secrets"))).isEqualTo("rwx------");
        assertThat(mode(folder.resolve("store.json"))).isEqualTo("rw-------");
        assertThat(mode(folder.resolve("store.lock"))).isEqualTo("rw-------");
        assertThat(mode(folder.resolve("secrets").resolve("db_password.json"))).isEqualTo("rw-------");
        assertThat(names(folder)).containsExactlyInAnyOrder("secrets", "store.json", "store.lock");
        assertThat(names(folder.resolve("secrets"))).containsExactly("db_password.json");
    }

    @Test
    void create_inAnExistingEmptyFolder_makesItPrivate() throws IOException {
        assumeThat(tmp.getFileSystem().supportedFileAttributeViews()).contains("posix");
        Path folder = Files.createDirectory(tmp.resolve("shared"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwxr-xr-x")));

        open(folder).close();

        assertThat(mode(folder)).isEqualTo("rwx------");
    }

    @Test
    void open_ofExistingStoreInALooseFolder_warnsOnceNamingTheMode() throws IOException {
        assumeThat(tmp.getFileSystem().supportedFileAttributeViews()).contains("posix");
        Path folder = tmp.resolve("store");
        open(folder).close();
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-x---"));

        open(folder).close();

        assertThat(leaks.capturedLines()).filteredOn(line -> line.startsWith("WARN"))
                .singleElement().asString().contains("has mode rwxr-x---", "chmod 700 " + folder);
    }

    @Test
    void open_deletesTemporaryFilesACrashedWriterLeft() throws IOException {
        Path folder = tmp.resolve("store");
        open(folder).close();
        Path leftInFolder = Files.writeString(folder.resolve(".tmp-0123456789abcdef.part"), "partial");
        Path leftInSecrets = Files.writeString(folder.resolve("secrets/.tmp-fedcba9876543210.part"), "partial");

        open(folder).close();

        assertThat(leftInFolder).doesNotExist();
        assertThat(leftInSecrets).doesNotExist();
    }

    @Test
    void files_holdParametersAndCiphertextsButNeverAValue() throws IOException {
        Path folder = tmp.resolve("store");
        String value = leaks.canary("canary-7f3a-layout-never-on-disk");
        try (FileSecretProvider store = open(folder)) {
            store.put(SecretRef.ofName("api_key"), bytes(value), PutOptions.none().with("owner", "team-a"));
            store.put(SecretRef.ofName("api_key"), bytes(value), PutOptions.pending());
        }

        JsonNode header = JsonMapper.builder().build().readTree(Files.readAllBytes(folder.resolve("store.json")));
        JsonNode secret = JsonMapper.builder().build().readTree(Files.readAllBytes(folder.resolve("secrets/api_key.json")));

        assertThat(header.get("format").stringValue()).isEqualTo("secrets4j-file-store");
        assertThat(header.get("kdf").get("algorithm").stringValue()).isEqualTo("argon2id");
        assertThat(header.get("kdf").get("memoryKiB").intValue()).isEqualTo(19456);
        assertThat(header.get("dataKey").get("algorithm").stringValue()).isEqualTo("AES-256-GCM");
        assertThat(secret.get("name").stringValue()).isEqualTo("api_key");
        assertThat(secret.get("nextVersion").intValue()).isEqualTo(3);
        assertThat(secret.get("versions").get(0).get("stage").stringValue()).isEqualTo("pending");
        assertThat(secret.get("versions").get(1).get("metadata").get("owner").stringValue()).isEqualTo("team-a");
        for (Path file : files(folder)) {
            String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
            for (String secretText : List.of(value, MASTER)) {
                assertThat(content).as(file.toString())
                        .doesNotContain(secretText)
                        .doesNotContain(Base64.getEncoder().encodeToString(bytes(secretText)))
                        .doesNotContain(HexFormat.of().formatHex(bytes(secretText)));
            }
        }
    }

    @Test
    void open_withCreateFalse_whenFolderMissing_failsAndCreatesNothing() {
        Path folder = tmp.resolve("missing");

        SecretProviderException e = catchThrowableOfType(SecretProviderException.class, () -> FileSecretProvider.builder()
                .folder(folder).masterSecret(MASTER.toCharArray()).kdf(Kdf.argon2id()).create(false).build());

        assertThat(e.isRetryable()).isFalse();
        assertThat(e.getMessage()).contains("folder " + folder + " does not exist", "create=true");
        assertThat(folder).doesNotExist();
    }

    @Test
    void open_withCreateFalse_opensAnExistingStore() {
        Path folder = tmp.resolve("store");
        String value = leaks.canary("canary-7f3a-layout-reopen");
        try (FileSecretProvider store = open(folder)) {
            store.put(SecretRef.ofName("token"), bytes(value), PutOptions.none());
        }

        try (FileSecretProvider again = FileSecretProvider.builder().folder(folder).masterSecret(bytes(MASTER))
                .kdf(Kdf.pbkdf2()).create(false).build()) {
            assertThat(again.get(SecretRef.ofName("token")).orElseThrow().asString()).isEqualTo(value);
            assertThat(again.kdf()).isEqualTo(Kdf.argon2id());
        }
    }

    @Test
    void open_ofFolderHoldingOtherFiles_refusesToCreateAStoreThere() throws IOException {
        Path folder = Files.createDirectories(tmp.resolve("home"));
        Files.writeString(folder.resolve("notes.txt"), "not a store");

        SecretProviderException e = catchThrowableOfType(SecretProviderException.class, () -> open(folder));

        assertThat(e.getMessage()).contains("is not empty and holds no store", "store.json");
        assertThat(names(folder)).containsExactly("notes.txt");
    }

    @Test
    void open_afterACreationThatStoppedBeforeTheHeader_createsTheStore() throws IOException {
        Path folder = Files.createDirectories(tmp.resolve("store").resolve("secrets")).getParent();
        Files.createFile(folder.resolve("store.lock"));

        try (FileSecretProvider store = open(folder)) {
            store.put(SecretRef.ofName("a"), bytes(leaks.canary("canary-7f3a-layout-recovered")), PutOptions.none());
        }

        assertThat(folder.resolve("store.json")).isRegularFile();
    }

    @Test
    void open_ofAFileInsteadOfAFolder_failsNamingIt() throws IOException {
        Path file = Files.writeString(tmp.resolve("plain"), "x");

        SecretProviderException e = catchThrowableOfType(SecretProviderException.class, () -> open(file));

        assertThat(e.getMessage()).contains(file + " is not a folder");
    }

    @Test
    void get_afterAnotherInstanceWrote_seesTheNewVersion() {
        Path folder = tmp.resolve("store");
        try (FileSecretProvider a = open(folder); FileSecretProvider b = open(folder)) {
            a.put(SecretRef.ofName("shared"), bytes(leaks.canary("canary-7f3a-layout-shared-1")), PutOptions.none());
            assertThat(b.get(SecretRef.ofName("shared")).orElseThrow().version()).isEqualTo("1");

            b.put(SecretRef.ofName("shared"), bytes(leaks.canary("canary-7f3a-layout-shared-2")), PutOptions.expectVersion("1"));

            Secret seen = a.get(SecretRef.ofName("shared")).orElseThrow();
            assertThat(seen.version()).isEqualTo("2");
            assertThat(seen.asString()).isEqualTo("canary-7f3a-layout-shared-2");
        }
    }

    @Test
    void put_beyondMaxPreviousVersions_retiresTheOldest() {
        try (FileSecretProvider store = FileSecretProvider.builder().folder(tmp.resolve("store")).masterSecret(MASTER.toCharArray())
                .kdf(Kdf.argon2id()).maxPreviousVersions(2).build()) {
            for (int i = 1; i <= 5; i++) {
                store.put(SecretRef.ofName("pruned"), bytes(leaks.canary("canary-7f3a-layout-pruned-" + i)), PutOptions.none());
            }

            assertThat(store.versions(SecretRef.ofName("pruned"))).extracting(Secret::version).containsExactly("5", "4", "3");
            assertThat(store.get(SecretRef.ofName("pruned"), "2")).isEmpty();
        }
    }

    @Test
    void close_makesLaterCallsFailAndHealthDown_andIsIdempotent() {
        FileSecretProvider store = open(tmp.resolve("store"));
        store.put(SecretRef.ofName("x"), bytes(leaks.canary("canary-7f3a-layout-closed")), PutOptions.none());

        store.close();
        assertThatCode(store::close).doesNotThrowAnyException();

        SecretProviderException e = catchThrowableOfType(SecretProviderException.class, () -> store.get(SecretRef.ofName("x")));
        assertThat(e.getMessage()).contains("'x'", "closed");
        assertThat(store.health().status()).isEqualTo(ProviderHealth.Status.DOWN);
    }

    @Test
    void health_whenHeaderIsGone_isDownNamingTheFile() throws IOException {
        Path folder = tmp.resolve("store");
        try (FileSecretProvider store = open(folder)) {
            Files.delete(folder.resolve("store.json"));

            assertThat(store.health().status()).isEqualTo(ProviderHealth.Status.DOWN);
            assertThat(store.health().detail()).contains("store.json is missing");
        }
    }

    private FileSecretProvider open(Path folder) {
        return FileSecretProvider.builder().folder(folder).masterSecret(MASTER.toCharArray()).kdf(Kdf.argon2id()).build();
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    private static List<String> names(Path folder) throws IOException {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.map(p -> p.getFileName().toString()).toList();
        }
    }

    private static List<Path> files(Path folder) throws IOException {
        try (Stream<Path> entries = Files.walk(folder)) {
            return entries.filter(Files::isRegularFile).toList();
        }
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
