package dev.secrets4j.provider.vault;

import dev.secrets4j.spi.Capability;
import dev.secrets4j.testing.LeakCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each setting is checked when set, naming the setting; plain HTTP needs an explicit opt-in; building does no I/O. */
class VaultSecretProviderBuilderTest {

    @RegisterExtension
    final LeakCheck leaks = LeakCheck.create();

    private final String token = leaks.canary("hvs.canary-builder-token-5e2a");

    @Test
    void build_withHttpAddress_isRefusedUnlessInsecureHttpIsAllowed() {
        assertThatThrownBy(() -> VaultSecretProvider.builder().address("http://127.0.0.1:8200").auth(VaultAuth.token(token)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("http://127.0.0.1:8200").hasMessageContaining("unencrypted").hasMessageContaining("allowInsecureHttp()");
        try (VaultSecretProvider p = VaultSecretProvider.builder().address("http://127.0.0.1:8200").allowInsecureHttp()
                .auth(VaultAuth.token(token)).build()) {
            assertThat(p.describe()).isEqualTo("vault:http://127.0.0.1:8200 (KV v2 mount secret)");
        }
    }

    @Test
    void address_thatIsNotAVaultUrl_isRefusedNamingTheSetting() {
        assertThatThrownBy(() -> VaultSecretProvider.builder().address("vault.example.com"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("address must be a URL");
        assertThatThrownBy(() -> VaultSecretProvider.builder().address("https://user:pw@vault.example.com"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("user info").hasMessageNotContaining("pw@");
        assertThatThrownBy(() -> VaultSecretProvider.builder().address("ftp://vault.example.com"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("address must be a URL");
    }

    @Test
    void settings_areCheckedAtOnce_namingTheSetting() {
        VaultSecretProvider.Builder b = VaultSecretProvider.builder();
        assertThatThrownBy(() -> b.kvVersion(3)).hasMessage("kvVersion must be 1 or 2, got 3");
        assertThatThrownBy(() -> b.batchConcurrency(0)).hasMessageStartingWith("batchConcurrency must be between 1 and 256");
        assertThatThrownBy(() -> b.readTimeout(Duration.ZERO)).hasMessageStartingWith("readTimeout must be positive");
        assertThatThrownBy(() -> b.connectTimeout(Duration.ofSeconds(-1))).hasMessageStartingWith("connectTimeout must be positive");
        assertThatThrownBy(() -> b.pathPrefix("prod/../staging")).hasMessageStartingWith("pathPrefix must be");
        assertThatThrownBy(() -> b.kvMount("/")).hasMessageStartingWith("kvMount must be a Vault mount");
        assertThatThrownBy(() -> b.previousVersions(101)).hasMessageStartingWith("previousVersions must be between 0 and 100");
        assertThatThrownBy(() -> b.caCertificatePem("not a certificate")).hasMessageStartingWith("caCertificatePem must hold PEM certificates");
    }

    @Test
    void caCertificateFile_unreadable_namesTheFile(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("missing.pem");
        assertThatThrownBy(() -> VaultSecretProvider.builder().caCertificateFile(missing))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(missing.toString()).hasMessageContaining("cannot be read");
        Path garbage = Files.writeString(dir.resolve("garbage.pem"), "-----BEGIN CERTIFICATE-----\nnope\n-----END CERTIFICATE-----\n");
        assertThatThrownBy(() -> VaultSecretProvider.builder().caCertificateFile(garbage))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("could not be parsed");
    }

    @Test
    void build_dynamicMountEqualToKvMount_isRefused() {
        assertThatThrownBy(() -> VaultSecretProvider.builder().address("https://vault.test").dynamicMounts("secret").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dynamicMounts must not contain the KV mount 'secret'");
    }

    @Test
    void capabilities_followTheConfiguration() {
        try (VaultSecretProvider kv2 = provider(VaultSecretProvider.builder());
             VaultSecretProvider kv1 = provider(VaultSecretProvider.builder().kvVersion(1));
             VaultSecretProvider leased = provider(VaultSecretProvider.builder().dynamicMounts("database"))) {
            assertThat(kv2.capabilities()).containsExactlyInAnyOrder(Capability.READ, Capability.VERSIONS, Capability.WRITE,
                    Capability.BATCH, Capability.FIELDS);
            assertThat(kv1.capabilities()).doesNotContain(Capability.VERSIONS, Capability.WATCH);
            assertThat(leased.capabilities()).contains(Capability.WATCH, Capability.VERSIONS);
        }
    }

    @Test
    void toStringAndDescribe_showPlaceAndAuthMethod_neverTheToken() {
        try (VaultSecretProvider p = provider(VaultSecretProvider.builder().namespace("team-a").pathPrefix("prod").dynamicMounts("database"))) {
            assertThat(p.describe()).isEqualTo("vault:https://vault.test:8200 (KV v2 mount secret, prefix prod/, namespace team-a,"
                    + " dynamic mounts database)");
            assertThat(p.toString()).contains("auth token");
            leaks.assertNoLeak(p, p.describe(), p.settings());
        }
    }

    private VaultSecretProvider provider(VaultSecretProvider.Builder b) {
        return b.address("https://vault.test:8200/").auth(VaultAuth.token(token)).build();
    }
}
