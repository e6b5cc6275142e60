package dev.secrets4j.provider.file;

import dev.secrets4j.Secret;
import dev.secrets4j.SecretProviderException;
import dev.secrets4j.spi.PutOptions;
import dev.secrets4j.spi.SecretRef;
import dev.secrets4j.testing.LeakCheck;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.fail;

/**
 * Altered stores: a wrong master secret, flipped bytes, truncated files, values and files moved
 * between secrets or stores, versions renumbered, stages flipped. Each is a permanent
 * {@link SecretProviderException} naming the file and what to do, never a wrong value and never a
 * value in a message. Every test works on a fresh copy of one template store.
 */
class TamperTest {

    private static final String MASTER = "canary-7f3a-tamper-master-secret";
    private static final String ALPHA_1 = "canary-7f3a-tamper-alpha-one";
    private static final String ALPHA_2 = "canary-7f3a-tamper-alpha-two";
    private static final String BETA_1 = "canary-7f3a-tamper-beta-one";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path templates;

    @TempDir
    Path tmp;

    @RegisterExtension
    final LeakCheck leaks = LeakCheck.create();

    private Path store;

    @BeforeAll
    static void createTemplates() {
        for (String name : List.of("template", "other")) {
            try (FileSecretProvider p = open(templates.resolve(name), MASTER)) {
                p.put(ref("alpha"), bytes(ALPHA_1), PutOptions.none());
                p.put(ref("alpha"), bytes(ALPHA_2), PutOptions.none());
                p.put(ref("beta"), bytes(BETA_1), PutOptions.none());
            }
        }
    }

    @BeforeEach
    void copyTemplate() throws IOException {
        for (String value : List.of(MASTER, ALPHA_1, ALPHA_2, BETA_1)) {
            leaks.canary(value);
        }
        store = copy(templates.resolve("template"), tmp.resolve("store"));
    }

    @Test
    void open_withWrongMasterSecret_failsNamingTheHeaderAndWhatToDo() {
        String wrong = leaks.canary("canary-7f3a-tamper-wrong-master");

        SecretProviderException e = catchThrowableOfType(SecretProviderException.class, () -> open(store, wrong));

        assertPermanentNaming(e, store.resolve("store.json"));
        assertThat(e.getMessage()).contains("master secret does not unlock", "wrong master secret", "restore store.json");
    }

    @Test
    void open_withFlippedByteInHeaderSalt_failsLikeAWrongMasterSecret() throws IOException {
        editJson(store.resolve("store.json"), h -> flipBase64((ObjectNode) h.get("kdf"), "salt"));

        assertPermanentNaming(catchThrowableOfType(SecretProviderException.class, () -> open(store, MASTER)), store.resolve("store.json"));
    }

    @Test
    void open_withFlippedByteInWrappedKey_fails() throws IOException {
        editJson(store.resolve("store.json"), h -> flipBase64((ObjectNode) h.get("dataKey"), "wrapped"));

        SecretProviderException e = catchThrowableOfType(SecretProviderException.class, () -> open(store, MASTER));

        assertPermanentNaming(e, store.resolve("store.json"));
        assertThat(e.getMessage()).contains("does not unlock");
    }

    @Test
    void open_withChangedKdfParameterOrStoreId_fails() throws IOException {
        editJson(store.resolve("store.json"), h -> ((ObjectNode) h.get("kdf")).put("memoryKiB", 19457));
        assertPermanentNaming(catchThrowableOfType(SecretProviderException.class, () -> open(store, MASTER)), store.resolve("store.json"));

        Path second = copy(templates.resolve("template"), tmp.resolve("second"));
        editJson(second.resolve("store.json"), h -> h.put("storeId", "AAAAAAAAAAAAAAAAAAAAAA"));
        assertPermanentNaming(catchThrowableOfType(SecretProviderException.class, () -> open(second, MASTER)), second.resolve("store.json"));
    }

