package dev.secrets4j.examples.spring;

import dev.secrets4j.Secrets;
import dev.secrets4j.testing.LeakCheck;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Boots the example on a random port against a temporary secrets folder holding canary values,
 * and checks over real HTTP that it works and that no value reaches a response or a log line.
 *
 * <p>The application is started as a user starts it, with command-line arguments: the secrets
 * are resolved while Spring Boot loads its configuration, before any test-context property
 * source ({@code @DynamicPropertySource}) would be there.
 */
@ExtendWith(OutputCaptureExtension.class)
class ExampleApplicationIT {

    @RegisterExtension
    static final LeakCheck leaks = LeakCheck.create();

    private static final String DB_PASSWORD = leaks.canary("canary-example-db-password-0123456789");
    private static final String API_KEY = leaks.canary("canary-example-api-key-v1-abcdefghijklmnop");
    private static final String API_KEY_ROTATED = leaks.canary("canary-example-api-key-v2-qrstuvwxyzABCDEF");
    private static final String DB_PASSWORD_ROTATED = leaks.canary("canary-example-db-password-v2-9876543210");
    private static final String DATABASE_URL = "jdbc:h2:mem:example-it;DB_CLOSE_DELAY=-1";

    @TempDir
    static Path secretsFolder;

    private static ConfigurableApplicationContext application;
    private static int port;
    private static Secrets secrets;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void boot() throws IOException {
        PrivateFiles.create(secretsFolder.resolve("DB_PASSWORD"), DB_PASSWORD.getBytes(StandardCharsets.US_ASCII));
        PrivateFiles.create(secretsFolder.resolve("API_KEY"), API_KEY.getBytes(StandardCharsets.US_ASCII));
        application = new SpringApplicationBuilder(ExampleApplication.class)
                .run("--secrets4j.providers.docker.paths=" + secretsFolder, "--server.port=0",
                        // H2 keeps a named in-memory database for the JVM: one per test class
                        "--spring.datasource.url=" + DATABASE_URL);
        port = application.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
        secrets = application.getBean(Secrets.class);
    }

    @AfterAll
    static void stop() {
        if (application != null) {
            application.close();
        }
    }

    @Test
    void hello_whenBooted_showsMaskedSecretAndDatabaseUserButNoValue() throws Exception {
        HttpResponse<String> response = get("/hello");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("Secret[API_KEY", "from docker", "****", "connected as APP");
        leaks.assertNoLeak(response.body());
    }

    @Test
    void health_whenBooted_isUpAndShowsNoValue() throws Exception {
        HttpResponse<String> response = get("/actuator/health");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"status\":\"UP\"", "\"db\"", "\"secrets4j\"");
        leaks.assertNoLeak(response.body());
    }

    @Test
    void secretsEndpoint_whenBooted_listsNamesAndProvidersButNoValue() throws Exception {
        HttpResponse<String> response = get("/actuator/secrets");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"DB_PASSWORD\"", "\"API_KEY\"", "\"docker\"");
        leaks.assertNoLeak(response.body());
    }

    @Test
    void env_isNotExposedOverHttp() throws Exception {
        HttpResponse<String> response = get("/actuator/env");

        assertThat(response.statusCode()).isEqualTo(404);
        leaks.assertNoLeak(response.body());
    }

    @Test
    void bootLog_holdsNoSecretValue(CapturedOutput output) {
        assertThat(output.getAll()).contains("Tomcat started on port");
        leaks.assertNoLeak(output.getAll());
    }

    @Test
    void apiKeyRotation_whenFileReplaced_isLoggedAndServedWithoutValue(CapturedOutput output) throws Exception {
        String before = secrets.get("API_KEY").version();

        PrivateFiles.replace(secretsFolder.resolve("API_KEY"), API_KEY_ROTATED.getBytes(StandardCharsets.US_ASCII));
        secrets.refresh("API_KEY");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(leaks.capturedLines())
                .anyMatch(l -> l.contains("secret API_KEY changed from version " + before)));
        assertThat(secrets.get("API_KEY").asString().equals(API_KEY_ROTATED)).as("API_KEY serves the new value").isTrue();
        HttpResponse<String> response = get("/hello");
        assertThat(response.statusCode()).isEqualTo(200);
        leaks.assertNoLeak(response.body());
        leaks.assertNoLeak(output.getAll());
    }

    @Test
    void dbPasswordRotation_whenFileReplaced_reachesDatabaseAndPoolWithoutFailedRequest(CapturedOutput output)
            throws Exception {
        assertThat(get("/hello").statusCode()).isEqualTo(200);   // the pool holds connections with the old password

        PrivateFiles.replace(secretsFolder.resolve("DB_PASSWORD"), DB_PASSWORD_ROTATED.getBytes(StandardCharsets.US_ASCII));
        secrets.refresh("DB_PASSWORD");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(output.getAll())
                .contains("database user app now has the password of secret DB_PASSWORD")
                .contains("now logs in with secret 'DB_PASSWORD'"));
        try (Connection connection = DriverManager.getConnection(DATABASE_URL, "app", DB_PASSWORD_ROTATED)) {
            assertThat(connection.isValid(5)).isTrue();
        }
        HttpResponse<String> response = get("/hello");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("connected as APP");
        leaks.assertNoLeak(response.body());
        leaks.assertNoLeak(output.getAll());
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(10)).GET().build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
