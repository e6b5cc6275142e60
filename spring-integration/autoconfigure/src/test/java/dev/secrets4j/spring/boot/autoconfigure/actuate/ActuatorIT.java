package dev.secrets4j.spring.boot.autoconfigure.actuate;

import dev.secrets4j.testing.LeakCheck;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The actuator over real HTTP on a random port, with {@code spring.config.import=secrets4j:} and
 * a Docker secrets folder: health, the {@code secrets} endpoint and the metrics answer, and no
 * canary value appears in them, in {@code /actuator/env} or {@code /actuator/configprops}
 * (values shown), or in the log.
 */
class ActuatorIT {

    @RegisterExtension
    static final LeakCheck leaks = LeakCheck.create();

    private static final String DB_PASSWORD = leaks.canary("canary-actuator-db-password-1111");
    private static final String API_KEY = leaks.canary("canary-actuator-api-key-2222");

    @TempDir
    static Path secretsDir;

    private static ConfigurableApplicationContext app;
    private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static int port;

    @BeforeAll
    static void start() throws IOException {
        // See HikariPasswordRotationIT: Boot's logback system cannot run against the logback-core the BOM brings.
        System.setProperty(LoggingSystem.SYSTEM_PROPERTY, LoggingSystem.NONE);
        write("DB_PASSWORD", DB_PASSWORD);
        write("API_KEY", API_KEY);
        app = new SpringApplicationBuilder(App.class).properties(
                "spring.config.import=secrets4j:",
                "secrets4j.providers.docker.paths=" + secretsDir,
                "secrets4j.required=DB_PASSWORD,API_KEY",
                "app.api-key=${API_KEY}",
                "management.endpoints.web.exposure.include=health,secrets,metrics,env,configprops",
                "management.endpoint.health.show-details=always",
                "management.endpoint.env.show-values=always",
                "management.endpoint.configprops.show-values=always",
                "server.port=0").run();
        port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
    }

    @AfterAll
    static void stop() {
        System.clearProperty(LoggingSystem.SYSTEM_PROPERTY);
        if (app != null) {
            app.close();
        }
    }

    private static void write(String name, String value) throws IOException {
        Path file = Files.writeString(secretsDir.resolve(name), value);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        leaks.assertNoLeak(r.body());
        return r;
    }

    @Test
    void health_showsProvidersAndCounts_withoutNamesOrValues() throws Exception {
        HttpResponse<String> r = get("/actuator/health/secrets4j");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"status\":\"UP\"").contains("\"docker\"").contains("\"problems\":0")
                .contains("\"warnings\":0").doesNotContain("DB_PASSWORD").doesNotContain("API_KEY");
    }

    @Test
    void secretsEndpoint_listsNamesVersionsAndTimes_withoutValues() throws Exception {
        HttpResponse<String> all = get("/actuator/secrets");

        assertThat(all.statusCode()).isEqualTo(200);
        assertThat(all.body()).contains("\"name\":\"DB_PASSWORD\"").contains("\"name\":\"API_KEY\"")
                .contains("\"provider\":\"docker\"").contains("\"fetchedAt\":\"").contains("\"age\":")
                .contains("\"stale\":false");
    }

    @Test
    void metrics_publishBackendCallsAndCacheCounters() throws Exception {
        HttpResponse<String> calls = get("/actuator/metrics/secrets4j.backend.calls");
        HttpResponse<String> gets = get("/actuator/metrics/secrets4j.cache.gets");

        assertThat(calls.statusCode()).isEqualTo(200);
        assertThat(calls.body()).contains("\"provider\"").contains("docker").contains("\"outcome\"");
        assertThat(gets.statusCode()).isEqualTo(200);
        assertThat(get("/actuator/metrics/secrets4j.backend.since.last.success").statusCode()).isEqualTo(200);
    }

    @Test
    void envAndConfigprops_showNoSecretValue() throws Exception {
        assertThat(get("/actuator/env").statusCode()).isEqualTo(200);
        assertThat(get("/actuator/configprops").statusCode()).isEqualTo(200);
        assertThat(get("/actuator/env/app.api-key").body()).doesNotContain(API_KEY);
    }

    /** Security is on the test class path for the JWT tests; this application does without it. */
    @SpringBootConfiguration
    @EnableAutoConfiguration(excludeName = {
            "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
            "org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet.OAuth2ResourceServerAutoConfiguration"})
    static class App {
    }
}
