package dev.secrets4j.testing.azure;

import com.azure.core.credential.TokenRequestContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The emulator's raw HTTP answers, checked byte for byte where the SDK depends on them. */
class KeyVaultEmulatorWireIT {

    private static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static KeyVaultEmulator kv;
    private static HttpClient http;
    private static String token;

    @BeforeAll
    static void start() throws Exception {
        kv = KeyVaultEmulator.builder().clock(Clock.fixed(T0, ZoneOffset.UTC)).tenantId("tenant-1").build().start();
        http = HttpClient.newBuilder().sslContext(Tls.trusting(kv.caCertificatePem())).build();
        token = kv.credential().getTokenSync(new TokenRequestContext().addScopes("https://vault.azure.net/.default")).getToken();
    }

    @AfterAll
    static void stop() {
        kv.close();
    }

    @AfterEach
    void clearFaults() {
        kv.faults().clear();
    }

    private HttpResponse<String> send(String method, String pathAndQuery, String body, boolean auth) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(kv.vaultUrl() + pathAndQuery))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (auth) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void request_withoutAuthorization_gets401BearerChallengeNamingTheEmulatorAsAuthority() throws Exception {
        HttpResponse<String> r = send("GET", "/secrets/any/?api-version=7.6", null, false);

        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue(
                "Bearer authorization=\"" + kv.vaultUrl() + "/tenant-1\", resource=\"https://vault.azure.net\"");
        assertThat(JSON.readTree(r.body()).at("/error/code").asString()).isEqualTo("Unauthorized");
    }

    @Test
    void request_withUnknownToken_gets401() throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create(kv.vaultUrl() + "/secrets/any/?api-version=7.6"))
                .header("Authorization", "Bearer not-issued").build();

        assertThat(http.send(req, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
    }

    @Test
    void request_withoutApiVersion_gets400() throws Exception {
        assertThat(send("GET", "/secrets/any/", null, true).statusCode()).isEqualTo(400);
    }

    @Test
    void get_returnsBundleWithEpochSecondTimesAndVersionedId() throws Exception {
        Instant exp = T0.plus(Duration.ofDays(2));
        String v = kv.setSecret("Wire-Secret", "wire-value", SecretAttributes.defaults().expires(exp).notBefore(T0)
                .contentType("text/plain"));

        JsonNode b = JSON.readTree(send("GET", "/secrets/wire-secret?api-version=7.4", null, true).body());

        assertThat(b.get("value").asString()).isEqualTo("wire-value");
        assertThat(b.get("id").asString()).isEqualTo(kv.vaultUrl() + "/secrets/Wire-Secret/" + v);
        assertThat(b.get("contentType").asString()).isEqualTo("text/plain");
        JsonNode a = b.get("attributes");
        assertThat(a.get("enabled").asBoolean()).isTrue();
        assertThat(a.get("created").isIntegralNumber()).isTrue();
        assertThat(a.get("created").asLong()).isEqualTo(T0.getEpochSecond());
        assertThat(a.get("updated").asLong()).isEqualTo(T0.getEpochSecond());
        assertThat(a.get("exp").asLong()).isEqualTo(exp.getEpochSecond());
        assertThat(a.get("nbf").asLong()).isEqualTo(T0.getEpochSecond());
    }

    @Test
    void get_missing_gets404SecretNotFound() throws Exception {
        HttpResponse<String> r = send("GET", "/secrets/absent/?api-version=7.6", null, true);

        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(r.body()).at("/error/code").asString()).isEqualTo("SecretNotFound");
    }

    @Test
    void get_disabledVersion_gets403ForbiddenWithInnerSecretDisabled() throws Exception {
        String v = kv.setSecret("off", "x");
        kv.disableVersion("off", v);

        HttpResponse<String> r = send("GET", "/secrets/off/" + v + "?api-version=7.6", null, true);

        assertThat(r.statusCode()).isEqualTo(403);
        JsonNode e = JSON.readTree(r.body()).get("error");
        assertThat(e.get("code").asString()).isEqualTo("Forbidden");
        assertThat(e.at("/innererror/code").asString()).isEqualTo("SecretDisabled");
    }

    @Test
    void versions_pageWithAbsoluteNextLinkCarryingApiVersion() throws Exception {
        for (int i = 0; i < 3; i++) {
            kv.setSecret("paged", "v" + i);
        }

        JsonNode p1 = JSON.readTree(send("GET", "/secrets/paged/versions?api-version=7.6&maxresults=2", null, true).body());
        String next = p1.get("nextLink").asString();
        JsonNode p2 = JSON.readTree(send("GET", next.substring(kv.vaultUrl().toString().length()), null, true).body());

        assertThat(p1.get("value")).hasSize(2);
        assertThat(p1.get("value").get(0).has("value")).isFalse();
        assertThat(next).startsWith(kv.vaultUrl() + "/secrets/paged/versions?").contains("api-version=7.6");
        assertThat(p2.get("value")).hasSize(1);
        assertThat(p2.get("nextLink").isNull()).isTrue();
    }

    @Test
    void throttleFault_gets429WithRetryAfterSeconds() throws Exception {
        kv.setSecret("t", "x");
        kv.faults().add(KvFault.throttle(Duration.ofMillis(1500)).on("GET secret").times(1));

        HttpResponse<String> first = send("GET", "/secrets/t/?api-version=7.6", null, true);
        HttpResponse<String> second = send("GET", "/secrets/t/?api-version=7.6", null, true);

        assertThat(first.statusCode()).isEqualTo(429);
        assertThat(first.headers().firstValue("Retry-After")).hasValue("2");
        assertThat(JSON.readTree(first.body()).at("/error/code").asString()).isEqualTo("Throttled");
        assertThat(second.statusCode()).isEqualTo(200);
    }

    @Test
    void badJsonAndHtmlFaults_answerTruncatedJsonAndAGatewayPage() throws Exception {
        kv.setSecret("f", "x");
        kv.faults().add(KvFault.badJson().times(1)).add(KvFault.html().times(1));

        HttpResponse<String> truncated = send("GET", "/secrets/f/?api-version=7.6", null, true);
        HttpResponse<String> html = send("GET", "/secrets/f/?api-version=7.6", null, true);

        assertThat(truncated.statusCode()).isEqualTo(200);
        assertThatThrownBy(() -> JSON.readTree(truncated.body())).isNotNull();
        assertThat(html.statusCode()).isEqualTo(502);
        assertThat(html.headers().firstValue("Content-Type")).hasValue("text/html");
    }

    @Test
    void resetFault_dropsTheConnection() throws Exception {
        kv.setSecret("r", "x");
        // Every GET: the JDK client retries an idempotent request once on a dropped connection.
        kv.faults().add(KvFault.reset().on("GET secret"));

        assertThatThrownBy(() -> send("GET", "/secrets/r/?api-version=7.6", null, true)).isInstanceOf(IOException.class);
        kv.faults().clear();
        assertThat(send("GET", "/secrets/r/?api-version=7.6", null, true).statusCode()).isEqualTo(200);
    }

    @Test
    void softDeleteRecoverAndPurge_followTheDeletedLifecycle() throws Exception {
        kv.setSecret("life", "x");

        assertThat(send("DELETE", "/secrets/life?api-version=7.6", null, true).statusCode()).isEqualTo(200);
        JsonNode deleted = JSON.readTree(send("GET", "/deletedsecrets/life?api-version=7.6", null, true).body());
        assertThat(deleted.get("scheduledPurgeDate").asLong()).isEqualTo(T0.plus(Duration.ofDays(90)).getEpochSecond());
        assertThat(send("PUT", "/secrets/life?api-version=7.6", "{\"value\":\"y\"}", true).statusCode()).isEqualTo(409);
        assertThat(send("POST", "/deletedsecrets/life/recover?api-version=7.6", null, true).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/secrets/life/?api-version=7.6", null, true).statusCode()).isEqualTo(200);
        send("DELETE", "/secrets/life?api-version=7.6", null, true);
        assertThat(send("DELETE", "/deletedsecrets/life?api-version=7.6", null, true).statusCode()).isEqualTo(204);
        assertThat(send("PUT", "/secrets/life?api-version=7.6", "{\"value\":\"y\"}", true).statusCode()).isEqualTo(200);
    }

    @Test
    void credential_forAnotherScope_refuses() {
        assertThatThrownBy(() -> kv.credential().getTokenSync(new TokenRequestContext().addScopes("https://storage.azure.com/.default")))
                .hasMessageContaining("vault.azure.net")
                .hasMessageNotContaining(token);
    }
}
