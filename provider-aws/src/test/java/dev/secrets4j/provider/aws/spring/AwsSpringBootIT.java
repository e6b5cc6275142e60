package dev.secrets4j.provider.aws.spring;

import dev.secrets4j.Secrets;
import dev.secrets4j.testing.LeakCheck;
import dev.secrets4j.testing.aws.SecretsManagerEmulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Spring Boot application reads an AWS secret through {@code spring.config.import=secrets4j:},
 * the {@code aws} provider created by its factory from {@code secrets4j.providers.aws.*}.
 * Credentials come from the {@code aws.accessKeyId}/{@code aws.secretAccessKey} system properties,
 * the first link of the SDK's default chain, so nothing leaves loopback.
 */
class AwsSpringBootIT {

    @RegisterExtension
    final LeakCheck leaks = LeakCheck.create();

    private final String password = leaks.canary("canary-aws-spring-5b1e9d");
    private SecretsManagerEmulator aws;

    /** The application: auto-configuration only. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
    }

    @AfterEach
    void stop() {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
        if (aws != null) {
            aws.close();
        }
    }

    @Test
    void configImport_readsSecretThroughAwsProviderFactory() {
        aws = SecretsManagerEmulator.builder().region("eu-west-1").credentials("AKIDSPRING", "spring-secret-key").build();
        aws.start();
        aws.createSecret("prod/db", "{\"password\":\"" + password + "\"}");
        System.setProperty("aws.accessKeyId", "AKIDSPRING");
        System.setProperty("aws.secretAccessKey", "spring-secret-key");

        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE)
                .run("--spring.config.import=secrets4j:",
                        "--secrets4j.providers.aws.region=eu-west-1",
                        "--secrets4j.providers.aws.endpoint=" + aws.endpoint(),
                        "--secrets4j.providers.aws.allow-insecure-http=true",
                        "--secrets4j.providers.aws.budget.get-secret-value=5",
                        "--secrets4j.required=DB_PASSWORD",
                        "--secrets4j.bindings.DB_PASSWORD=aws:prod/db#password",
                        "--app.db.password=${DB_PASSWORD}")) {
            assertThat(context.getEnvironment().getProperty("app.db.password")).isEqualTo(password);
            assertThat(context.getBean(Secrets.class).get("DB_PASSWORD").asString()).isEqualTo(password);
            assertThat(aws.calls("BatchGetSecretValue") + aws.calls("GetSecretValue")).isPositive();
        }
    }
}
