package dev.secrets4j.provider.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.azure.core.credential.TokenCredential;
import dev.secrets4j.SecretProviderException;
import dev.secrets4j.SecretValidationException;
import dev.secrets4j.Secrets;
import dev.secrets4j.spi.ProviderHealth;
import dev.secrets4j.spi.SecretRef;
import dev.secrets4j.testing.LeakCheck;
import dev.secrets4j.testing.azure.KeyVaultEmulator;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Mono;

/**
 * Credentials and the 401 challenge through the real SDK against the emulator. Each test has an
 * emulator of its own, on a fresh port, because the SDK caches the challenge per host and port
 * for the whole JVM.
 */
class AzureCredentialsIT {

    @RegisterExtension
    final LeakCheck leaks = LeakCheck.create();

    private final String value = leaks.canary("canary-azure-credentials-1111");
    private KeyVaultEmulator kv;

    @BeforeEach
    void start() {
        kv = KeyVaultEmulator.builder().build();
        kv.start();
        for (int i = 0; i < 5; i++) {
            kv.setSecret("s-" + i, value);
        }
        kv.resetCalls();
    }

    @AfterEach
    void stop() {
        kv.close();
    }

    private AzureSecretProvider.Builder builder() {
        return Emulated.connectedTo(kv);
    }

    @Test
    void boot_whenCredentialNeverAnswers_failsWithinTheTimeout_askingItOnce_forEverySecret() {
        AtomicInteger asked = new AtomicInteger();
        TokenCredential hangs = request -> {
            asked.incrementAndGet();
            return Mono.never();
        };
        AzureSecretProvider provider = builder().credential(hangs).timeout(Duration.ofSeconds(1)).build();

        SecretValidationException e = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            Secrets.Builder b = Secrets.builder().provider(provider);
            for (int i = 0; i < 5; i++) {
                b.require("s_" + i);
            }
            try (Secrets ignored = b.build()) {
                throw new AssertionError("boot should fail");
            } catch (SecretValidationException failed) {
                return failed;
            }
        });

        assertThat(e.getMessage()).contains("credential 'custom' gave no token for https://vault.azure.net/.default within 1000 ms");
        assertThat(e.problems()).hasSize(5);
        assertThat(asked).hasValue(1);
        assertThat(kv.calls("GET secret")).isZero();
        leaks.assertNoLeak(e);
        provider.close();
    }

    @Test
    void get_whenCredentialFails_namesTheCredentialAndItsReason_notRetried() {
        AtomicInteger asked = new AtomicInteger();
        TokenCredential refuses = request -> {
            asked.incrementAndGet();
            return Mono.error(new IllegalStateException("no identity endpoint here"));
        };
        try (AzureSecretProvider provider = builder().credential(refuses).build()) {
            assertThatThrownBy(() -> provider.get(SecretRef.ofName("s-0")))
                    .isInstanceOfSatisfying(SecretProviderException.class, e -> assertThat(e.isRetryable()).isFalse())
                    .hasMessageContaining("credential 'custom' gave no token")
                    .hasMessageContaining("no identity endpoint here")
                    .hasMessageContaining("secret 's-0'");
            assertThat(asked).hasValue(1);
            assertThat(provider.health().status()).isEqualTo(ProviderHealth.Status.DOWN);
            assertThat(provider.health().detail()).contains("no identity endpoint here");
        }
    }

    @Test
    void get_whenChallengeResourceVerificationIsOn_refusesLoopbackVault_withClearError() {
        try (AzureSecretProvider provider = AzureSecretProvider.builder().vaultUrl(kv.vaultUrl().toString())
                .caBundlePem(kv.caCertificatePem()).credential(kv.credential()).build()) {
            assertThatThrownBy(() -> provider.get(SecretRef.ofName("s-0")))
                    .isInstanceOfSatisfying(SecretProviderException.class, e -> assertThat(e.isRetryable()).isFalse())
                    .hasMessageContaining("challenge resource").hasMessageContaining("vault.azure.net")
                    .hasMessageContaining("Check the vault URL");
            assertThat(kv.calls("challenge401")).isEqualTo(1);
            assertThat(kv.calls("token")).isZero();
        }
    }

    @Test
    void firstRead_takesTheChallengeAndTheReadFromTheBudget() {
        try (AzureSecretProvider provider = builder().credential(kv.credential()).budget(1).build()) {
            // A budget of 1 a second holds one call: the 401 challenge takes it, the authenticated GET waits.
            assertThat(provider.get(SecretRef.ofName("s-0"))).isPresent();

            assertThat(kv.calls("challenge401")).isEqualTo(1);
            assertThat(kv.calls("GET secret")).isEqualTo(1);
            assertThat(provider.throttleWaits().get("vault")).isGreaterThan(Duration.ofMillis(500));
        }
    }

    @Test
    void clientSecret_getsItsTokenFromTheIdentityEndpoint_throughRealAzureIdentity() {
        String clientSecret = leaks.canary("canary-azure-client-secret-7777");
        kv.registerClient("app-id", clientSecret);
        try (AzureSecretProvider provider = builder().clientSecret(kv.tenantId(), "app-id", clientSecret)
                .authorityHost(kv.authorityHost().toString()).build()) {
            for (int i = 0; i < 3; i++) {
                assertThat(provider.get(SecretRef.ofName("s_" + i)).orElseThrow().asString()).isEqualTo(value);
            }
            assertThat(kv.calls("token")).isEqualTo(1);
            assertThat(kv.calls("challenge401")).isEqualTo(1);
            leaks.assertNoLeak(provider);
        }
    }

    @Test
    void boot_whenClientSecretIsWrong_failsNamingTheCredentialAndAadsCode_withoutTheSecret() {
        String rightSecret = leaks.canary("canary-azure-right-secret-8888");
        String wrongSecret = leaks.canary("canary-azure-wrong-secret-9999");
        kv.registerClient("app-id", rightSecret);
        AzureSecretProvider provider = builder().clientSecret(kv.tenantId(), "app-id", wrongSecret)
                .authorityHost(kv.authorityHost().toString()).build();

        assertThatThrownBy(() -> Secrets.builder().provider(provider).require("s_0").require("s_1").build())
                .isInstanceOf(SecretValidationException.class)
                .hasMessageContaining("credential 'client-secret' gave no token")
                .hasMessageContaining("AADSTS7000215")
                .satisfies(e -> leaks.assertNoLeak(e));
        assertThat(kv.calls("tokenRefused")).isEqualTo(1);
        assertThat(kv.calls("GET secret")).isZero();
        provider.close();
    }

    @Test
    void tokenIsReused_acrossReads() {
        try (AzureSecretProvider provider = builder().credential(kv.credential()).build()) {
            for (int i = 0; i < 5; i++) {
                assertThat(provider.get(SecretRef.ofName("s-" + i))).isPresent();
            }
            assertThat(kv.calls("token")).isEqualTo(1);
            assertThat(kv.calls("challenge401")).isEqualTo(1);
            assertThat(provider.health().status()).isEqualTo(ProviderHealth.Status.UP);
        }
    }
}