    @Test
    void open_withHeaderBelowMinimumCostOrNewerFormat_isRefusedNamingTheReason() throws IOException {
        editJson(store.resolve("store.json"), h -> ((ObjectNode) h.get("kdf")).put("iterations", 1));
        SecretProviderException weak = catchThrowableOfType(SecretProviderException.class, () -> open(store, MASTER));

        Path second = copy(templates.resolve("template"), tmp.resolve("second"));
        editJson(second.resolve("store.json"), h -> h.put("formatVersion", 2));
        SecretProviderException newer = catchThrowableOfType(SecretProviderException.class, () -> open(second, MASTER));

        assertPermanentNaming(weak, store.resolve("store.json"));
        assertThat(weak.getMessage()).contains("KDF parameters are refused", "OWASP");
        assertPermanentNaming(newer, second.resolve("store.json"));
        assertThat(newer.getMessage()).contains("format version 2");
    }

    @Test
    void open_withTruncatedOrBrokenHeader_failsNamingIt() throws IOException {
        Path header = store.resolve("store.json");
        byte[] content = Files.readAllBytes(header);
        Files.write(header, Arrays.copyOf(content, content.length / 2));

        SecretProviderException e = catchThrowableOfType(SecretProviderException.class, () -> open(store, MASTER));

        assertPermanentNaming(e, header);
        assertThat(e.getMessage()).contains("not valid JSON", "truncated or altered", "restore it from a backup");
    }

    @Test
    void open_whenHeaderIsASymbolicLink_isRefused() throws IOException {
        Path header = store.resolve("store.json");
        Path elsewhere = Files.move(header, tmp.resolve("elsewhere.json"));
        Files.createSymbolicLink(header, elsewhere);

        SecretProviderException e = catchThrowableOfType(SecretProviderException.class, () -> open(store, MASTER));

        assertPermanentNaming(e, header);
        assertThat(e.getMessage()).contains("is refused: it is a symbolic link");
    }

    @Test
    void get_withFlippedByteInCiphertext_failsNamingTheFile() throws IOException {
        Path file = store.resolve("secrets/alpha.json");
        editJson(file, r -> flipBase64((ObjectNode) r.get("versions").get(0), "ciphertext"));

        assertDamaged(file, "alpha", "integrity check");
    }

    @Test
    void get_withTruncatedOrEmptySecretFile_failsNamingTheFile() throws IOException {
        Path file = store.resolve("secrets/alpha.json");
        byte[] content = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(content, content.length - 20));
        assertDamaged(file, "alpha", "truncated or altered");

