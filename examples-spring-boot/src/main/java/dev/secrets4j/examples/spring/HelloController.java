package dev.secrets4j.examples.spring;

import dev.secrets4j.Secret;
import dev.secrets4j.Secrets;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /hello}: shows that the application has its secrets and that the database accepted
 * the password from the secrets folder (or Vault), without showing any value.
 */
@RestController
class HelloController {

    private final Secrets secrets;
    private final JdbcClient jdbc;

    HelloController(Secrets secrets, JdbcClient jdbc) {
        this.secrets = secrets;
        this.jdbc = jdbc;
    }

    /**
     * The masked {@code API_KEY} ({@code Secret[API_KEY v1 from docker: ****]}) and the user the
     * datasource is connected as.
     */
    @GetMapping("/hello")
    Hello hello() {
        Secret apiKey = secrets.get(DevSecretsFolder.API_KEY);
        String user = jdbc.sql("SELECT CURRENT_USER()").query(String.class).single();
        return new Hello("secrets4j example is up", apiKey.toString(), "connected as " + user);
    }

    /** The answer of {@code /hello}; holds no secret value. */
    record Hello(String message, String apiKey, String database) {
    }
}
