package dev.secrets4j.spring.boot.autoconfigure.core.it;

import dev.secrets4j.Secrets;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

import java.util.concurrent.atomic.AtomicInteger;

/** A web application with the actuator; security is open so the test reads the endpoints. */
@SpringBootConfiguration
@EnableAutoConfiguration
public class ImportTestApplication {

    /** How many times a bean that needs secrets was created. */
    public static final AtomicInteger SECRET_USERS = new AtomicInteger();

    @Bean
    SecurityFilterChain openForTests(HttpSecurity http) throws Exception {
        return http.authorizeHttpRequests(a -> a.anyRequest().permitAll()).build();
    }

    @Bean
    SecretUser secretUser(Secrets secrets) {
        SECRET_USERS.incrementAndGet();
        return new SecretUser(secrets);
    }

    /** A bean that needs secrets. */
    public record SecretUser(Secrets secrets) {
    }
}
