package dev.secrets4j.provider.file;

import dev.secrets4j.Secret;
import dev.secrets4j.SecretFormatException;
import dev.secrets4j.SecretProviderException;
import dev.secrets4j.spi.ProviderHealth;
import dev.secrets4j.spi.PutOptions;
import dev.secrets4j.spi.SecretRef;
import dev.secrets4j.testing.FakeTime;
import dev.secrets4j.testing.LeakCheck;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Versions, stages, compare-and-set, metadata and the read cache, on one store opened once for the
 * whole class (each test uses its own secret names).
 */
class FileSecretProviderTest {

    private static final String MASTER = "canary-7f3a-provider-master-secret";
    private static final Instant START = Instant.parse("2026-03-01T10:00:00Z");

    @TempDir
    static Path tmp;

    private static FakeTime time;
    private static FileSecretProvider store;

    @RegisterExtension
    final LeakCheck leaks = LeakCheck.create();

    @BeforeAll
    static void open() {
        time = FakeTime.startingAt(START);
        store = FileSecretProvider.builder()
                .folder(tmp.resolve("store"))
                .masterSecret(MASTER.toCharArray())
                .kdf(Kdf.argon2id())
                .clock(time.clock())
                .build();
    }

    @AfterAll
    static void close() {
        store.close();
    }

    @BeforeEach
    void registerMaster() {
        leaks.canary(MASTER);
    }

    @Test
    void put_thenGet_returnsValueWithVersionCreatedAtMetadataAndStage() {
        String value = leaks.canary("canary-7f3a-put-get-value");
        time.advance(Duration.ofMinutes(5));

        Secret written = store.put(ref("put_get"), bytes(value), PutOptions.none().with("owner", "team-a").with("rotated-by", "ops"));
        Secret read = store.get(ref("put_get")).orElseThrow();

        assertThat(written.version()).isEqualTo("1");
        assertThat(read.asString()).isEqualTo(value);
        assertThat(read.version()).isEqualTo("1");
        assertThat(read.providerId()).isEqualTo("file");
        assertThat(read.name()).isEqualTo("put_get");
        assertThat(read.createdAt()).contains(START.plus(Duration.ofMinutes(5)));
        assertThat(read.metadata()).containsExactlyInAnyOrderEntriesOf(Map.of("owner", "team-a", "rotated-by", "ops", "stage", "current"));
        leaks.assertNoLeak(written, read, store);
    }

    @Test
    void put_twice_keepsOldCurrentAsPreviousListedAfterTheCurrent() {
        store.put(ref("two"), bytes(leaks.canary("canary-7f3a-two-first")), PutOptions.none());
        store.put(ref("two"), bytes(leaks.canary("canary-7f3a-two-second")), PutOptions.none());
        store.put(ref("two"), bytes(leaks.canary("canary-7f3a-two-third")), PutOptions.none());

        assertThat(store.versions(ref("two"))).extracting(Secret::version).containsExactly("3", "2", "1");
        assertThat(store.versions(ref("two"))).extracting(s -> s.metadata("stage").orElseThrow())
                .containsExactly("current", "previous", "previous");
        assertThat(store.get(ref("two"), "1").orElseThrow().asString()).isEqualTo("canary-7f3a-two-first");
    }

    @Test
    void put_withExpectedVersion_isCompareAndSetOnTheCurrentVersion() {
        store.put(ref("cas"), bytes(leaks.canary("canary-7f3a-cas-first")), PutOptions.none());
        Secret second = store.put(ref("cas"), bytes(leaks.canary("canary-7f3a-cas-second")), PutOptions.expectVersion("1"));

        SecretProviderException stale = catchThrowableOfType(SecretProviderException.class,
                () -> store.put(ref("cas"), bytes(leaks.canary("canary-7f3a-cas-stale")), PutOptions.expectVersion("1")));

        assertThat(second.version()).isEqualTo("2");
        assertThat(stale.isRetryable()).isFalse();
        assertThat(stale.getMessage()).contains("'cas'", "expected current version 1", "current version is 2", "file:");
        assertThat(store.get(ref("cas")).orElseThrow().version()).isEqualTo("2");
        leaks.assertNoLeak(stale);
    }

    @Test
    void put_withExpectedVersion_whenSecretAbsent_failsNotRetryable() {
        SecretProviderException e = catchThrowableOfType(SecretProviderException.class,
                () -> store.put(ref("cas_absent"), bytes(leaks.canary("canary-7f3a-cas-absent")), PutOptions.expectVersion("1")));

        assertThat(e.isRetryable()).isFalse();
        assertThat(e.getMessage()).contains("'cas_absent'", "has no current version");
        assertThat(store.get(ref("cas_absent"))).isEmpty();
    }

