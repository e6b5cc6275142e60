package dev.secrets4j.spring.boot.autoconfigure.core;

import dev.secrets4j.Secrets;
import dev.secrets4j.spring.boot.autoconfigure.core.config.SecretsConfigDataLoader;
import dev.secrets4j.spring.boot.autoconfigure.core.config.SecretsPropertySource;
import dev.secrets4j.spring.boot.autoconfigure.core.it.ImportTestApplication;
import dev.secrets4j.testing.LeakCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code spring.config.import=secrets4j:} in a real application on a random port: placeholders
 * resolve through secrets4j, the application context gets the imported {@code Secrets}, and no
 * secret value shows in {@code /actuator/env}, {@code /actuator/configprops} or the logs, even
 * with {@code show-values: always}.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(classes = ImportTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "spring.config.import=secrets4j:",
                "secrets4j.providers.docker.paths=" + ConfigImportIT.SECRETS_DIR,
                "secrets4j.required=DB_PASSWORD,API_KEY",
                "secrets4j.optional=NOT_THERE",
                "spring.datasource.url=jdbc:h2:mem:import-it",
                "spring.datasource.username=sa",
                "spring.datasource.password=${DB_PASSWORD}",
                "app.client.url=https://api.example.com/?key=${API_KEY}",
                "management.endpoints.web.exposure.include=env,configprops,health",
                "management.endpoint.env.show-values=always",
                "management.endpoint.configprops.show-values=always",
                "logging.level.dev.secrets4j=TRACE",
                "logging.level.org.springframework.boot.context.config=TRACE",
                "logging.level.org.springframework.core.env=DEBUG",
                "logging.config=classpath:logback-all-levels.xml"
        })
class ConfigImportIT {

    static final String SECRETS_DIR = "target/secrets4j-it/config-import";
    static final String DB_PASSWORD = "canary-import-db-password-4e7f1c";
    static final String API_KEY = "canary-import-api-key-93bd20";

    static {
        write("DB_PASSWORD", DB_PASSWORD);
        write("API_KEY", API_KEY);
    }

    @RegisterExtension
    final LeakCheck leaks = LeakCheck.create();

    @LocalServerPort
    int port;

    @Autowired
    ConfigurableApplicationContext context;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void placeholders_resolveThroughSecrets4j() {
        leaks.canary(DB_PASSWORD);
        ConfigurableEnvironment env = context.getEnvironment();
        assertThat(env.getProperty("spring.datasource.password")).isEqualTo(DB_PASSWORD);
        assertThat(env.getProperty("app.client.url")).endsWith(API_KEY);
        assertThat(env.getProperty("NOT_THERE")).isNull();
        assertThat(env.getProperty("server.port.nope")).isNull();
    }

    @Test
    void propertySource_isNotEnumerable_andTheBeanIsTheImportedInstance() {
        ConfigurableEnvironment env = context.getEnvironment();
        assertThat(env.getPropertySources().get(SecretsPropertySource.NAME))
                .isInstanceOf(SecretsPropertySource.class).isNotInstanceOf(EnumerablePropertySource.class);
        SecretsPropertySource source = (SecretsPropertySource) env.getPropertySources().get(SecretsPropertySource.NAME);
        assertThat(context.getBeansOfType(Secrets.class)).containsOnlyKeys(SecretsConfigDataLoader.BEAN_NAME);
        assertThat(context.getBean(Secrets.class)).isSameAs(source.getSource());
        assertThat(context.getBean(ImportTestApplication.SecretUser.class).secrets()).isSameAs(source.getSource());
    }

    @Test
    void actuatorEnv_masksEverySecretValue_evenWithShowValuesAlways() {
        leaks.canary(DB_PASSWORD);
        leaks.canary(API_KEY);
        String env = get("/actuator/env");
        assertThat(env).contains("spring.datasource.url").contains("jdbc:h2:mem:import-it")   // show-values works
                .contains("\"spring.datasource.password\"").contains("******")
                .doesNotContain("\"name\":\"secrets4j\"")
                .doesNotContain(DB_PASSWORD).doesNotContain(API_KEY);
        String entry = get("/actuator/env/spring.datasource.password");
        assertThat(entry).contains("******").doesNotContain(DB_PASSWORD);
        String direct = get("/actuator/env/DB_PASSWORD");
        assertThat(direct).contains("secrets4j").contains("******").doesNotContain(DB_PASSWORD);
        String url = get("/actuator/env/app.client.url");
        assertThat(url).contains("******").doesNotContain(API_KEY);
        leaks.assertNoLeak(env + entry + direct + url);
    }

    @Test
    void actuatorConfigprops_masksBoundSecretValues() {
        leaks.canary(DB_PASSWORD);
        leaks.canary(API_KEY);
        String configprops = get("/actuator/configprops");
        assertThat(configprops).contains("spring.datasource").contains("jdbc:h2:mem:import-it")
                .contains("secrets4j").doesNotContain(DB_PASSWORD).doesNotContain(API_KEY);
        leaks.assertNoLeak(configprops);
    }

    @Test
    void startupLogs_holdNoSecretValue(CapturedOutput output) {
        leaks.canary(DB_PASSWORD);
        leaks.canary(API_KEY);
        assertThat(output.getAll()).contains("Started ").contains("secrets4j: imported 3 declared secrets")
                .doesNotContain(DB_PASSWORD).doesNotContain(API_KEY);
        get("/actuator/env");
        get("/actuator/configprops");
        assertThat(output.getAll()).doesNotContain(DB_PASSWORD).doesNotContain(API_KEY);
    }

    private String get(String path) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as("status of GET %s", path).isEqualTo(200);
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void write(String name, String value) {
        try {
            Path dir = Files.createDirectories(Path.of(SECRETS_DIR));
            Path file = dir.resolve(name);
            Files.writeString(file, value);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> canaries() {
        return List.of(DB_PASSWORD, API_KEY);
    }
}
