package dev.secrets4j.provider.file;

import dev.secrets4j.SecretProviderException;
import dev.secrets4j.spi.PutOptions;
import dev.secrets4j.spi.SecretProvider;
import dev.secrets4j.spi.SecretProviders;
import dev.secrets4j.spi.SecretRef;
import dev.secrets4j.testing.LeakCheck;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Creating the store by id {@code file} from string options, with the master secret from a variable or a file. */
class FileSecretProviderFactoryTest {

    private static final String MASTER = "canary-7f3a-factory-master-secret";

    @TempDir
    Path tmp;

    @RegisterExtension
    final LeakCheck leaks = LeakCheck.create();

    private final Map<String, String> environment = new HashMap<>();
    private final FileSecretProviderFactory factory = new FileSecretProviderFactory(environment::get);

    @BeforeEach
    void registerMaster() {
        leaks.canary(MASTER);
    }

    @Test
    void serviceLoader_findsTheFactoryById() {
        assertThat(SecretProviders.available()).contains("file");
        assertThatThrownBy(() -> SecretProviders.create("file", Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs option 'folder'");
    }

    @Test
    void create_withMasterSecretFromEnvironment_andArgon2idOptions_opensTheStore() {
        environment.put("APP_MASTER", MASTER);
        String value = leaks.canary("canary-7f3a-factory-env-value");

        try (SecretProvider provider = factory.create(Map.of("folder", tmp.resolve("store").toString(),
                "master-secret-env", "APP_MASTER", "kdf", "Argon2id", "kdf-memory", "24MiB", "kdf-iterations", "2",
                "kdf-parallelism", "1", "lock-timeout", "2s", "max-previous-versions", "1"))) {
            FileSecretProvider file = (FileSecretProvider) provider;
            provider.put(SecretRef.ofName("a"), bytes(value), PutOptions.none());
            provider.put(SecretRef.ofName("a"), bytes(value), PutOptions.none());
            provider.put(SecretRef.ofName("a"), bytes(value), PutOptions.none());

            assertThat(file.kdf()).isEqualTo(Kdf.argon2id(24 * 1024, 2, 1));
            assertThat(provider.versions(SecretRef.ofName("a"))).hasSize(2);
            assertThat(provider.describe()).isEqualTo("file:" + tmp.resolve("store"));
            leaks.assertNoLeak(provider);
        }
    }

    @Test
    void create_withMasterSecretFromFile_ignoresOneTrailingNewline() throws IOException {
        Path masterFile = Files.writeString(tmp.resolve("master"), MASTER + "\n");
        Path folder = tmp.resolve("store");
        try (SecretProvider created = factory.create(Map.of("folder", folder.toString(), "master-secret-file", masterFile.toString(),
                "kdf", "argon2id"))) {
            created.put(SecretRef.ofName("a"), bytes(leaks.canary("canary-7f3a-factory-file-value")), PutOptions.none());
        }

        try (FileSecretProvider same = FileSecretProvider.builder().folder(folder).masterSecret(MASTER.toCharArray()).create(false).build()) {
            assertThat(same.get(SecretRef.ofName("a")).orElseThrow().asString()).isEqualTo("canary-7f3a-factory-file-value");
        }
    }

    @Test
    void create_withCreateFalse_onMissingFolder_failsWithoutCreatingIt() {
        environment.put("APP_MASTER", MASTER);
        Path folder = tmp.resolve("absent");

        SecretProviderException e = catchThrowableOfType(SecretProviderException.class, () -> factory.create(Map.of(
                "folder", folder.toString(), "master-secret-env", "APP_MASTER", "create", "false")));

        assertThat(e.getMessage()).contains("does not exist");
        assertThat(folder).doesNotExist();
    }

    @Test
    void create_withoutOrWithBothMasterSecretSources_failsNamingBothOptions() {
        environment.put("APP_MASTER", MASTER);
        String folder = tmp.resolve("store").toString();

        assertThatThrownBy(() -> factory.create(Map.of("folder", folder)))
                .hasMessageContaining("exactly one of the options 'master-secret-env'").hasMessageContaining("got neither");
        assertThatThrownBy(() -> factory.create(Map.of("folder", folder, "master-secret-env", "APP_MASTER",
                "master-secret-file", "/x"))).hasMessageContaining("got both");
    }

    @Test
    void create_whenVariableUnsetOrFileMissingOrEmpty_failsNamingTheOption() throws IOException {
        String folder = tmp.resolve("store").toString();
        Path empty = Files.writeString(tmp.resolve("empty"), "\n");

        assertThatThrownBy(() -> factory.create(Map.of("folder", folder, "master-secret-env", "NOT_SET")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("option 'master-secret-env'").hasMessageContaining("'NOT_SET', which is not set or empty");
        assertThatThrownBy(() -> factory.create(Map.of("folder", folder, "master-secret-file", tmp.resolve("nope").toString())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("option 'master-secret-file'").hasMessageContaining("does not exist");
        assertThatThrownBy(() -> factory.create(Map.of("folder", folder, "master-secret-file", empty.toString())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("which is empty");
        assertThat(tmp.resolve("store")).doesNotExist();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "kdf|scrypt|option 'kdf'",
            "kdf-iterations|many|option 'kdf-iterations'",
            "kdf-iterations|1000|at least 600,000",
            "kdf-memory|64MiB|apply only with kdf=argon2id",
            "create|maybe|option 'create'",
            "upgrade-kdf|1|option 'upgrade-kdf'",
            "lock-timeout|0s|option 'lock-timeout'",
            "max-previous-versions|0|option 'max-previous-versions'"})
    void create_withBadValue_throwsNamingTheOption(String option, String value, String message) {
        environment.put("APP_MASTER", MASTER);

        assertThatThrownBy(() -> factory.create(Map.of("folder", tmp.resolve("store").toString(),
                "master-secret-env", "APP_MASTER", option, value)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
        assertThat(tmp.resolve("store")).doesNotExist();
    }

    @Test
    void create_withArgon2idBelowOwasp_isRefused() {
        environment.put("APP_MASTER", MASTER);

        assertThatThrownBy(() -> factory.create(Map.of("folder", tmp.resolve("store").toString(), "master-secret-env", "APP_MASTER",
                "kdf", "argon2id", "kdf-memory", "8MiB", "kdf-iterations", "2")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("options kdf*").hasMessageContaining("OWASP");
    }

    @Test
    void create_withUnknownOption_listsTheKnownOnes_andNeverAcceptsTheSecretItself() {
        assertThatThrownBy(() -> factory.create(Map.of("folder", "/x", "master-secret", MASTER)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has no option master-secret")
                .hasMessageContaining("create, folder, kdf, kdf-iterations, kdf-memory, kdf-parallelism, lock-timeout,"
                        + " master-secret-env, master-secret-file, max-previous-versions, upgrade-kdf");
        assertThat(factory.id()).isEqualTo("file");
        assertThat(factory.options()).hasSize(11);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
