package dev.secrets4j.spring.boot.autoconfigure.rotation;

import com.zaxxer.hikari.HikariDataSource;
import dev.secrets4j.Secrets;
import dev.secrets4j.testing.InMemorySecretProvider;
import dev.secrets4j.testing.LeakCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hikari rotation auto-configuration on an in-memory H2 database (no sockets: the TCP case is
 * {@code HikariPasswordRotationIT}): which secret it follows, which pools it touches, its switches.
 */
class Secrets4jHikariRotationAutoConfigurationTest {

    @RegisterExtension
    final LeakCheck leaks = LeakCheck.create();

    private final String v1 = leaks.canary("canary-hikari-db-password-v1-1111");
    private final String v2 = leaks.canary("canary-hikari-db-password-v2-2222");
    private final InMemorySecretProvider memory = InMemorySecretProvider.create();

    private ApplicationContextRunner runner() {
        memory.set("DB_PASSWORD", v1);
        Secrets secrets = Secrets.builder().provider(memory).require("DB_PASSWORD").listenerExecutor(Runnable::run).build();
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
                        Secrets4jHikariRotationAutoConfiguration.class))
                .withInitializer(ctx -> ctx.getEnvironment().getPropertySources().addLast(new SecretsPropertySource(secrets)))
                .withBean(Secrets.class, () -> secrets)
                .withPropertyValues("spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
                        "spring.datasource.username=sa", "spring.datasource.hikari.maximum-pool-size=2");
    }

    private void rotate(Secrets secrets, DataSource ds) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("ALTER USER SA SET PASSWORD '" + v2 + "'");
        }
        memory.set("DB_PASSWORD", v2);
        secrets.refresh("DB_PASSWORD");
    }

    private static int sessionId(DataSource ds) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT SESSION_ID()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void change_whenPasswordPropertyRefersToSecret_setsNewPasswordAndEvicts() {
        runner().withPropertyValues("spring.datasource.password=${DB_PASSWORD}").run(ctx -> {
            HikariDataSource pool = ctx.getBean(HikariDataSource.class);
            assertThat(ctx.getBean(HikariPasswordRotation.class).passwordSecret()).contains("DB_PASSWORD");
            int before = sessionId(pool);

            rotate(ctx.getBean(Secrets.class), pool);

            assertThat(pool.getPassword()).isEqualTo(v2);
            assertThat(sessionId(pool)).isNotEqualTo(before);
            assertThat(leaks.capturedLines()).anyMatch(l -> l.contains("now logs in with secret 'DB_PASSWORD'"));
        });
    }

    @Test
    void change_whenSecretNamedByProperty_followsThatSecret() {
        runner().withPropertyValues("spring.datasource.password=" + v1,
                "secrets4j.rotation.datasource.password-secret=DB_PASSWORD").run(ctx -> {
            HikariDataSource pool = ctx.getBean(HikariDataSource.class);
            sessionId(pool);

            rotate(ctx.getBean(Secrets.class), pool);

            assertThat(pool.getPassword()).isEqualTo(v2);
        });
    }

    @Test
    void change_whenPoolUsesAnotherPassword_leavesPoolAlone() {
        String other = leaks.canary("canary-hikari-other-password-3333");
        runner().withPropertyValues("spring.datasource.password=" + other,
                "secrets4j.rotation.datasource.password-secret=DB_PASSWORD").run(ctx -> {
            HikariDataSource pool = ctx.getBean(HikariDataSource.class);

            memory.set("DB_PASSWORD", v2);
            ctx.getBean(Secrets.class).refresh("DB_PASSWORD");

            assertThat(pool.getPassword()).isEqualTo(other);
        });
    }

    @Test
    void noSecretForPassword_followsNothing() {
        runner().withPropertyValues("spring.datasource.password=literal-password").run(ctx ->
                assertThat(ctx.getBean(HikariPasswordRotation.class).passwordSecret()).isEmpty());
    }

    @Test
    void disabled_orWithoutHikari_orWithUserBean_configuresNoRotation() {
        runner().withPropertyValues("secrets4j.rotation.datasource.enabled=false")
                .run(ctx -> assertThat(ctx).doesNotHaveBean(HikariPasswordRotation.class));
        runner().withClassLoader(new FilteredClassLoader(HikariDataSource.class))
                .withConfiguration(AutoConfigurations.of(Secrets4jHikariRotationAutoConfiguration.class))
                .run(ctx -> assertThat(ctx).doesNotHaveBean(HikariPasswordRotation.class));
        runner().withBean("secrets4jHikariPasswordRotation", String.class, () -> "mine")
                .run(ctx -> assertThat(ctx).doesNotHaveBean(HikariPasswordRotation.class));
    }
}
