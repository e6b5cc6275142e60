package dev.secrets4j.examples.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A Spring Boot web application that gets its secrets through the secrets4j starter.
 *
 * <p>{@code application.yml} imports the secrets ({@code spring.config.import=secrets4j:}), so
 * {@code spring.datasource.password=${DB_PASSWORD}} is filled from the secrets folder (default
 * profile) or from Vault (profile {@code vault}). {@code GET /hello} shows that it works without
 * showing a value.
 */
@SpringBootApplication
public class ExampleApplication {

    /**
     * Starts the application; in the default profile, first creates the development secrets
     * folder when it is absent (see {@link DevSecretsFolder}).
     *
     * @param args Spring Boot command-line arguments, such as {@code --spring.profiles.active=vault}
     */
    public static void main(String[] args) {
        SpringApplication application = new SpringApplication(ExampleApplication.class);
        application.addListeners(new DevSecretsFolder());
        application.run(args);
    }
}