    @Test
    void put_pendingOfNewSecret_isReadableByVersionOnly() {
        Secret pending = store.put(ref("pending_new"), bytes(leaks.canary("canary-7f3a-pending-new")), PutOptions.pending());

        assertThat(pending.metadata("stage")).contains("pending");
        assertThat(store.get(ref("pending_new"))).isEmpty();
        assertThat(store.versions(ref("pending_new"))).isEmpty();
        assertThat(store.get(ref("pending_new"), pending.version()).orElseThrow().metadata()).containsEntry("stage", "pending");
    }

    @Test
    void promote_previousVersion_rollsBackAndKeepsTheReplacedOneAsPrevious() {
        store.put(ref("rollback"), bytes(leaks.canary("canary-7f3a-rollback-1")), PutOptions.none());
        store.put(ref("rollback"), bytes(leaks.canary("canary-7f3a-rollback-2")), PutOptions.none());

        Secret promoted = store.promote(ref("rollback"), "1", Optional.of("2"));

        assertThat(promoted.version()).isEqualTo("1");
        assertThat(promoted.metadata("stage")).contains("current");
        assertThat(store.get(ref("rollback")).orElseThrow().asString()).isEqualTo("canary-7f3a-rollback-1");
        assertThat(store.versions(ref("rollback"))).extracting(Secret::version).containsExactly("1", "2");
    }

    @Test
    void promote_ofTheCurrentVersion_changesNothing_andOfAnUnknownVersion_fails() {
        store.put(ref("promote_edge"), bytes(leaks.canary("canary-7f3a-promote-edge")), PutOptions.none());

        assertThat(store.promote(ref("promote_edge"), "1", Optional.empty()).version()).isEqualTo("1");
        SecretProviderException unknown = catchThrowableOfType(SecretProviderException.class,
                () -> store.promote(ref("promote_edge"), "7", Optional.empty()));
        SecretProviderException absent = catchThrowableOfType(SecretProviderException.class,
                () -> store.promote(ref("promote_nothing"), "1", Optional.empty()));

        assertThat(unknown.isRetryable()).isFalse();
        assertThat(unknown.getMessage()).contains("version 7", "'promote_edge'", "does not exist");
        assertThat(absent.getMessage()).contains("'promote_nothing'");
        assertThat(store.versions(ref("promote_edge"))).extracting(Secret::version).containsExactly("1");
    }

    @Test
    void promote_withStaleExpectation_namesTheSecretAndBothVersions() {
        store.put(ref("stale"), bytes(leaks.canary("canary-7f3a-stale-1")), PutOptions.none());
        store.put(ref("stale"), bytes(leaks.canary("canary-7f3a-stale-2")), PutOptions.none());
        Secret pending = store.put(ref("stale"), bytes(leaks.canary("canary-7f3a-stale-3")), PutOptions.pending());

        SecretProviderException e = catchThrowableOfType(SecretProviderException.class,
                () -> store.promote(ref("stale"), pending.version(), Optional.of("1")));

        assertThat(e.isRetryable()).isFalse();
        assertThat(e.getMessage()).contains("version 3", "'stale'", "expected current version 1", "it is 2");
        leaks.assertNoLeak(e);
    }

    @Test
    void retire_pendingOrPrevious_removesIt_isIdempotent_andNeverReusesItsNumber() {
        store.put(ref("retire"), bytes(leaks.canary("canary-7f3a-retire-1")), PutOptions.none());
        Secret pending = store.put(ref("retire"), bytes(leaks.canary("canary-7f3a-retire-2")), PutOptions.pending());

        store.retire(ref("retire"), pending.version());
        store.retire(ref("retire"), pending.version());
        Secret next = store.put(ref("retire"), bytes(leaks.canary("canary-7f3a-retire-3")), PutOptions.none());
        store.retire(ref("retire"), "1");

        assertThat(store.get(ref("retire"), pending.version())).isEmpty();
        assertThat(store.get(ref("retire"), "1")).isEmpty();
        assertThat(next.version()).isEqualTo("3");
        assertThat(store.versions(ref("retire"))).extracting(Secret::version).containsExactly("3");
    }

    @Test
    void retire_ofCurrentOrUnknownVersion_failsNotRetryable() {
        store.put(ref("retire_bad"), bytes(leaks.canary("canary-7f3a-retire-bad")), PutOptions.none());

        SecretProviderException current = catchThrowableOfType(SecretProviderException.class, () -> store.retire(ref("retire_bad"), "1"));
        SecretProviderException unknown = catchThrowableOfType(SecretProviderException.class, () -> store.retire(ref("retire_bad"), "2"));

        assertThat(current.isRetryable()).isFalse();
        assertThat(current.getMessage()).contains("version 1", "'retire_bad'", "is current");
        assertThat(unknown.isRetryable()).isFalse();
        assertThat(unknown.getMessage()).contains("version 2", "does not exist");
        assertThat(store.get(ref("retire_bad"))).isPresent();
    }

