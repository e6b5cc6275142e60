package dev.secrets4j.testing.azure;

import com.azure.core.exception.HttpResponseException;
import com.azure.core.exception.ResourceModifiedException;
import com.azure.core.exception.ResourceNotFoundException;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.http.policy.FixedDelayOptions;
import com.azure.core.http.policy.RetryOptions;
import com.azure.security.keyvault.secrets.SecretClient;
import com.azure.security.keyvault.secrets.SecretClientBuilder;
import com.azure.security.keyvault.secrets.models.KeyVaultSecret;
import com.azure.security.keyvault.secrets.models.SecretProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The emulator through the real Azure SDK SecretClient on the JDK HTTP client, over HTTPS on loopback. */
class KeyVaultEmulatorSdkIT {

    private static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");

    private KeyVaultEmulator kv;
    private SecretClient client;

    @BeforeEach
    void start() throws Exception {
        // A fresh emulator means a fresh port, so the SDK's JVM-wide challenge cache has nothing for it yet.
        kv = KeyVaultEmulator.builder().clock(Clock.fixed(T0, ZoneOffset.UTC)).build().start();
        client = client(true);
    }

    @AfterEach
    void stop() {
        kv.close();
    }

    private SecretClient client(boolean disableVerification) throws Exception {
        SecretClientBuilder builder = new SecretClientBuilder()
                .vaultUrl(kv.vaultUrl().toString())
                .credential(kv.credential())
                .retryOptions(new RetryOptions(new FixedDelayOptions(2, Duration.ofMillis(10))))
                .httpClient(new JdkHttpClientBuilder(HttpClient.newBuilder().sslContext(Tls.trusting(kv.caCertificatePem())))
                        .build());
        if (disableVerification) {
            builder.disableChallengeResourceVerification();
        }
        return builder.buildClient();
    }

    @Test
    void getSecret_latestAndByVersion_returnsBundleAfterOneChallengeAndOneToken() {
        String v1 = kv.setSecret("db-password", "first");
        String v2 = kv.setSecret("db-password", "second");

        KeyVaultSecret latest = client.getSecret("db-password");
        KeyVaultSecret older = client.getSecret("db-password", v1);

        assertThat(latest.getValue()).isEqualTo("second");
        assertThat(latest.getProperties().getVersion()).isEqualTo(v2).matches("[0-9a-f]{32}");
        assertThat(latest.getProperties().getName()).isEqualTo("db-password");
        assertThat(latest.getProperties().getCreatedOn().toInstant()).isEqualTo(T0);
        assertThat(latest.getProperties().getUpdatedOn().toInstant()).isEqualTo(T0);
        assertThat(latest.getProperties().isEnabled()).isTrue();
        assertThat(latest.getId()).isEqualTo(kv.vaultUrl() + "/secrets/db-password/" + v2);
        assertThat(older.getValue()).isEqualTo("first");
        assertThat(kv.calls()).containsEntry("challenge401", 1).containsEntry("token", 1).containsEntry("GET secret", 2);
    }

    @Test
    void getSecret_whenMissing_throwsNotFoundWithSecretNotFound() {
        assertThatThrownBy(() -> client.getSecret("nope"))
                .isInstanceOf(ResourceNotFoundException.class)
                .satisfies(e -> assertThat(((HttpResponseException) e).getResponse().getStatusCode()).isEqualTo(404))
                .hasMessageContaining("SecretNotFound");
    }

    @Test
    void getSecret_whenVersionDisabled_throws403SecretDisabled() {
        String v1 = kv.setSecret("api-key", "k1");
        kv.disableVersion("api-key", v1);

        assertThatThrownBy(() -> client.getSecret("api-key", v1))
                .isInstanceOf(ResourceModifiedException.class)
                .satisfies(e -> assertThat(((HttpResponseException) e).getResponse().getStatusCode()).isEqualTo(403))
                .hasMessageContaining("SecretDisabled");
    }

    @Test
    void listVersions_with30Versions_pagesThroughNextLinkWithEnabledExpAndNbf() {
        Instant exp = T0.plus(Duration.ofDays(30));
        for (int i = 0; i < 30; i++) {
            kv.setSecret("rotating", "v" + i, SecretAttributes.defaults().expires(exp).notBefore(T0).enabled(i != 3));
        }

        List<SecretProperties> versions = client.listPropertiesOfSecretVersions("rotating").stream().toList();

        assertThat(versions).hasSize(30);
        assertThat(versions).filteredOn(p -> !p.isEnabled()).hasSize(1);
        assertThat(versions).allSatisfy(p -> {
            assertThat(p.getExpiresOn().toInstant()).isEqualTo(exp);
            assertThat(p.getNotBefore().toInstant()).isEqualTo(T0);
            assertThat(p.getVersion()).matches("[0-9a-f]{32}");
        });
        assertThat(kv.calls("GET versions")).isEqualTo(2);
    }

