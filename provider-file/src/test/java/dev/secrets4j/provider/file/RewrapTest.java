package dev.secrets4j.provider.file;

import dev.secrets4j.SecretProviderException;
import dev.secrets4j.spi.PutOptions;
import dev.secrets4j.spi.SecretRef;
import dev.secrets4j.testing.LeakCheck;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Changing the master secret and raising the KDF cost re-wrap the data key only; no secret file changes. */
class RewrapTest {

    private static final String MASTER = "canary-7f3a-rewrap-master-old";
    private static final String NEW_MASTER = "canary-7f3a-rewrap-master-new";
    private static final String VALUE = "canary-7f3a-rewrap-value";

    @TempDir
    Path tmp;

    @RegisterExtension
    final LeakCheck leaks = LeakCheck.create();

    private Path folder;

    @BeforeEach
    void setUp() {
        leaks.canary(MASTER);
        leaks.canary(NEW_MASTER);
        leaks.canary(VALUE);
        folder = tmp.resolve("store");
    }

    @Test
    void rewrap_withNewMasterAndHigherCost_keepsOpenInstancesWorkingAndOpensOnlyWithTheNewMaster() {
        Kdf stronger = Kdf.argon2id(24 * 1024, 2, 1);
        try (FileSecretProvider store = open(MASTER, Kdf.argon2id());
             FileSecretProvider sibling = open(MASTER, Kdf.argon2id())) {
            store.put(ref(), bytes(VALUE), PutOptions.none());

            store.rewrap(NEW_MASTER.toCharArray(), stronger);

            assertThat(store.kdf()).isEqualTo(stronger);
            assertThat(store.get(ref()).orElseThrow().asString()).isEqualTo(VALUE);
            assertThat(sibling.get(ref()).orElseThrow().asString()).isEqualTo(VALUE);
            sibling.put(ref(), bytes(VALUE), PutOptions.expectVersion("1"));
        }

        try (FileSecretProvider reopened = open(NEW_MASTER, Kdf.argon2id())) {
            assertThat(reopened.kdf()).isEqualTo(stronger);
            assertThat(reopened.get(ref(), "1").orElseThrow().asString()).isEqualTo(VALUE);
        }
        SecretProviderException old = catchThrowableOfType(SecretProviderException.class, () -> open(MASTER, Kdf.argon2id()));
        assertThat(old.getMessage()).contains("master secret does not unlock");
        leaks.assertNoLeak(old);
    }

    @Test
    void rewrap_leavesEverySecretFileByteForByte() throws IOException {
        try (FileSecretProvider store = open(MASTER, Kdf.argon2id())) {
            store.put(ref(), bytes(VALUE), PutOptions.none());
            byte[] before = Files.readAllBytes(folder.resolve("secrets/token.json"));
            byte[] header = Files.readAllBytes(folder.resolve("store.json"));

            store.rewrap(NEW_MASTER.getBytes(StandardCharsets.UTF_8), Kdf.argon2id());

            assertThat(Files.readAllBytes(folder.resolve("secrets/token.json"))).isEqualTo(before);
            assertThat(Files.readAllBytes(folder.resolve("store.json"))).isNotEqualTo(header);
        }
    }

    @Test
    void upgradeKdf_atOpen_rewrapsOnlyAStoreWrappedMoreCheaply() throws IOException {
        Kdf stronger = Kdf.argon2id(24 * 1024, 2, 1);
        try (FileSecretProvider store = open(MASTER, Kdf.argon2id())) {
            store.put(ref(), bytes(VALUE), PutOptions.none());
        }

        try (FileSecretProvider upgraded = builder(MASTER, stronger).upgradeKdf(true).build()) {
            assertThat(upgraded.kdf()).isEqualTo(stronger);
            assertThat(upgraded.get(ref()).orElseThrow().asString()).isEqualTo(VALUE);
        }
        byte[] header = Files.readAllBytes(folder.resolve("store.json"));
        try (FileSecretProvider again = builder(MASTER, Kdf.argon2id()).upgradeKdf(true).build()) {
            assertThat(again.kdf()).isEqualTo(stronger);
        }
        assertThat(Files.readAllBytes(folder.resolve("store.json"))).isEqualTo(header);
        assertThat(new String(header, StandardCharsets.UTF_8)).contains("\"memoryKiB\" : 24576");
    }

    @Test
    void defaultKdf_isPbkdf2At600000_andCanBeRaised() {
        try (FileSecretProvider store = FileSecretProvider.builder().folder(folder).masterSecret(MASTER.toCharArray()).build()) {
            assertThat(store.kdf()).isEqualTo(Kdf.pbkdf2(600_000));
            store.put(ref(), bytes(VALUE), PutOptions.none());
            store.rewrap(MASTER.toCharArray(), Kdf.pbkdf2(650_000));
        }
        try (FileSecretProvider store = open(MASTER, Kdf.argon2id())) {
            assertThat(store.kdf()).isEqualTo(Kdf.pbkdf2(650_000));
            assertThat(store.get(ref()).orElseThrow().asString()).isEqualTo(VALUE);
        }
    }

    @Test
    void rewrap_withEmptySecretOrAfterClose_fails() {
        FileSecretProvider store = open(MASTER, Kdf.argon2id());

        assertThatThrownBy(() -> store.rewrap(new char[0], Kdf.argon2id())).hasMessageContaining("newMasterSecret must not be empty");
        store.close();
        assertThatThrownBy(() -> store.rewrap(NEW_MASTER.toCharArray(), Kdf.argon2id()))
                .isInstanceOf(SecretProviderException.class).hasMessageContaining("closed");
    }

    private FileSecretProvider open(String master, Kdf kdf) {
        return builder(master, kdf).build();
    }

    private FileSecretProvider.Builder builder(String master, Kdf kdf) {
        return FileSecretProvider.builder().folder(folder).masterSecret(master.toCharArray()).kdf(kdf);
    }

    private static SecretRef ref() {
        return SecretRef.ofName("token");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