    @Test
    void put_withStageMetadata_storesItAsTheStageNotAsMetadata() {
        Secret pending = store.put(ref("stage_meta"), bytes(leaks.canary("canary-7f3a-stage-meta")),
                PutOptions.pending().with("reason", "rotation"));

        Secret read = store.get(ref("stage_meta"), pending.version()).orElseThrow();

        assertThat(read.metadata()).containsExactlyInAnyOrderEntriesOf(Map.of("reason", "rotation", "stage", "pending"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "01", "abc", "1.0", "99999999999", " 1", "2147483648"})
    void getVersion_withLabelTheStoreNeverWrites_isEmpty(String label) {
        store.put(ref("labels"), bytes(leaks.canary("canary-7f3a-labels")), PutOptions.none());

        assertThat(store.get(ref("labels"), label)).isEmpty();
    }

    @Test
    void get_whenFileUnchanged_costsNoDecryption_andReturnsTheSameSecret() {
        store.put(ref("cached"), bytes(leaks.canary("canary-7f3a-cached")), PutOptions.none());
        Secret first = store.get(ref("cached")).orElseThrow();
        long decryptions = store.decryptions();

        Secret again = store.get(ref("cached")).orElseThrow();
        Secret third = store.get(ref("cached")).orElseThrow();

        assertThat(store.decryptions()).isEqualTo(decryptions);
        assertThat(again).isSameAs(first).isSameAs(third);
    }

    @Test
    void put_ofLargeValue_failsNamingTheLimit_andBinaryValuesRoundTrip() {
        byte[] binary = new byte[256];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = (byte) i;
        }
        store.put(ref("binary"), binary, PutOptions.none());
        byte[] tooLarge = new byte[FileSecretProvider.MAX_VALUE_BYTES + 1];

        SecretProviderException e = catchThrowableOfType(SecretProviderException.class,
                () -> store.put(ref("huge"), tooLarge, PutOptions.none()));

        assertThat(store.get(ref("binary")).orElseThrow().asBytes()).isEqualTo(binary);
        assertThat(e.isRetryable()).isFalse();
        assertThat(e.getMessage()).contains("'huge'", "limit of 1048576 bytes");
        assertThat(store.get(ref("huge"))).isEmpty();
    }

    @Test
    void put_withNameThatCouldLeaveTheFolder_isRejectedBeforeTouchingFiles() {
        byte[] value = bytes(leaks.canary("canary-7f3a-hostile-put"));

        for (String name : new String[] {"../escape", "/etc/passwd", "..", "a/b", "a\\b", "a\u0000b", "x".repeat(151)}) {
            assertThatThrownBy(() -> store.put(SecretRef.ofName(name), value, PutOptions.none()))
                    .isInstanceOf(SecretFormatException.class)
                    .hasMessageContaining("provider file");
        }
        assertThat(tmp.resolve("escape")).doesNotExist();
        assertThat(tmp.resolve("store").resolve("escape")).doesNotExist();
    }

    @Test
    void describeAndHealth_nameTheFolder_andDescribeLookupNamesTheFile() {
        assertThat(store.describe()).isEqualTo("file:" + tmp.resolve("store"));
        assertThat(store.describeLookup(ref("db_password"))).endsWith("(file secrets/db_password.json)");
        assertThat(store.describeLookup(ref("DB_PASSWORD"))).endsWith("(file secrets/~irbf6ucbknjvot2siq.json)");
        assertThat(store.describeLookup(SecretRef.ofName("../x"))).isEqualTo(store.describe());
        assertThat(store.health()).isEqualTo(ProviderHealth.up(store.describe()));
        assertThat(store.toString()).isEqualTo("FileSecretProvider[file:" + tmp.resolve("store") + ", argon2id(m=19456 KiB, t=2, p=1)]");
        assertThat(store.kdf()).isEqualTo(Kdf.argon2id());
        assertThat(store.folder()).isEqualTo(tmp.resolve("store"));
    }

    @Test
    void builder_rejectsBadSettingsNamingThem() {
        FileSecretProvider.Builder b = FileSecretProvider.builder();

        assertThatThrownBy(() -> b.masterSecret(new char[0])).hasMessageContaining("masterSecret must not be empty");
        assertThatThrownBy(() -> b.lockTimeout(Duration.ZERO)).hasMessageContaining("lockTimeout").hasMessageContaining("PT0S");
        assertThatThrownBy(() -> b.maxPreviousVersions(0)).hasMessageContaining("maxPreviousVersions").hasMessageContaining("got 0");
        assertThatThrownBy(b::build).isInstanceOf(IllegalStateException.class).hasMessageContaining("folder must be set");
        assertThatThrownBy(() -> b.folder(tmp.resolve("never")).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("masterSecret must be set");
        assertThat(tmp.resolve("never")).doesNotExist();
    }

    private static SecretRef ref(String name) {
        return SecretRef.ofName(name);
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
