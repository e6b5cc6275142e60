package dev.secrets4j.testing.vault;

import dev.secrets4j.testing.LeakCheck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** sys/health states and overrides, the seal, and every injected fault as a plain HTTP client sees it. */
class VaultEmulatorHealthAndFaultsTest {

    @RegisterExtension
    final LeakCheck leaks = LeakCheck.create();

    private VaultEmulator vault;
    private VaultHttp http;

    @BeforeEach
    void start() {
        vault = VaultEmulator.builder().build().start();
        http = new VaultHttp(vault, leaks.canary(vault.rootToken()));
        vault.putKv("secret", "app/db", Map.of("password", leaks.canary("canary-faults-password")));
    }

    @AfterEach
    void stop() {
        vault.close();
    }

    @Test
    void health_statesMapToDocumentedCodesWithTheSameBody() throws Exception {
        int[] expected = {200, 429, 473, 503, 501};
        HealthState[] states = {HealthState.ACTIVE, HealthState.STANDBY, HealthState.PERFORMANCE_STANDBY,
            HealthState.SEALED, HealthState.UNINITIALIZED};
        for (int i = 0; i < states.length; i++) {
            vault.health(states[i]);
            VaultHttp.Answer a = http.token(null).get("sys/health");
            assertThat(a.status()).as(states[i].name()).isEqualTo(expected[i]).isEqualTo(states[i].defaultStatus());
            assertThat(a.contentType()).contains("application/json");
            assertThat(a.json().propertyNames()).contains("initialized", "sealed", "standby", "performance_standby",
                    "replication_performance_mode", "replication_dr_mode", "server_time_utc", "version");
        }
        assertThat(http.get("sys/health").json().get("initialized").booleanValue()).isFalse();
    }

    @Test
    void health_queryOverridesChangeTheCode() throws Exception {
        vault.health(HealthState.STANDBY);
        assertThat(http.get("sys/health?standbyok=true").status()).isEqualTo(200);
        assertThat(http.get("sys/health?standbycode=299").status()).isEqualTo(299);
        vault.health(HealthState.PERFORMANCE_STANDBY);
        assertThat(http.get("sys/health?perfstandbyok=true").status()).isEqualTo(200);
        vault.seal();
        assertThat(http.get("sys/health?sealedcode=200").status()).isEqualTo(200);
        assertThat(http.get("sys/health?sealedcode=200").json().get("sealed").booleanValue()).isTrue();
    }

    @Test
    void health_headHasNoBody() throws Exception {
        VaultHttp.Answer a = http.send("HEAD", "sys/health", null, null);

        assertThat(a.status()).isEqualTo(200);
        assertThat(a.text()).isEmpty();
    }

    @Test
    void sealed_everyNonHealthPathIs503VaultIsSealed() throws Exception {
        vault.seal();

        VaultHttp.Answer read = http.get("secret/data/app/db");
        VaultHttp.Answer lookup = http.get("auth/token/lookup-self");

        assertThat(read.status()).isEqualTo(503);
        assertThat(read.text()).isEqualTo("{\"errors\":[\"Vault is sealed\"]}");
        assertThat(lookup.status()).isEqualTo(503);
        assertThat(http.get("sys/seal-status").json().get("sealed").booleanValue()).isTrue();
        vault.unseal();
        assertThat(http.get("secret/data/app/db").status()).isEqualTo(200);
    }

    @Test
    void statusFault_appliesTimesThenStops() throws Exception {
        vault.faults().add(Fault.status(503, "{\"errors\":[\"Vault is sealed\"]}").on("*", "secret/").times(2));

        assertThat(http.get("secret/data/app/db").status()).isEqualTo(503);
        assertThat(http.get("secret/metadata/app/db").status()).isEqualTo(503);
        assertThat(http.get("secret/data/app/db").status()).isEqualTo(200);
        assertThat(vault.faults().active()).isEmpty();
    }

    @Test
    void statusFault_matchesMethodAndPathPrefixOnly() throws Exception {
        vault.faults().add(Fault.status(429).on("GET", "secret/data/"));

        VaultHttp.Answer hit = http.get("secret/data/app/db");

        assertThat(hit.status()).isEqualTo(429);
        assertThat(hit.text()).contains("rate limit quota exceeded");
        assertThat(http.get("secret/metadata/app/db").status()).isEqualTo(200);
        assertThat(http.post("secret/data/app/db", "{\"data\":{\"k\":\"v\"}}").status()).isEqualTo(200);
        assertThat(vault.requests("GET", "secret/data/")).extracting(RecordedRequest::status).containsExactly(429);
    }

    @Test
    void listFault_matchesGetWithListTrue() throws Exception {
        vault.faults().add(Fault.status(500).on("LIST", "secret/metadata/"));

        assertThat(http.get("secret/metadata/?list=true").status()).isEqualTo(500);
        assertThat(http.get("secret/metadata/app/db").status()).isEqualTo(200);
    }

