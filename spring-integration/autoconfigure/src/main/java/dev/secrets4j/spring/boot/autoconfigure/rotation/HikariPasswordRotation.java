package dev.secrets4j.spring.boot.autoconfigure.rotation;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import dev.secrets4j.SecretChange;
import dev.secrets4j.Secrets;
import dev.secrets4j.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.Environment;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Gives HikariCP pools the rotated password of their secret: on a change it sets the new
 * password on every pool that still uses the previous value ({@code HikariConfigMXBean.setPassword})
 * and soft-evicts the pool's connections ({@code HikariPoolMXBean.softEvictConnections()}): idle
 * ones close at once, busy ones when they are returned, and every new connection logs in with the
 * new password. Requests keep the connections they hold, so none fails.
 *
 * <p>The secret is {@code secrets4j.rotation.datasource.password-secret}, or else the one that
 * {@code spring.datasource.password} refers to ({@code ${DB_PASSWORD}}). A pool whose password is
 * not the previous value of the secret is someone else's: it is left alone.
 */
final class HikariPasswordRotation implements SmartInitializingSingleton, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(HikariPasswordRotation.class);
    private static final ConfigurationPropertyName PASSWORD = ConfigurationPropertyName.of("spring.datasource.password");

    private final Secrets secrets;
    private final Environment environment;
    private final ObjectProvider<DataSource> dataSources;
    private final Optional<String> configuredSecret;
    private volatile Subscription subscription;

    HikariPasswordRotation(Secrets secrets, Environment environment, ObjectProvider<DataSource> dataSources,
                           Optional<String> configuredSecret) {
        this.secrets = secrets;
        this.environment = environment;
        this.dataSources = dataSources;
        this.configuredSecret = configuredSecret;
    }

    /** The secret that holds the pool's password, if configured or referred to by {@code spring.datasource.password}. */
    Optional<String> passwordSecret() {
        if (configuredSecret.isPresent()) {
            return configuredSecret;
        }
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
            ConfigurationProperty property = source.getConfigurationProperty(PASSWORD);
            if (property != null) {
                return property.getValue() instanceof CharSequence raw
                        ? Placeholders.soleReference(raw.toString())
                        : Optional.empty();
            }
        }
        return Optional.empty();
    }

    @Override
    public void afterSingletonsInstantiated() {
        Optional<String> name = passwordSecret();
        if (name.isEmpty()) {
            log.debug("no secret holds spring.datasource.password; set secrets4j.rotation.datasource.password-secret "
                    + "for HikariCP pools to follow a rotated password");
            return;
        }
        subscription = secrets.onChange(name.get(), this::apply);
        log.info("HikariCP pools using secret '{}' as their password will follow its rotation", name.get());
    }

    /** Sets the new password on every Hikari pool that used the previous one, and evicts its connections. */
    void apply(SecretChange change) {
        dataSources.orderedStream().forEach(ds -> hikari(ds).ifPresent(pool -> apply(pool, change)));
    }

    private static void apply(HikariDataSource pool, SecretChange change) {
        String password = pool.getPassword();
        if (password == null || !sameValue(password, change.previous().asBytes())) {
            log.debug("HikariCP pool '{}' does not use the previous value of secret '{}'; left alone",
                    pool.getPoolName(), change.name());
            return;
        }
        pool.getHikariConfigMXBean().setPassword(change.current().asString());
        HikariPoolMXBean running = pool.getHikariPoolMXBean();
        if (running != null) {
            running.softEvictConnections();
        }
        log.info("HikariCP pool '{}' now logs in with secret '{}' v{}{}", pool.getPoolName(), change.name(),
                change.current().version(), running == null ? "" : "; its connections were soft-evicted");
    }

    private static boolean sameValue(String password, byte[] previous) {
        return MessageDigest.isEqual(password.getBytes(StandardCharsets.UTF_8), previous);
    }

    private static Optional<HikariDataSource> hikari(DataSource ds) {
        if (ds instanceof HikariDataSource h) {
            return Optional.of(h);
        }
        try {
            return ds.isWrapperFor(HikariDataSource.class) ? Optional.of(ds.unwrap(HikariDataSource.class)) : Optional.empty();
        } catch (SQLException e) {
            return Optional.empty();
        }
    }

    @Override
    public void destroy() {
        Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
    }
}
