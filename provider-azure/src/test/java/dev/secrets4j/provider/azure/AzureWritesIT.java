package dev.secrets4j.provider.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.secrets4j.Secret;
import dev.secrets4j.SecretProviderException;
import dev.secrets4j.spi.PutOptions;
import dev.secrets4j.spi.SecretRef;
import dev.secrets4j.testing.LeakCheck;
import dev.secrets4j.testing.azure.KeyVaultEmulator;
import dev.secrets4j.testing.azure.KvFault;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Writes, the soft-deleted states and the write budget, through the real SDK against the emulator. */
class AzureWritesIT {

    @RegisterExtension
    final LeakCheck leaks = LeakCheck.create();

    private final String one = leaks.canary("canary-azure-write-one-1111");
    private final String two = leaks.canary("canary-azure-write-two-2222");
    private final Instant now = Instant.parse("2026-06-01T00:00:00Z");
    private KeyVaultEmulator kv;
    private AzureSecretProvider provider;

    @BeforeEach
    void start() {
        kv = KeyVaultEmulator.builder().clock(Clock.fixed(now, ZoneOffset.UTC)).build();
        kv.start();
        provider = Emulated.provider(kv).timeout(Duration.ofSeconds(5)).clock(Clock.fixed(now, ZoneOffset.UTC)).writeBudget(30)
                .build();
    }

    @AfterEach
    void stop() {
        provider.close();
        kv.close();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void put_setsNewVersionWithContentTypeTagsNbfExp_readBackAsLatest() {
        String first = kv.setSecret("db-password", one);
        Instant exp = now.plus(Duration.ofDays(90));

        Secret written = provider.put(SecretRef.ofName("DB_PASSWORD"), bytes(two), new PutOptions(Optional.empty(),
                Map.of("content-type", "text/plain", "tag.owner", "payments", "nbf", now.toString(), "exp", exp.toString())));

        assertThat(written.version()).isNotEqualTo(first);
        Secret read = provider.get(SecretRef.ofName("DB_PASSWORD")).orElseThrow();
        assertThat(read.asString()).isEqualTo(two);
        assertThat(read.version()).isEqualTo(written.version());
        assertThat(read.metadata("content-type")).contains("text/plain");
        assertThat(read.metadata("tag.owner")).contains("payments");
        assertThat(read.metadata("exp")).contains(exp.toString());
        assertThat(read.metadata("nbf")).contains(now.toString());
        assertThat(kv.calls("PUT secret")).isEqualTo(1);
        leaks.assertNoLeak(written, read, provider);
    }

    @Test
    void put_whenExpectedVersionIsNotLatest_failsNamingBothVersions_andWritesNothing() {
        String first = kv.setSecret("api-key", one);
        String second = kv.setSecret("api-key", two);
        kv.resetCalls();

        assertThatThrownBy(() -> provider.put(SecretRef.ofName("api_key"), bytes(one), PutOptions.expectVersion(first)))
                .isInstanceOfSatisfying(SecretProviderException.class, e -> assertThat(e.isRetryable()).isFalse())
                .hasMessageContaining(first).hasMessageContaining(second).hasMessageContaining("best effort")
                .satisfies(e -> leaks.assertNoLeak(e));
        assertThat(kv.calls("PUT secret")).isZero();

        Secret ok = provider.put(SecretRef.ofName("api_key"), bytes(one), PutOptions.expectVersion(second));
        assertThat(ok.version()).isNotIn(first, second);
    }

    @Test
    void put_whenNameIsSoftDeleted_failsNotRetryable_sayingRecoverOrPurge() {
        kv.setSecret("old-key", one);
        kv.deleteSecret("old-key");

        assertThatThrownBy(() -> provider.put(SecretRef.parse("azure:old-key"), bytes(two), PutOptions.none()))
                .isInstanceOfSatisfying(SecretProviderException.class, e -> assertThat(e.isRetryable()).isFalse())
                .hasMessageContaining("old-key").hasMessageContaining("recover").hasMessageContaining("purge")
                .satisfies(e -> leaks.assertNoLeak(e));
        assertThat(kv.calls("PUT secret")).isEqualTo(1);
    }

    @Test
    void get_whenNameIsSoftDeleted_reportsItWithPurgeDate_checkingTheDeletedSecretOnce() {
        kv.setSecret("old-key", one);
        kv.deleteSecret("old-key");
        kv.resetCalls();

        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> provider.get(SecretRef.ofName("OLD_KEY")))
                    .isInstanceOfSatisfying(SecretProviderException.class, e -> assertThat(e.isRetryable()).isFalse())
                    .hasMessageContaining("soft-deleted").hasMessageContaining("purged at " + now.plus(Duration.ofDays(90)))
                    .hasMessageContaining("az keyvault secret recover");
        }
        assertThat(kv.calls("GET deleted")).isEqualTo(1);
    }

    @Test
    void get_whenMissingAndNotDeleted_isEmpty() {
        assertThat(provider.get(SecretRef.ofName("never-there"))).isEmpty();
        assertThat(kv.calls("GET deleted")).isEqualTo(1);
    }

    @Test
    void put_whenFirstAttemptIsReset_checksThenRetries_leavingOneNewVersion() {
        kv.setSecret("api-key", one);
        kv.faults().add(KvFault.reset().on("PUT secret").times(1));
        kv.resetCalls();

        Secret written = provider.put(SecretRef.ofName("api-key"), bytes(two), PutOptions.none());

        assertThat(kv.calls("PUT secret")).isEqualTo(2);
        assertThat(provider.get(SecretRef.ofName("api-key")).orElseThrow().version()).isEqualTo(written.version());
        assertThat(provider.versions(SecretRef.ofName("api-key"))).hasSize(2);
    }

    @Test
    void put_whenValueIsNotTextOrTooBigOrMetadataUnknown_failsBeforeAnyCall() {
        kv.resetCalls();
        assertThatThrownBy(() -> provider.put(SecretRef.ofName("bin"), new byte[] {(byte) 0xC3, (byte) 0x28}, PutOptions.none()))
                .hasMessageContaining("UTF-8").hasMessageContaining("'bin'");
        assertThatThrownBy(() -> provider.put(SecretRef.ofName("big"), new byte[25 * 1024 + 1], PutOptions.none()))
                .hasMessageContaining("25600").hasMessageContaining("'big'");
        assertThatThrownBy(() -> provider.put(SecretRef.ofName("meta"), bytes(one),
                new PutOptions(Optional.empty(), Map.of("owner", "x")))).hasMessageContaining("'owner'");
        assertThatThrownBy(() -> provider.put(SecretRef.ofName("meta"), bytes(one),
                new PutOptions(Optional.empty(), Map.of("exp", "tomorrow")))).hasMessageContaining("ISO-8601");
        assertThatThrownBy(() -> provider.put(SecretRef.parse("azure:cfg#password"), bytes(one), PutOptions.none()))
                .hasMessageContaining("field 'password'");
        assertThat(kv.calls()).isEmpty();
    }

    @Test
    void put_waitsForTheWriteBudget_andReportsTheWait() {
        AzureSecretProvider slow = Emulated.provider(kv).writeBudget(2).build();
        try (slow) {
            for (int i = 0; i < 3; i++) {
                slow.put(SecretRef.ofName("paced"), bytes(one), PutOptions.none());
            }
            assertThat(slow.throttleWaits().get("write")).isPositive();
        }
    }
}
