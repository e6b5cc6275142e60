package dev.secrets4j.provider.vault;

import dev.secrets4j.Secret;
import dev.secrets4j.SecretFormatException;
import dev.secrets4j.SecretProviderException;
import dev.secrets4j.spi.PutOptions;
import dev.secrets4j.spi.SecretRef;
import dev.secrets4j.testing.LeakCheck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import static dev.secrets4j.provider.vault.Emulated.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** KV v2 versions, deleted and destroyed versions reported as such, and check-and-set writes. */
class VaultKvVersionsIT {

    @RegisterExtension
    final LeakCheck leaks = LeakCheck.create();

    final Emulated env = new Emulated();
    final String v1 = leaks.canary("canary-versions-one-1111");
    final String v2 = leaks.canary("canary-versions-two-2222");
    final String v3 = leaks.canary("canary-versions-three-3333");
    final SecretRef ref = SecretRef.parse("vault:secret/app/key");

    {
        leaks.canary(env.vault.rootToken());
    }

    @AfterEach
    void stop() {
        env.close();
    }

    private void threeVersions() {
        env.vault.putKv("secret", "app/key", Map.of("value", v1));
        env.advance(Duration.ofMinutes(10));
        env.vault.putKv("secret", "app/key", Map.of("value", v2));
        env.advance(Duration.ofMinutes(10));
        env.vault.putKv("secret", "app/key", Map.of("value", v3));
    }

    @Test
    void versions_giveCurrentThenPreviousNewestFirst_withCreatedTimes() {
        threeVersions();
        try (VaultSecretProvider p = env.provider().build()) {
            assertThat(p.versions(ref)).extracting(Secret::asString).containsExactly(v3, v2, v1);
            assertThat(p.versions(ref)).extracting(Secret::version).containsExactly("3", "2", "1");
            assertThat(p.versions(ref).get(2).createdAt()).contains(T0);
            assertThat(p.get(ref, "2").orElseThrow().asString()).isEqualTo(v2);
            assertThat(p.get(ref, "9")).isEmpty();
            assertThatThrownBy(() -> p.get(ref, "latest")).isInstanceOf(SecretFormatException.class)
                    .hasMessageContaining("'latest' is not a KV version number");
        }
        try (VaultSecretProvider p = env.provider().previousVersions(1).build()) {
            assertThat(p.versions(ref)).extracting(Secret::version).containsExactly("3", "2");
        }
    }

    @Test
    void deletedAndDestroyedVersions_areReportedAsSuch_andLeftOutOfVersions() {
        threeVersions();
        env.vault.deleteKvVersions("secret", "app/key", 2);
        env.vault.destroyKvVersions("secret", "app/key", 1);
        try (VaultSecretProvider p = env.provider().build()) {
            assertThat(p.versions(ref)).extracting(Secret::version).containsExactly("3");
            assertThatThrownBy(() -> p.get(ref, "2")).isInstanceOfSatisfying(SecretProviderException.class,
                            e -> assertThat(e.isRetryable()).isFalse())
                    .hasMessageContaining("version 2 is deleted at " + T0.plus(Duration.ofMinutes(20)))
                    .hasMessageContaining("vault kv undelete -mount=secret -versions=2 app/key");
            assertThatThrownBy(() -> p.get(ref, "1")).isInstanceOf(SecretProviderException.class)
                    .hasMessageContaining("version 1 is destroyed").hasMessageContaining("write a new version");
        }
    }

    @Test
    void currentVersionDeleted_afterItWasServed_isReportedNotServedFromWhatWasHeld() {
        env.vault.putKv("secret", "app/key", Map.of("value", v1));
        try (VaultSecretProvider p = env.provider().build()) {
            assertThat(p.get(ref).orElseThrow().asString()).isEqualTo(v1);
            env.vault.deleteKvVersions("secret", "app/key", 1);
            assertThatThrownBy(() -> p.get(ref)).isInstanceOf(SecretProviderException.class)
                    .hasMessageContaining("version 1 is deleted");
            // and on a fresh provider, through the 404-with-metadata of the data read
            try (VaultSecretProvider fresh = env.provider().build()) {
                assertThatThrownBy(() -> fresh.get(ref)).isInstanceOf(SecretProviderException.class)
                        .hasMessageContaining("version 1 is deleted");
            }
        }
    }

