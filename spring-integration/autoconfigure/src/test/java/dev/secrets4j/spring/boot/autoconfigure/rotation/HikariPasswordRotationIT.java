package dev.secrets4j.spring.boot.autoconfigure.rotation;

import com.zaxxer.hikari.HikariDataSource;
import dev.secrets4j.Secrets;
import dev.secrets4j.testing.LeakCheck;
import org.h2.tools.Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Rotation reaching the pool, end to end: {@code spring.config.import=secrets4j:} with a Docker
 * secrets folder, {@code spring.datasource.password=${DB_PASSWORD}}, a real HikariCP pool against
 * H2 in server mode over TCP, and HTTP requests that query the database while the test changes the
 * database user's password and the secret. No request fails, and the pool's new connections log
 * in with the new password.
 */
@ExtendWith(OutputCaptureExtension.class)
class HikariPasswordRotationIT {

    @RegisterExtension
    static final LeakCheck leaks = LeakCheck.create();

    private static final String V1 = leaks.canary("canary-it-db-password-v1-1111");
    private static final String V2 = leaks.canary("canary-it-db-password-v2-2222");

    @TempDir
    static Path secretsDir;

    private static Server h2;
    private static Connection holder;
    private static ConfigurableApplicationContext app;
    private static HttpClient http;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        // Boot's logback system fails against the logback-core the Boot BOM brings next to the pinned
        // logback-classic (NoSuchMethodError initCollisionMaps); keep the test logback configuration instead.
        System.setProperty(LoggingSystem.SYSTEM_PROPERTY, LoggingSystem.NONE);
        holder = DriverManager.getConnection("jdbc:h2:mem:rotation;DB_CLOSE_DELAY=-1", "sa", V1);
        h2 = Server.createTcpServer("-tcpPort", "0").start();
        writeSecret(V1);
        app = new SpringApplicationBuilder(App.class).properties(
                "spring.config.import=secrets4j:",
                "secrets4j.providers.docker.paths=" + secretsDir,
                "secrets4j.required=DB_PASSWORD",
                "spring.datasource.url=jdbc:h2:tcp://localhost:" + h2.getPort() + "/mem:rotation",
                "spring.datasource.username=sa",
                "spring.datasource.password=${DB_PASSWORD}",
                "spring.datasource.hikari.maximum-pool-size=4",
                "spring.datasource.hikari.minimum-idle=4",
                "server.port=0").run();
        port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void stop() throws SQLException {
        System.clearProperty(LoggingSystem.SYSTEM_PROPERTY);
        if (app != null) {
            app.close();
        }
        if (h2 != null) {
            h2.stop();
        }
        if (holder != null) {
            holder.close();
        }
    }

    private static void writeSecret(String value) throws IOException {
        Path file = secretsDir.resolve("DB_PASSWORD");
        Path tmp = Files.writeString(secretsDir.resolve(".DB_PASSWORD.tmp"), value);
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    private static int session() throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/session"))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET /session answered " + r.statusCode());
        }
        return Integer.parseInt(r.body().trim());
    }

    @Test
    void rotation_underLoad_failsNoRequest_andNewConnectionsUseTheNewPassword(CapturedOutput output) throws Exception {
        HikariDataSource pool = app.getBean(HikariDataSource.class);
        Set<Integer> before = ConcurrentHashMap.newKeySet();
        for (int i = 0; i < 20; i++) {
            before.add(session());
        }
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger requests = new AtomicInteger();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        Set<Integer> seen = ConcurrentHashMap.newKeySet();
        ExecutorService load = Executors.newFixedThreadPool(3);
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            workers.add(load.submit(() -> {
                while (running.get()) {
                    try {
                        seen.add(session());
                        requests.incrementAndGet();
                    } catch (Exception e) {
                        failures.add(e);
                    }
                }
            }));
        }
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> requests.get() >= 30);
            try (Statement s = holder.createStatement()) {
                s.execute("ALTER USER SA SET PASSWORD '" + V2 + "'");
            }
            writeSecret(V2);
            app.getBean(Secrets.class).refresh("DB_PASSWORD");

            await().atMost(Duration.ofSeconds(10)).until(() -> V2.equals(pool.getPassword()));
            int atRotation = requests.get();
            await().atMost(Duration.ofSeconds(20)).until(() -> requests.get() >= atRotation + 30);
        } finally {
            running.set(false);
            for (Future<?> w : workers) {
                w.get();
            }
            load.shutdown();
        }

        assertThat(failures).isEmpty();
        Set<Integer> after = ConcurrentHashMap.newKeySet();
        for (int i = 0; i < 20; i++) {
            after.add(session());
        }
        assertThat(after).doesNotContainAnyElementsOf(before);
        assertThat(seen).containsAll(after);
        assertThat(canLogIn(V1)).isFalse();
        assertThat(canLogIn(V2)).isTrue();
        assertThat(leaks.capturedLines()).anyMatch(l -> l.contains(
                "HikariCP pool '" + pool.getPoolName() + "' now logs in with secret 'DB_PASSWORD'"));
        leaks.assertNoLeak(output.getAll());
    }

    private static boolean canLogIn(String password) {
        try (Connection c = DriverManager.getConnection("jdbc:h2:tcp://localhost:" + h2.getPort() + "/mem:rotation", "sa", password)) {
            return c.isValid(5);
        } catch (SQLException e) {
            return false;
        }
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
    @Import(SessionController.class)
    static class App {
    }

    @RestController
    static class SessionController {
        private final JdbcTemplate jdbc;

        SessionController(JdbcTemplate jdbc) {
            this.jdbc = jdbc;
        }

        @GetMapping("/session")
        int session() {
            return jdbc.queryForObject("SELECT SESSION_ID()", Integer.class);
        }
    }
}
