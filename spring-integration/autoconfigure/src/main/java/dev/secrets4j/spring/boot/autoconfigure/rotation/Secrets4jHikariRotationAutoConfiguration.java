package dev.secrets4j.spring.boot.autoconfigure.rotation;

import com.zaxxer.hikari.HikariDataSource;
import dev.secrets4j.Secrets;
import dev.secrets4j.spring.boot.autoconfigure.core.Secrets4jAutoConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

import javax.sql.DataSource;

/**
 * Auto-configuration that gives a HikariCP pool the rotated password of its secret and
 * soft-evicts its connections, so new connections log in with the new credential. On when
 * HikariCP is on the class path and a {@link Secrets} bean exists; off with
 * {@code secrets4j.rotation.datasource.enabled=false}; backs off when the application defines a
 * bean named {@code secrets4jHikariPasswordRotation}.
 */
@AutoConfiguration(after = Secrets4jAutoConfiguration.class)
@ConditionalOnClass(HikariDataSource.class)
@ConditionalOnBean(Secrets.class)
@ConditionalOnBooleanProperty(name = "secrets4j.rotation.datasource.enabled", matchIfMissing = true)
@EnableConfigurationProperties(Secrets4jRotationProperties.class)
public final class Secrets4jHikariRotationAutoConfiguration {

    /** Follows the pool's password secret. */
    @Bean
    @ConditionalOnMissingBean(name = "secrets4jHikariPasswordRotation")
    HikariPasswordRotation secrets4jHikariPasswordRotation(Secrets secrets, Environment environment,
                                                           ObjectProvider<DataSource> dataSources,
                                                           Secrets4jRotationProperties properties) {
        return new HikariPasswordRotation(secrets, environment, dataSources, properties.datasource().passwordSecretName());
    }
}
