package dev.secrets4j.testing.vault;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/** A plain {@link HttpClient} speaking to the emulator, as a client without the driver would. */
final class VaultHttp {

    static final JsonMapper JSON = JsonMapper.builder().build();

    /** One answer: status, exact Content-Type header, raw body and the body parsed (null when empty or not JSON). */
    record Answer(int status, Optional<String> contentType, String text) {
        JsonNode json() {
            return text.isEmpty() ? null : JSON.readTree(text);
        }

        JsonNode data() {
            return json().get("data");
        }
    }

    private final HttpClient client;
    private final URI base;
    private String token;
    private String namespace;

    VaultHttp(VaultEmulator vault, String token) {
        this(vault, token, HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build());
    }

    VaultHttp(VaultEmulator vault, String token, HttpClient client) {
        this.client = client;
        this.base = vault.address();
        this.token = token;
    }

    VaultHttp token(String token) {
        this.token = token;
        return this;
    }

    VaultHttp namespace(String namespace) {
        this.namespace = namespace;
        return this;
    }

    Answer get(String path) throws IOException, InterruptedException {
        return send("GET", path, null, null);
    }

    Answer post(String path, String json) throws IOException, InterruptedException {
        return send("POST", path, json, null);
    }

    Answer put(String path, String json) throws IOException, InterruptedException {
        return send("PUT", path, json, null);
    }

    Answer delete(String path) throws IOException, InterruptedException {
        return send("DELETE", path, null, null);
    }

    Answer list(String path) throws IOException, InterruptedException {
        return send("LIST", path, null, null);
    }

    Answer send(String method, String path, String json, String contentType) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve("/v1/" + path)).timeout(Duration.ofSeconds(10))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8))
                .header("X-Vault-Request", "true");
        if (token != null) {
            b.header("X-Vault-Token", token);
        }
        if (namespace != null) {
            b.header("X-Vault-Namespace", namespace);
        }
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r.headers().firstValue("Content-Type"), r.body());
    }
}
