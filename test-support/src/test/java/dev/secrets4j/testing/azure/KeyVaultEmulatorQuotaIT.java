package dev.secrets4j.testing.azure;

import com.azure.core.credential.TokenRequestContext;
import dev.secrets4j.testing.FakeTime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The emulator's service limit: a fixed window of transactions on the injected clock, 429 beyond it. */
class KeyVaultEmulatorQuotaIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final FakeTime time = FakeTime.startingAt(Instant.parse("2026-05-01T10:00:00Z"));
    private KeyVaultEmulator kv;
    private HttpClient http;
    private String token;

    @BeforeEach
    void start() throws Exception {
        kv = KeyVaultEmulator.builder().clock(time.clock()).quota(5, Duration.ofSeconds(10)).build().start();
        http = HttpClient.newBuilder().sslContext(Tls.trusting(kv.caCertificatePem())).build();
        token = kv.credential().getTokenSync(new TokenRequestContext().addScopes("https://vault.azure.net/.default")).getToken();
        kv.setSecret("hot", "v");
    }

    @AfterEach
    void stop() {
        kv.close();
    }

    private HttpResponse<String> get(boolean authenticated) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(kv.vaultUrl() + "/secrets/hot/?api-version=7.6"));
        if (authenticated) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void get_beyondFivePerTenSeconds_answers429WithRetryAfterUntilTheWindowEnds_thenPassesInTheNextWindow() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertThat(get(true).statusCode()).as("GET #%d", i + 1).isEqualTo(200);
            time.advance(Duration.ofSeconds(1));
        }

        HttpResponse<String> sixth = get(true);
        time.advance(Duration.ofMillis(4_500));
        HttpResponse<String> seventh = get(true);
        time.advance(Duration.ofMillis(500));
        HttpResponse<String> nextWindow = get(true);

        assertThat(sixth.statusCode()).isEqualTo(429);
        assertThat(sixth.headers().firstValue("Retry-After")).hasValue("5");
        JsonNode error = JSON.readTree(sixth.body()).get("error");
        assertThat(error.get("code").asString()).isEqualTo("Throttled");
        assertThat(error.get("message").asString()).endsWith("Reason: VaultRequestTypeLimitReached");
        assertThat(seventh.statusCode()).isEqualTo(429);
        assertThat(seventh.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(nextWindow.statusCode()).isEqualTo(200);
        assertThat(kv.calls()).containsEntry("throttled429", 2).containsEntry("GET secret", 6);
    }

    @Test
    void challengesAndTokenRequests_doNotCountAgainstTheQuota() throws Exception {
        kv.registerClient("app", "app-secret");
        for (int i = 0; i < 6; i++) {
            assertThat(get(false).statusCode()).isEqualTo(401);
            HttpRequest tokenRequest = HttpRequest.newBuilder(kv.authorityHost().resolve(kv.tenantId() + "/oauth2/v2.0/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_id=app"
                            + "&client_secret=app-secret&scope=https%3A%2F%2Fvault.azure.net%2F.default")).build();
            assertThat(http.send(tokenRequest, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        }

        for (int i = 0; i < 5; i++) {
            assertThat(get(true).statusCode()).as("GET #%d", i + 1).isEqualTo(200);
        }
        assertThat(get(true).statusCode()).isEqualTo(429);
        assertThat(kv.calls()).containsEntry("challenge401", 6).containsEntry("throttled429", 1);
    }

    @Test
    void quota_withBadArguments_throwsNamingTheSetting() {
        assertThatThrownBy(() -> KeyVaultEmulator.builder().quota(0, Duration.ofSeconds(10)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("quota: transactions").hasMessageContaining("0");
        assertThatThrownBy(() -> KeyVaultEmulator.builder().quota(5, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("quota: window");
    }
}
