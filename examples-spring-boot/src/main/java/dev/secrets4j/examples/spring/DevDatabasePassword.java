package dev.secrets4j.examples.spring;

import dev.secrets4j.SecretChange;
import dev.secrets4j.Secrets;
import dev.secrets4j.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.regex.Pattern;

/**
 * Plays the database's part of a {@code DB_PASSWORD} rotation for the example's in-memory H2
 * database: when the secret changes, it sets the new password on the database user
 * ({@code ALTER USER ... SET PASSWORD ?}) through the pool, still logged in with the old one.
 * The starter then gives the HikariCP pool the new password and soft-evicts its connections.
 *
 * <p>With a real database this class does not exist: operations (or Vault's database secrets
 * engine) changes the password on the database first, then in the secret store. It runs before
 * the starter's pool rotation because its listener is registered first (at bean creation; the
 * pool's after every singleton), and listeners of one secret run in registration order on the
 * listener thread. On with {@code example.dev-database.follow-db-password=true}.
 */
@Component
@ConditionalOnBooleanProperty("example.dev-database.follow-db-password")
class DevDatabasePassword implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(DevDatabasePassword.class);
    private static final Pattern USER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final DataSource dataSource;
    private final String user;
    private final Subscription subscription;

    DevDatabasePassword(Secrets secrets, DataSource dataSource, @Value("${spring.datasource.username}") String user) {
        if (!USER.matcher(user).matches()) {
            throw new IllegalArgumentException("spring.datasource.username '" + user
                    + "' is not a plain SQL identifier; use letters, digits and _ or turn off "
                    + "example.dev-database.follow-db-password");
        }
        this.dataSource = dataSource;
        this.user = user;
        this.subscription = secrets.onChange(DevSecretsFolder.DB_PASSWORD, this::apply);
    }

    private void apply(SecretChange change) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement alter = connection.prepareStatement("ALTER USER " + user + " SET PASSWORD ?")) {
            alter.setString(1, change.current().asString());
            alter.execute();
            log.info("database user {} now has the password of secret {} version {}", user, change.name(),
                    change.current().version());
        } catch (SQLException e) {
            // H2 quotes statement parameters in its messages: log the SQL state only, never the message.
            log.warn("could not set the password of database user {} to secret {} version {}: {} (SQL state {})", user,
                    change.name(), change.current().version(), e.getClass().getSimpleName(), e.getSQLState());
        }
    }

    @Override
    public void destroy() {
        subscription.cancel();
    }
}
