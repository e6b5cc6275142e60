package dev.secrets4j.spring.boot.autoconfigure.azure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secrets4j.Secrets;
import dev.secrets4j.testing.LeakCheck;
import dev.secrets4j.testing.azure.KeyVaultEmulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A Spring Boot application reads a Key Vault secret through {@code spring.config.import=secrets4j:},
 * the {@code azure} provider created by its factory from {@code secrets4j.providers.azure.*}: a
 * client-secret credential against the emulator's identity endpoint, the emulator's CA, a budget.
 */
class AzureSpringBootIT {

    @RegisterExtension
    final LeakCheck leaks = LeakCheck.create();

    private final String password = leaks.canary("canary-azure-spring-4c2d8e");
    private final String clientSecret = leaks.canary("canary-azure-spring-client-secret-1f9a");
    private KeyVaultEmulator kv;

    /** The application: auto-configuration only. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
    }

    @AfterEach
    void stop() {
        if (kv != null) {
            kv.close();
        }
    }

    @Test
    void configImport_readsSecretThroughAzureProviderFactory() {
        kv = KeyVaultEmulator.builder().build();
        kv.start();
        kv.registerClient("spring-app", clientSecret);
        kv.setSecret("db-password", password);

        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE)
                .run("--spring.config.import=secrets4j:",
                        "--secrets4j.providers.azure.vault-url=" + kv.vaultUrl(),
                        "--secrets4j.providers.azure.credential=client-secret",
                        "--secrets4j.providers.azure.tenant-id=" + kv.tenantId(),
                        "--secrets4j.providers.azure.client-id=spring-app",
                        "--secrets4j.providers.azure.client-secret=" + clientSecret,
                        "--secrets4j.providers.azure.authority-host=" + kv.authorityHost(),
                        "--secrets4j.providers.azure.ca-bundle-pem=" + kv.caCertificatePem(),
                        "--secrets4j.providers.azure.challenge-resource-verification=false",
                        "--secrets4j.providers.azure.budget=50",
                        "--secrets4j.required=DB_PASSWORD",
                        "--app.db.password=${DB_PASSWORD}")) {
            assertThat(context.getEnvironment().getProperty("app.db.password")).isEqualTo(password);
            assertThat(context.getBean(Secrets.class).get("DB_PASSWORD").asString()).isEqualTo(password);
            assertThat(kv.calls("GET secret")).isEqualTo(1);
            assertThat(kv.calls("token")).isEqualTo(1);
        }
    }
}
