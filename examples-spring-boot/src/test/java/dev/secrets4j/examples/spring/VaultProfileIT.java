package dev.secrets4j.examples.spring;

import dev.secrets4j.testing.LeakCheck;
import dev.secrets4j.testing.vault.VaultEmulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Boots the example with the profile {@code vault} against an in-process Vault on loopback
 * (the emulator from secrets4j-test-support), configured as the profile's documentation says,
 * and checks that the secrets come from Vault and that no value or token is shown or logged.
 */
@ExtendWith(OutputCaptureExtension.class)
class VaultProfileIT {

    @RegisterExtension
    static final LeakCheck leaks = LeakCheck.create();

    private static final String DB_PASSWORD = leaks.canary("canary-vault-db-password-0123456789ab");
    private static final String API_KEY = leaks.canary("canary-vault-api-key-abcdefghijklmnopqr");

    private static VaultEmulator vault;
    private static ConfigurableApplicationContext application;
    private static int port;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void boot() {
        vault = VaultEmulator.builder().build().start();
        vault.putKv("secret", "example/DB_PASSWORD", Map.of("value", DB_PASSWORD));
        vault.putKv("secret", "example/API_KEY", Map.of("value", API_KEY));
        String token = vault.rootToken();
        if (token.length() >= 8) {
            leaks.canary(token);
        }
        // What VAULT_ADDR, VAULT_PATH_PREFIX and VAULT_ALLOW_INSECURE_HTTP set in application-vault.yml;
        // the token is given as an option because a test cannot set VAULT_TOKEN.
        application = new SpringApplicationBuilder(ExampleApplication.class)
                .profiles("vault")
                .run("--secrets4j.providers.vault.address=" + vault.address(),
                        "--secrets4j.providers.vault.path-prefix=example/",
                        "--secrets4j.providers.vault.allow-insecure-http=true",
                        "--secrets4j.providers.vault.token=" + token,
                        "--server.port=0",
                        "--spring.datasource.url=jdbc:h2:mem:vault-it;DB_CLOSE_DELAY=-1");
        port = application.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
    }

    @AfterAll
    static void stop() {
        if (application != null) {
            application.close();
        }
        if (vault != null) {
            vault.close();
        }
    }

    @Test
    void hello_withVaultProfile_servesSecretsFromVaultWithoutValues() throws Exception {
        HttpResponse<String> response = get("/hello");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("Secret[API_KEY", "from vault", "****", "connected as APP");
        assertThat(vault.requests("GET", "secret/data/example/")).isNotEmpty();
        leaks.assertNoLeak(response.body());
    }

    @Test
    void health_withVaultProfile_isUpAndShowsNoValue() throws Exception {
        HttpResponse<String> response = get("/actuator/health");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"status\":\"UP\"", "\"secrets4j\"");
        leaks.assertNoLeak(response.body());
    }

    @Test
    void log_withVaultProfile_holdsNoValueNorToken(CapturedOutput output) {
        assertThat(output.getAll()).contains("Tomcat started on port", "providers [vault]");
        leaks.assertNoLeak(output.getAll());
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(10)).GET().build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
