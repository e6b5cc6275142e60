package dev.secrets4j.provider.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.secrets4j.spi.SecretProviders;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AzureSecretProviderFactoryTest {

    @Test
    void create_throughServiceLoader_givesAzureProvider() {
        assertThat(SecretProviders.create("azure", Map.of("vault-url", "https://v.vault.azure.net",
                "credential", "managed-identity", "budget", "50")).describe()).isEqualTo("azure:https://v.vault.azure.net");
    }

    @Test
    void create_whenHttpUrlOrBadCredential_rejectsNamingOption() {
        AzureSecretProviderFactory f = new AzureSecretProviderFactory();
        assertThatThrownBy(() -> f.create(Map.of("vault-url", "http://v"))).hasMessageContaining("'vault-url'");
        assertThatThrownBy(() -> f.create(Map.of())).hasMessageContaining("'vault-url'");
        assertThatThrownBy(() -> f.create(Map.of("vault-url", "https://v", "credential", "magic")))
                .hasMessageContaining("'credential'");
        assertThatThrownBy(() -> f.create(Map.of("vault-url", "https://v", "credential", "client-secret")))
                .hasMessageContaining("'credential'");
        assertThatThrownBy(() -> f.create(Map.of("vault-url", "https://v", "budget", "9000"))).hasMessageContaining("'budget'");
    }
}
