package dev.secrets4j.testing.aws;

import dev.secrets4j.testing.FakeTime;
import dev.secrets4j.testing.LeakCheck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Exact awsJson1_1 wire shapes, checked with plain HTTP requests signed by the SDK's own SigV4 signer. */
class SecretsManagerEmulatorWireIT {

    private static final Instant START = Instant.parse("2026-05-01T10:00:00.123Z");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @RegisterExtension
    final LeakCheck leaks = LeakCheck.create();

    private final FakeTime time = FakeTime.startingAt(START);
    private final HttpClient http = HttpClient.newHttpClient();
    private SecretsManagerEmulator aws;

    @BeforeEach
    void start() {
        aws = SecretsManagerEmulator.builder().clock(time.clock()).credentials("AKIDWIRE", "wire-secret").build().start();
    }

    @AfterEach
    void stop() {
        aws.close();
    }

    @Test
    void getSecretValue_answersJson11WithEpochSecondNumbers() throws Exception {
        String arn = aws.createSecret("app/db", leaks.canary("{\"password\":\"canary-wire-1\"}"));

        HttpResponse<String> r = post("GetSecretValue", "{\"SecretId\":\"app/db\"}", "AKIDWIRE", "wire-secret",
                "application/x-amz-json-1.1");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValue("application/x-amz-json-1.1");
        assertThat(r.headers().firstValue("x-amzn-requestid")).isPresent();
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.propertyNames()).containsExactlyInAnyOrder("ARN", "Name", "VersionId", "SecretString",
                "VersionStages", "CreatedDate");
        assertThat(body.get("ARN").asString()).isEqualTo(arn);
        assertThat(body.get("CreatedDate").isNumber()).isTrue();
        assertThat(body.get("CreatedDate").decimalValue()).isEqualByComparingTo(new BigDecimal("1777629600.123"));
    }

    @Test
    void describeAndList_useTheirOwnVersionMapNames_andOmitUnsetFields() throws Exception {
        aws.createSecret("app/db", leaks.canary("canary-wire-2"));

        JsonNode d = JSON.readTree(post("DescribeSecret", "{\"SecretId\":\"app/db\"}", "AKIDWIRE", "wire-secret",
                "application/x-amz-json-1.1").body());
        JsonNode l = JSON.readTree(post("ListSecrets", "{}", "AKIDWIRE", "wire-secret",
                "application/x-amz-json-1.1").body());

        assertThat(d.has("VersionIdsToStages")).isTrue();
        assertThat(d.has("RotationEnabled")).isFalse();
        assertThat(d.has("DeletedDate")).isFalse();
        assertThat(d.get("CreatedDate").isNumber()).isTrue();
        JsonNode entry = l.get("SecretList").get(0);
        assertThat(entry.has("SecretVersionsToStages")).isTrue();
        assertThat(entry.has("VersionIdsToStages")).isFalse();
    }

    @Test
    void errors_are400WithTypeAndMessage() throws Exception {
        assertError(post("GetSecretValue", "{\"SecretId\":\"missing\"}", "AKIDWIRE", "wire-secret",
                "application/x-amz-json-1.1"), 400, "ResourceNotFoundException");
        assertError(post("FrobnicateSecret", "{}", "AKIDWIRE", "wire-secret", "application/x-amz-json-1.1"),
                400, "UnknownOperationException");
        assertError(post("GetSecretValue", "{}", "AKIDOTHER", "wire-secret", "application/x-amz-json-1.1"),
                400, "UnrecognizedClientException");
        assertError(post("GetSecretValue", "{\"SecretId\":\"x\"}", "AKIDWIRE", "wire-secret", "application/json"),
                400, "UnknownOperationException");
        HttpResponse<String> unsigned = http.send(HttpRequest.newBuilder(aws.endpoint())
                .header("X-Amz-Target", "secretsmanager.GetSecretValue")
                .header("Content-Type", "application/x-amz-json-1.1")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertError(unsigned, 400, "MissingAuthenticationTokenException");
        assertThat(aws.calls("GetSecretValue")).isEqualTo(4);
    }

    @Test
    void malformedBody_isSerializationException_withoutEchoingIt() throws Exception {
        String canary = leaks.canary("canary-wire-body-3");

        HttpResponse<String> r = post("PutSecretValue", "{\"SecretString\":\"" + canary, "AKIDWIRE", "wire-secret",
                "application/x-amz-json-1.1");

        assertError(r, 400, "SerializationException");
        assertThat(r.body()).doesNotContain(canary);
        assertThat(aws.requests()).singleElement().satisfies(c -> {
            assertThat(c.operation()).isEqualTo("PutSecretValue");
            assertThat(c.secretIds()).isEmpty();
            assertThat(c.toString()).doesNotContain(canary);
        });
    }

    private void assertError(HttpResponse<String> r, int status, String type) throws IOException {
        assertThat(r.statusCode()).isEqualTo(status);
        assertThat(r.headers().firstValue("content-type")).hasValue("application/x-amz-json-1.1");
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.get("__type").asString()).isEqualTo(type);
        assertThat(body.get("Message").asString()).isNotBlank();
    }

    private HttpResponse<String> post(String operation, String json, String akid, String secret, String contentType)
            throws IOException, InterruptedException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        URI endpoint = aws.endpoint();
        SdkHttpRequest unsigned = SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(endpoint.resolve("/"))
                .putHeader("Content-Type", contentType)
                .putHeader("X-Amz-Target", "secretsmanager." + operation).build();
        SignedRequest signed = AwsV4HttpSigner.create().sign(s -> s
                .identity(AwsCredentialsIdentity.create(akid, secret))
                .request(unsigned)
                .payload(ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "secretsmanager"));
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint.resolve("/"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        for (Map.Entry<String, List<String>> h : signed.request().headers().entrySet()) {
            if (!h.getKey().equalsIgnoreCase("host")) {
                h.getValue().forEach(v -> request.header(h.getKey(), v));
            }
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