    @Test
    void listSecrets_pagesWithoutValuesOrVersions() {
        for (int i = 0; i < 27; i++) {
            kv.setSecret("s" + i, "x");
        }

        List<SecretProperties> all = client.listPropertiesOfSecrets().stream().toList();

        assertThat(all).hasSize(27);
        assertThat(all).allSatisfy(p -> assertThat(p.getVersion()).isNull());
        assertThat(kv.calls("LIST secrets")).isEqualTo(2);
    }

    @Test
    void setSecret_throughSdk_storesContentTypeTagsExpAndNbf() {
        Instant exp = T0.plus(Duration.ofDays(1));
        KeyVaultSecret secret = new KeyVaultSecret("new-one", "val");
        secret.getProperties().setContentType("text/plain").setTags(Map.of("env", "prod"))
                .setExpiresOn(exp.atOffset(ZoneOffset.UTC)).setNotBefore(T0.atOffset(ZoneOffset.UTC));

        KeyVaultSecret created = client.setSecret(secret);
        KeyVaultSecret read = client.getSecret("new-one");

        assertThat(read.getValue()).isEqualTo("val");
        assertThat(read.getProperties().getVersion()).isEqualTo(created.getProperties().getVersion());
        assertThat(read.getProperties().getContentType()).isEqualTo("text/plain");
        assertThat(read.getProperties().getTags()).containsEntry("env", "prod");
        assertThat(read.getProperties().getExpiresOn().toInstant()).isEqualTo(exp);
        assertThat(read.getProperties().getNotBefore().toInstant()).isEqualTo(T0);
        assertThat(kv.calls("PUT secret")).isEqualTo(1);
    }

    @Test
    void setSecret_whenNameSoftDeleted_throws409ObjectIsDeletedButRecoverable() {
        kv.setSecret("gone", "x");
        kv.deleteSecret("gone");

        assertThatThrownBy(() -> client.setSecret("gone", "y"))
                .isInstanceOf(HttpResponseException.class)
                .satisfies(e -> assertThat(((HttpResponseException) e).getResponse().getStatusCode()).isEqualTo(409))
                .hasMessageContaining("ObjectIsDeletedButRecoverable");
        assertThatThrownBy(() -> client.getSecret("gone")).isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void getSecret_whenThrottledOnce_sdkRetriesAndSucceeds() {
        kv.setSecret("hot", "v");
        kv.faults().add(KvFault.throttle(Duration.ZERO).on("GET secret").times(1));

        assertThat(client.getSecret("hot").getValue()).isEqualTo("v");
        assertThat(kv.calls("GET secret")).isEqualTo(2);
    }

    @Test
    void getSecret_whenStatus500Always_sdkGivesUpAfterItsRetries() {
        kv.setSecret("flaky", "v");
        kv.faults().add(KvFault.status(500).on("GET secret"));

        assertThatThrownBy(() -> client.getSecret("flaky"))
                .isInstanceOf(HttpResponseException.class)
                .satisfies(e -> assertThat(((HttpResponseException) e).getResponse().getStatusCode()).isEqualTo(500));
        assertThat(kv.calls("GET secret")).isEqualTo(3);
    }

    @Test
    void getSecret_withVerificationOnByDefault_refusesLoopbackChallengeResource() throws Exception {
        kv.setSecret("x", "v");
        SecretClient strict = client(false);

        assertThatThrownBy(() -> strict.getSecret("x"))
                .hasMessageContaining("does not match the requested domain");
        assertThat(kv.calls("token")).isZero();
    }

    @Test
    void calls_afterReset_startFromZero() {
        kv.setSecret("a", "v");
        client.getSecret("a");
        kv.resetCalls();

        client.getSecret("a");

        assertThat(kv.calls()).isEqualTo(Map.of("GET secret", 1));
        assertThat(kv.toString()).doesNotContain("v\"");
        assertThat(kv.calls().entrySet().stream().map(Map.Entry::getKey).collect(Collectors.joining()))
                .doesNotContain("challenge");
    }
}
