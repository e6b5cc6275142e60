package dev.secrets4j.testing.azure;

import com.azure.core.credential.TokenRequestContext;
import com.azure.core.exception.ClientAuthenticationException;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.http.policy.FixedDelayOptions;
import com.azure.core.http.policy.RetryOptions;
import com.azure.identity.ClientSecretCredential;
import com.azure.identity.ClientSecretCredentialBuilder;
import com.azure.security.keyvault.secrets.SecretClient;
import com.azure.security.keyvault.secrets.SecretClientBuilder;
import com.microsoft.aad.msal4j.MsalServiceException;
import dev.secrets4j.testing.LeakCheck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The emulator's Microsoft Entra ID token endpoint: through a real azure-identity ClientSecretCredential (MSAL4J) and
 * the real SecretClient, and on the wire.
 */
class KeyVaultEmulatorIdentityIT {

    private static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String VAULT_SCOPE = "https://vault.azure.net/.default";
    private static final String APP = "5f2b1c9e-0d3a-4c1b-9a57-2e1f6d8c7b40";

    @RegisterExtension
    final LeakCheck leaks = LeakCheck.create();

    private KeyVaultEmulator kv;
    private String appSecret;
    private com.azure.core.http.HttpClient azureHttp;
    private HttpClient http;

    @BeforeEach
    void start() throws Exception {
        // A fresh emulator means a fresh port, so the SDK's JVM-wide challenge cache has nothing for it yet.
        kv = KeyVaultEmulator.builder().clock(Clock.fixed(T0, ZoneOffset.UTC)).tenantId("tenant-1").build().start();
        appSecret = leaks.canary("canary-app-secret-Q8~xv");
        kv.registerClient(APP, appSecret);
        http = HttpClient.newBuilder().sslContext(Tls.trusting(kv.caCertificatePem())).build();
        azureHttp = new JdkHttpClientBuilder(HttpClient.newBuilder().sslContext(Tls.trusting(kv.caCertificatePem()))).build();
    }

    @AfterEach
    void stop() {
        kv.close();
    }

    private ClientSecretCredential credential(String tenant, String clientId, String secret) {
        return new ClientSecretCredentialBuilder()
                .authorityHost(kv.authorityHost().toString())
                .tenantId(tenant)
                .clientId(clientId)
                .clientSecret(secret)
                .disableInstanceDiscovery()
                .httpClient(azureHttp)
                .build();
    }

    private SecretClient client(ClientSecretCredential credential) {
        return new SecretClientBuilder()
                .vaultUrl(kv.vaultUrl().toString())
                .credential(credential)
                .disableChallengeResourceVerification()
                .retryOptions(new RetryOptions(new FixedDelayOptions(2, Duration.ofMillis(10))))
                .httpClient(azureHttp)
                .buildClient();
    }

    @Test
    void getSecret_withClientSecretCredential_getsOneTokenFromTheEmulatorAfterOneChallenge() {
        kv.setSecret("db-password", leaks.canary("canary-db-value-7b1"));
        SecretClient client = client(credential(kv.tenantId(), APP, appSecret));

        String first = client.getSecret("db-password").getValue();
        String second = client.getSecret("db-password").getValue();

        assertThat(first).isEqualTo(second).isEqualTo("canary-db-value-7b1");
        assertThat(kv.calls()).containsEntry("challenge401", 1).containsEntry("token", 1)
                .containsEntry("GET secret", 2).doesNotContainKey("tokenRefused").doesNotContainKey("badToken401");
    }