    @Test
    void put_withExpectedVersion_writesTheNextVersion_andAConflictNamesPathAndBothVersions() {
        threeVersions();
        try (VaultSecretProvider p = env.provider().build()) {
            String next = leaks.canary("canary-versions-next-4444");
            Secret written = p.put(ref, bytes(next), PutOptions.expectVersion("3"));
            assertThat(written.version()).isEqualTo("4");
            assertThat(p.get(ref).orElseThrow().asString()).isEqualTo(next);

            String late = leaks.canary("canary-versions-late-5555");
            assertThatThrownBy(() -> p.put(ref, bytes(late), PutOptions.expectVersion("3")))
                    .isInstanceOfSatisfying(SecretProviderException.class, e -> assertThat(e.isRetryable()).isFalse())
                    .hasMessageContaining("secret/data/app/key")
                    .hasMessageContaining("check-and-set expected version 3 but Vault has version 4");
            assertThat(env.vault.currentVersion("secret", "app/key")).isEqualTo(4);
        }
    }

    @Test
    void put_toOneField_keepsTheOthers_andChecksAgainstTheVersionRead() {
        String user = leaks.canary("canary-versions-user-6666");
        env.vault.putKv("secret", "app/db", Map.of("user", user, "password", v1));
        try (VaultSecretProvider p = env.provider().build()) {
            p.put(SecretRef.parse("vault:secret/app/db#password"), bytes(v2), PutOptions.none());
            assertThat(env.vault.readKvJson("secret", "app/db")).hasValueSatisfying(json ->
                    assertThat(json).contains(user).contains(v2).doesNotContain(v1));
            assertThat(env.requests("secret/data/app/db")).filteredOn(r -> r.method().equals("POST")).hasSize(1);
        }
    }

    @Test
    void put_withoutFieldOnAnEntryOfSeveral_needsAJsonObject() {
        env.vault.putKv("secret", "app/db", Map.of("user", v1, "password", v2));
        try (VaultSecretProvider p = env.provider().build()) {
            assertThatThrownBy(() -> p.put(SecretRef.parse("vault:secret/app/db"), bytes(v3), PutOptions.none()))
                    .isInstanceOf(SecretFormatException.class).hasMessageContaining("has several fields (").hasMessageContaining("user").hasMessageContaining("password");
            Secret whole = p.put(SecretRef.parse("vault:secret/app/db"), bytes("{\"user\":\"" + v3 + "\"}"), PutOptions.none());
            assertThat(whole.version()).isEqualTo("2");
            assertThat(env.vault.readKvJson("secret", "app/db")).hasValueSatisfying(json -> assertThat(json).contains(v3).doesNotContain(v2));
        }
    }

    @Test
    void put_onCasRequiredMount_withoutExpectedVersion_saysHowToWrite() {
        env.vault.putKv("secret", "app/key", Map.of("value", v1));
        env.vault.kvCasRequired("secret", true);
        try (VaultSecretProvider p = env.provider().build()) {
            assertThatThrownBy(() -> p.put(ref, bytes(v2), PutOptions.none()))
                    .isInstanceOf(SecretProviderException.class).hasMessageContaining("requires check-and-set")
                    .hasMessageContaining("PutOptions.expectVersion");
            assertThat(p.put(ref, bytes(v2), PutOptions.expectVersion("1")).version()).isEqualTo("2");
        }
    }

    @Test
    void put_newEntryWithExpectedVersionZero_createsIt_onlyOnce() {
        try (VaultSecretProvider p = env.provider().build()) {
            assertThat(p.put(ref, bytes(v1), PutOptions.expectVersion("0")).version()).isEqualTo("1");
            assertThatThrownBy(() -> p.put(ref, bytes(v2), PutOptions.expectVersion("0")))
                    .isInstanceOf(SecretProviderException.class).hasMessageContaining("expected version 0 but Vault has version 1");
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
