package dev.secrets4j.provider.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import java.time.Duration;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

class AzureSecretProviderBuilderTest {

    private static final TokenCredential FAKE = request -> Mono.just(new AccessToken("t", OffsetDateTime.now().plusHours(1)));

    @Test
    void vaultUrl_whenHttp_rejectsSayingHttpsOnly() {
        assertThatThrownBy(() -> AzureSecretProvider.builder().vaultUrl("http://v.vault.azure.net"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("https://");
    }

    @Test
    void build_whenNoVaultUrl_rejectsNamingIt() {
        assertThatThrownBy(() -> AzureSecretProvider.builder().credential(FAKE).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("vaultUrl");
    }

    @Test
    void setters_whenOutOfRange_rejectNamingSetting() {
        AzureSecretProvider.Builder b = AzureSecretProvider.builder();
        assertThatThrownBy(() -> b.budget(401)).hasMessageContaining("budget");
        assertThatThrownBy(() -> b.timeout(Duration.ZERO)).hasMessageContaining("timeout");
        assertThatThrownBy(() -> b.maxAttempts(0)).hasMessageContaining("maxAttempts");
        assertThatThrownBy(() -> b.caBundlePem("not pem")).hasMessageContaining("CA bundle");
        assertThatThrownBy(() -> b.clientSecret("t", "c", " ")).hasMessageContaining("clientSecret");
    }

    @Test
    void build_withOwnCredential_describesVaultWithoutCalling() {
        AzureSecretProvider p = AzureSecretProvider.builder().vaultUrl("https://v.vault.azure.net/").credential(FAKE).build();
        assertThat(p.describe()).isEqualTo("azure:https://v.vault.azure.net");
        assertThat(p.id()).isEqualTo("azure");
    }
}