    /*
     * azure-identity 1.18.2 does not turn MSAL's refusal into a ClientAuthenticationException for this credential:
     * the sync path (SecretClient, getTokenSync) throws RuntimeException(ExecutionException(MsalServiceException)),
     * the async path the MsalServiceException itself. Its message is AAD's error_description.
     */
    @Test
    void getSecret_withWrongClientSecret_throwsMsalServiceExceptionNamingAadsts7000215WithoutTheSecret() {
        kv.setSecret("db-password", "v");
        String wrong = leaks.canary("canary-wrong-secret-3Zp");
        SecretClient client = client(credential(kv.tenantId(), APP, wrong));

        Throwable thrown = catchThrowable(() -> client.getSecret("db-password"));

        assertThat(thrown).isInstanceOf(RuntimeException.class).hasMessageContaining("AADSTS7000215");
        assertThat(thrown).rootCause().isInstanceOfSatisfying(MsalServiceException.class, e -> {
            assertThat(e.getMessage()).startsWith("AADSTS7000215: Invalid client secret provided.").contains(APP);
            assertThat(e.errorCode()).isEqualTo("invalid_client");
            assertThat(e.statusCode()).isEqualTo(401);
        });
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            assertThat(t.getMessage()).doesNotContain(wrong).doesNotContain(appSecret);
        }
        leaks.assertNoLeak(thrown);
        // The SecretClient's retry policy (2 retries here) retries the credential's failure like any other.
        assertThat(kv.calls("tokenRefused")).isEqualTo(3);
        assertThat(kv.calls("token")).isZero();
        assertThat(kv.calls("GET secret")).isZero();
    }

    @Test
    void getToken_forUnknownClient_throwsNamingAadsts700016() {
        ClientSecretCredential stranger = credential(kv.tenantId(), "00000000-1111-2222-3333-444444444444", appSecret);

        assertThatThrownBy(() -> stranger.getTokenSync(new TokenRequestContext().addScopes(VAULT_SCOPE)))
                .rootCause().isInstanceOf(MsalServiceException.class)
                .hasMessageStartingWith("AADSTS700016: Application with identifier '00000000-1111-2222-3333-444444444444'");
        assertThat(kv.calls("tokenRefused")).isEqualTo(1);
    }

    @Test
    void getToken_forAnotherTenant_throwsNamingAadsts90002() {
        ClientSecretCredential elsewhere = credential("tenant-2", APP, appSecret);

        assertThatThrownBy(() -> elsewhere.getTokenSync(new TokenRequestContext().addScopes(VAULT_SCOPE)))
                .rootCause().isInstanceOf(MsalServiceException.class)
                .hasMessageStartingWith("AADSTS90002: Tenant 'tenant-2' not found.");
    }

    @Test
    void getSecret_whenChallengeNamesAnotherTenant_credentialRefusesBeforeAnyTokenRequest() {
        // The challenge names kv's tenant; a credential for another tenant may not follow it unless allowed.
        kv.setSecret("x", "v");
        SecretClient client = client(credential("tenant-2", APP, appSecret));

        assertThatThrownBy(() -> client.getSecret("x")).isInstanceOf(ClientAuthenticationException.class)
                .hasMessageContaining("tenant-1");
        assertThat(kv.calls()).containsEntry("challenge401", 1).doesNotContainKey("token").doesNotContainKey("tokenRefused");
    }

    @Test
    void registerClient_again_replacesTheSecret() {
        String rotated = leaks.canary("canary-rotated-secret-9Kd");
        kv.registerClient(APP, rotated);

        assertThat(credential(kv.tenantId(), APP, rotated).getTokenSync(new TokenRequestContext().addScopes(VAULT_SCOPE))
                .getToken()).isNotBlank();
        assertThatThrownBy(() -> credential(kv.tenantId(), APP, appSecret)
                .getTokenSync(new TokenRequestContext().addScopes(VAULT_SCOPE)))
                .hasMessageContaining("AADSTS7000215");
    }

    @Test
    void registerClient_withBlankIdOrEmptySecret_throwsNamingTheSettingWithoutTheSecret() {
        assertThatThrownBy(() -> kv.registerClient(" ", "x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("clientId");
        assertThatThrownBy(() -> kv.registerClient("app", "")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("secret of 'app'");
    }

    private HttpResponse<String> token(String tenant, String form, String basic) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(kv.authorityHost().resolve(tenant + "/oauth2/v2.0/token"))
                .header("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
                .header("client-request-id", "3c3d6f8e-1f8a-4c36-9a7e-5b0e2e8f1d11")
                .header("return-client-request-id", "true")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (basic != null) {
            b.header("Authorization", "Basic " + basic);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String form(String clientId, String secret, String scope) {
        return "grant_type=client_credentials&client_id=" + clientId + "&client_secret="
                + URLEncoder.encode(secret, StandardCharsets.UTF_8) + "&scope=" + URLEncoder.encode(scope, StandardCharsets.UTF_8);
    }

    @Test
    void tokenEndpoint_forRegisteredClient_answersAadTokenShapeTheVaultAccepts() throws Exception {
        kv.setSecret("wire", "x");

        HttpResponse<String> r = token("tenant-1", form(APP, appSecret, "openid profile offline_access " + VAULT_SCOPE), null);
        JsonNode body = JSON.readTree(r.body());
        HttpResponse<String> read = http.send(HttpRequest.newBuilder(URI.create(kv.vaultUrl() + "/secrets/wire/?api-version=7.6"))
                .header("Authorization", "Bearer " + body.get("access_token").asString()).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
        assertThat(r.headers().firstValue("client-request-id")).hasValue("3c3d6f8e-1f8a-4c36-9a7e-5b0e2e8f1d11");
        assertThat(body.get("token_type").asString()).isEqualTo("Bearer");
        assertThat(body.get("expires_in").asInt()).isEqualTo(3599);
        assertThat(body.get("ext_expires_in").asInt()).isEqualTo(3599);
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(kv.calls()).containsEntry("token", 1).containsEntry("GET secret", 1);
    }

    @Test
    void tokenEndpoint_withClientSecretBasic_issuesAToken() throws Exception {
        String basic = Base64.getEncoder().encodeToString((APP + ":" + URLEncoder.encode(appSecret, StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.UTF_8));

        HttpResponse<String> r = token("tenant-1", "grant_type=client_credentials&scope="
                + URLEncoder.encode(VAULT_SCOPE, StandardCharsets.UTF_8), basic);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(kv.calls("token")).isEqualTo(1);
    }

    @Test
    void tokenEndpoint_withWrongSecret_answers401InvalidClientInTheAadErrorShape() throws Exception {
        String wrong = leaks.canary("canary-wire-wrong-secret-1");

        HttpResponse<String> r = token("tenant-1", form(APP, wrong, VAULT_SCOPE), null);
        JsonNode e = JSON.readTree(r.body());

        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(e.get("error").asString()).isEqualTo("invalid_client");
        assertThat(e.get("error_description").asString())
                .startsWith("AADSTS7000215: Invalid client secret provided.")
                .contains("\r\nTrace ID: " + e.get("trace_id").asString())
                .contains("\r\nCorrelation ID: 3c3d6f8e-1f8a-4c36-9a7e-5b0e2e8f1d11")
                .endsWith("\r\nTimestamp: 2026-05-01 10:00:00Z");
        assertThat(e.get("error_codes").get(0).asInt()).isEqualTo(7000215);
        assertThat(e.get("timestamp").asString()).isEqualTo("2026-05-01 10:00:00Z");
        assertThat(e.get("trace_id").asString()).matches("[0-9a-f-]{36}");
        assertThat(e.get("correlation_id").asString()).isEqualTo("3c3d6f8e-1f8a-4c36-9a7e-5b0e2e8f1d11");
        assertThat(e.get("error_uri").asString()).isEqualTo("https://login.microsoftonline.com/error?code=7000215");
        assertThat(r.body()).doesNotContain(wrong).doesNotContain(appSecret);
        assertThat(kv.calls()).containsEntry("tokenRefused", 1).doesNotContainKey("token");
    }

    @Test
    void tokenEndpoint_refusals_answerTheAadCodeForEachMistake() throws Exception {
        assertRefusal(token("tenant-2", form(APP, appSecret, VAULT_SCOPE), null), 400, "invalid_tenant", 90002);
        assertRefusal(token("tenant-1", form("unknown-app", appSecret, VAULT_SCOPE), null), 400, "unauthorized_client", 700016);
        assertRefusal(token("tenant-1", "grant_type=client_credentials&client_id=" + APP + "&scope=x", null), 401,
                "invalid_client", 7000218);
        assertRefusal(token("tenant-1", form(APP, appSecret, "https://vault.azure.net/secrets.read"), null), 400,
                "invalid_scope", 1002012);
        assertRefusal(token("tenant-1", form(APP, appSecret, "https://storage.azure.com/.default"), null), 400,
                "invalid_resource", 500011);
        assertRefusal(token("tenant-1", "grant_type=password&client_id=" + APP, null), 400, "unsupported_grant_type", 70003);
        assertThat(kv.calls()).containsEntry("tokenRefused", 6).doesNotContainKey("token");
    }

    private static void assertRefusal(HttpResponse<String> r, int status, String error, int code) throws Exception {
        JsonNode e = JSON.readTree(r.body());
        assertThat(r.statusCode()).as("status for %s", error).isEqualTo(status);
        assertThat(e.get("error").asString()).isEqualTo(error);
        assertThat(e.get("error_description").asString()).startsWith("AADSTS" + code + ": ");
        assertThat(e.get("error_codes").get(0).asInt()).isEqualTo(code);
    }
}