    @Test
    void latencyFault_delaysThenAnswersNormally() throws Exception {
        vault.faults().add(Fault.latency(Duration.ofMillis(300)).on("GET", "secret/data/").times(1));

        long start = System.nanoTime();
        VaultHttp.Answer a = http.get("secret/data/app/db");
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertThat(a.status()).isEqualTo(200);
        assertThat(tookMillis).isGreaterThanOrEqualTo(300);
    }

    @Test
    void resetFault_clientSeesIOExceptionAndNoStatusIsRecorded() throws Exception {
        vault.faults().add(Fault.resetConnection().on("*", "auth/token/renew-self").times(2));

        assertThatThrownBy(() -> http.post("auth/token/renew-self", "{}")).isInstanceOf(IOException.class);

        assertThat(vault.requests("POST", "auth/token/renew-self")).isNotEmpty()
                .allSatisfy(r -> assertThat(r.status()).isEqualTo(-1));
    }

    @Test
    void resetFault_onGet_jdkClientRetriesOnceSoTwoResetsAreNeededToSeeTheFailure() throws Exception {
        vault.faults().add(Fault.resetConnection().on("GET", "secret/data/").times(1));
        assertThat(http.get("secret/data/app/db").status()).isEqualTo(200);

        vault.faults().add(Fault.resetConnection().on("GET", "secret/data/").times(2));
        assertThatThrownBy(() -> http.get("secret/data/app/db")).isInstanceOf(IOException.class)
                .hasMessageContaining("received no bytes");
    }

    @Test
    void hangFault_blocksUntilClearedThenConnectionCloses() throws Exception {
        vault.faults().add(Fault.hang().on("GET", "sys/health"));
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        CompletableFuture<HttpResponse<String>> pending = client.sendAsync(
                HttpRequest.newBuilder(vault.address().resolve("/v1/sys/health")).build(),
                HttpResponse.BodyHandlers.ofString());

        await().atMost(Duration.ofSeconds(5)).until(() -> vault.faults().hangingRequests() == 1);
        assertThat(pending).isNotDone();
        vault.faults().clear();

        // the held connection closes without an answer; the JDK client retries a GET once, now unfaulted
        assertThat(pending.get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(vault.requests("GET", "sys/health")).extracting(RecordedRequest::status).containsExactly(-1, 200);
        assertThat(vault.faults().hangingRequests()).isZero();
    }

    @Test
    void hangFault_clientWithReadTimeoutTimesOut() {
        vault.faults().add(Fault.hang().on("GET", "secret/"));
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

        assertThatThrownBy(() -> client.send(HttpRequest.newBuilder(vault.address().resolve("/v1/secret/data/app/db"))
                .timeout(Duration.ofMillis(300)).build(), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(HttpTimeoutException.class);
    }

    @Test
    void garbageFault_answersHtmlFromAProxy() throws Exception {
        vault.faults().add(Fault.garbage("<html>bad gateway</html>", "text/html").on("*", "secret/"));

        VaultHttp.Answer a = http.get("secret/data/app/db");

        assertThat(a.status()).isEqualTo(200);
        assertThat(a.contentType()).contains("text/html");
        assertThat(a.text()).isEqualTo("<html>bad gateway</html>");
    }

    @Test
    void garbageFault_withStatus_answersThatStatus() throws Exception {
        vault.faults().add(Fault.garbage(502, "<html>bad gateway</html>", "text/html").on("*", "secret/"));

        assertThat(http.get("secret/data/app/db").status()).isEqualTo(502);
    }

    @Test
    void truncatedJsonFault_isCutInTheMiddle() throws Exception {
        vault.faults().add(Fault.truncatedJson().on("GET", "secret/data/"));

        VaultHttp.Answer a = http.get("secret/data/app/db");

        assertThat(a.contentType()).contains("application/json");
        assertThatThrownBy(a::json).isInstanceOf(JacksonException.class);
    }

    @Test
    void oversizedFault_isValidJsonOfAtLeastTheSize() throws Exception {
        vault.faults().add(Fault.oversized(2_000_000).on("GET", "secret/data/"));

        VaultHttp.Answer a = http.get("secret/data/app/db");

        assertThat(a.text().length()).isGreaterThanOrEqualTo(2_000_000);
        JsonNode body = a.json();
        assertThat(body.has("data")).isTrue();
    }

    @Test
    void requireRequestHeader_rejectsRequestsWithoutItLikeAnAgentListener() throws Exception {
        try (VaultEmulator agent = VaultEmulator.builder().requireRequestHeader(true).build().start()) {
            HttpClient client = HttpClient.newHttpClient();
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(agent.address().resolve("/v1/sys/health"))
                    .build(), HttpResponse.BodyHandlers.ofString());

            assertThat(r.statusCode()).isEqualTo(412);
            assertThat(r.body()).isEqualTo("{\"errors\":[\"missing \\\"X-Vault-Request\\\" header\"]}");
        }
    }

    @Test
    void faultToString_andValidation() {
        assertThat(Fault.status(503).on("*", "secret/").times(2).toString())
                .isEqualTo("Fault[STATUS 503 on * secret/, 2 times]");
        assertThatThrownBy(() -> Fault.status(503).times(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Fault.times");
        assertThatThrownBy(() -> Fault.latency(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
    }
}
