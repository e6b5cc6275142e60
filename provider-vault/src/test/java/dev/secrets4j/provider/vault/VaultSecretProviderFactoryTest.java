package dev.secrets4j.provider.vault;

import dev.secrets4j.spi.SecretProvider;
import dev.secrets4j.spi.SecretProviders;
import dev.secrets4j.testing.LeakCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The {@code vault} factory: found by ServiceLoader, every option read with the shared grammar, errors name the option. */
class VaultSecretProviderFactoryTest {

    @RegisterExtension
    final LeakCheck leaks = LeakCheck.create();

    private final String token = leaks.canary("hvs.canary-factory-token-77c1");

    @Test
    void serviceLoader_findsTheVaultFactory() {
        assertThat(SecretProviders.available()).contains("vault");
        assertThat(new VaultSecretProviderFactory().options()).contains("address", "kv-mount", "path-prefix", "auth", "role-id-file",
                "dynamic-mounts", "revoke-leases-on-close", "lease-renewal-threshold");
    }

    @Test
    void create_readsEveryProviderOption() {
        try (SecretProvider p = SecretProviders.create("vault", Map.ofEntries(
                Map.entry("address", "http://127.0.0.1:8200"), Map.entry("allow-insecure-http", "true"),
                Map.entry("kv-mount", "kv"), Map.entry("kv-version", "2"), Map.entry("namespace", "team-a"),
                Map.entry("path-prefix", "prod/"), Map.entry("dynamic-mounts", "database, pki"),
                Map.entry("connect-timeout", "2s"), Map.entry("read-timeout", "PT4S"), Map.entry("batch-concurrency", "4"),
                Map.entry("revoke-leases-on-close", "true"), Map.entry("lease-renewal-threshold", "30s"),
                Map.entry("previous-versions", "5"), Map.entry("auth", "token"), Map.entry("token", token)))) {
            VaultSecretProvider vault = (VaultSecretProvider) p;
            var s = vault.settings();
            assertThat(s.kvMount()).isEqualTo("kv");
            assertThat(s.namespace()).contains("team-a");
            assertThat(s.pathPrefix()).isEqualTo("prod/");
            assertThat(s.dynamicMounts()).containsExactly("database", "pki");
            assertThat(s.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
            assertThat(s.readTimeout()).isEqualTo(Duration.ofSeconds(4));
            assertThat(s.batchConcurrency()).isEqualTo(4);
            assertThat(s.revokeLeasesOnClose()).isTrue();
            assertThat(s.leaseRenewalThreshold()).isEqualTo(Duration.ofSeconds(30));
            assertThat(s.previousVersions()).isEqualTo(5);
            assertThat(s.auth().method()).isEqualTo("token");
            leaks.assertNoLeak(p, s);
        }
    }

    @Test
    void create_withHttpAddressButNoOptIn_isRefused() {
        assertThatThrownBy(() -> SecretProviders.create("vault", Map.of("address", "http://127.0.0.1:8200", "token", token)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("allow-insecure-http=true");
    }

    @Test
    void create_withBadValue_namesTheOption() {
        assertThatThrownBy(() -> SecretProviders.create("vault", Map.of("address", "https://v", "kv-version", "3", "token", token)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("option 'kv-version' of provider 'vault' must be 1 or 2");
        assertThatThrownBy(() -> SecretProviders.create("vault", Map.of("address", "https://v", "read-timeout", "soon", "token", token)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("option 'read-timeout' of provider 'vault'");
        assertThatThrownBy(() -> SecretProviders.create("vault", Map.of("address", "https://v", "path-prefix", "../x", "token", token)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("option 'path-prefix' of provider 'vault'");
        assertThatThrownBy(() -> SecretProviders.create("vault", Map.of("address", "https://v", "tokn", token)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has no option tokn").hasMessageNotContaining(token);
    }

    @Test
    void create_withAppRoleOptions_usesThatAuth() {
        try (SecretProvider p = SecretProviders.create("vault", Map.of("address", "https://vault.test", "auth", "approle",
                "role-id", "canary-role-id-0001", "secret-id-file", "/etc/app/secret-id"))) {
            assertThat(((VaultSecretProvider) p).settings().auth().method()).isEqualTo("approle");
        }
    }
}