        Files.write(file, new byte[0]);
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2030-01-01T00:00:00Z")));
        assertDamaged(file, "alpha", "truncated or altered");
    }

    @Test
    void get_withValueMovedFromAnotherSecret_fails() throws IOException {
        ObjectNode alphaV1 = (ObjectNode) JSON.readTree(Files.readAllBytes(store.resolve("secrets/alpha.json"))).get("versions").get(1);
        Path beta = store.resolve("secrets/beta.json");
        editJson(beta, r -> {
            ObjectNode v = (ObjectNode) r.get("versions").get(0);
            v.put("nonce", alphaV1.get("nonce").stringValue());
            v.put("ciphertext", alphaV1.get("ciphertext").stringValue());
        });

        assertDamaged(beta, "beta", "integrity check");
    }

    @Test
    void get_withVersionRenumberedOrStagesSwapped_fails() throws IOException {
        Path alpha = store.resolve("secrets/alpha.json");
        editJson(alpha, r -> {
            ((ObjectNode) r.get("versions").get(0)).put("version", "5");
            r.put("nextVersion", 6);
        });
        assertDamaged(alpha, "alpha", "integrity check");

        copy(templates.resolve("template"), store);
        editJson(alpha, r -> {
            ((ObjectNode) r.get("versions").get(0)).put("stage", "previous");
            ((ObjectNode) r.get("versions").get(1)).put("stage", "current");
        });
        assertDamaged(alpha, "alpha", "integrity check");
    }

    @Test
    void get_withFileCopiedUnderAnotherSecretsName_fails() throws IOException {
        Path beta = store.resolve("secrets/beta.json");
        Files.copy(store.resolve("secrets/alpha.json"), beta, StandardCopyOption.REPLACE_EXISTING);
        Files.setLastModifiedTime(beta, FileTime.from(Instant.parse("2030-01-01T00:00:00Z")));

        assertDamaged(beta, "beta", "holds another secret than 'beta'");
    }

    @Test
    void get_withFileFromAnotherStore_fails() throws IOException {
        Path alpha = store.resolve("secrets/alpha.json");
        Files.copy(templates.resolve("other/secrets/alpha.json"), alpha, StandardCopyOption.REPLACE_EXISTING);

        assertDamaged(alpha, "alpha", "store with another data key");
    }

    @Test
    void get_whenSecretFileIsASymbolicLink_isRefused() throws IOException {
        Path beta = store.resolve("secrets/beta.json");
        Files.delete(beta);
        Files.createSymbolicLink(beta, store.resolve("secrets/alpha.json"));

        assertDamaged(beta, "beta", "symbolic link");
    }

    /** Every single flipped bit of a secret file: the read fails, or (a flip Base64 ignores) returns the right value. */
    @Test
    void get_withAnyOneByteFlipped_failsOrReturnsTheRightValue_neverGarbage() throws IOException {
        Path file = store.resolve("secrets/beta.json");
        byte[] original = Files.readAllBytes(file);
        Instant base = Instant.parse("2031-01-01T00:00:00Z");
        int failed = 0;
        try (FileSecretProvider p = open(store, MASTER)) {
            for (int i = 0; i < original.length; i++) {
                byte[] flipped = original.clone();
                flipped[i] ^= 0x01;
                Files.write(file, flipped);
                // A new modification time per round, so the read cache cannot hide a change.
                Files.setLastModifiedTime(file, FileTime.from(base.plusSeconds(i)));
                try {
                    Secret s = p.get(ref("beta")).orElseThrow();
                    if (!s.asString().equals(BETA_1)) {
                        fail("flipping byte " + i + " of " + file + " changed the value read");
                    }
                } catch (SecretProviderException e) {
                    assertThat(e.isRetryable()).isFalse();
                    assertThat(e.getMessage()).contains(file.toString());
                    leaks.assertNoLeak(e);
                    failed++;
                }
            }
        }
        assertThat(failed).isGreaterThan(original.length * 9 / 10);
    }

    private void assertDamaged(Path file, String name, String reason) {
        try (FileSecretProvider p = open(store, MASTER)) {
            SecretProviderException e = catchThrowableOfType(SecretProviderException.class, () -> p.get(ref(name)));
            assertPermanentNaming(e, file);
            assertThat(e.getMessage()).contains("secret '" + name + "'", reason, "restore");
            assertThat(e.secretName()).contains(name);
            SecretProviderException again = catchThrowableOfType(SecretProviderException.class, () -> p.versions(ref(name)));
            assertThat(again).isNotNull();
        }
    }

    private void assertPermanentNaming(SecretProviderException e, Path file) {
        assertThat(e).as("the exception").isNotNull();
        assertThat(e.isRetryable()).isFalse();
        assertThat(e.providerId()).isEqualTo("file");
        assertThat(e.getMessage()).contains(file.toString());
        leaks.assertNoLeak(e);
    }

    private static void editJson(Path file, Consumer<ObjectNode> edit) throws IOException {
        ObjectNode root = (ObjectNode) JSON.readTree(Files.readAllBytes(file));
        edit.accept(root);
        Files.write(file, JSON.writeValueAsBytes(root));
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2030-01-01T00:00:00Z")));
    }

    private static void flipBase64(ObjectNode node, String field) {
        byte[] bytes = Base64.getDecoder().decode(node.get(field).stringValue());
        bytes[bytes.length / 2] ^= 0x01;
        node.put(field, Base64.getEncoder().encodeToString(bytes));
    }

    private static FileSecretProvider open(Path folder, String master) {
        return FileSecretProvider.builder().folder(folder).masterSecret(master.toCharArray()).kdf(Kdf.argon2id()).build();
    }

    private static Path copy(Path from, Path to) throws IOException {
        if (Files.exists(to)) {
            try (Stream<Path> old = Files.walk(to)) {
                for (Path p : old.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : files.toList()) {
                Files.copy(source, to.resolve(from.relativize(source).toString()));
            }
        }
        return to;
    }

    private static SecretRef ref(String name) {
        return SecretRef.ofName(name);
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
