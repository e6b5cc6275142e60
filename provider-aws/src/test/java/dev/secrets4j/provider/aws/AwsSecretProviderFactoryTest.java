package dev.secrets4j.provider.aws;

import dev.secrets4j.spi.SecretProvider;
import dev.secrets4j.spi.SecretProviders;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AwsSecretProviderFactoryTest {

    private final AwsSecretProviderFactory factory = new AwsSecretProviderFactory();

    @Test
    void create_withRegionAndBudgets_buildsProviderWithoutNetwork() {
        try (SecretProvider p = factory.create(Map.of("region", "eu-west-1", "budget.get-secret-value", "5",
                "call-timeout", "2s", "max-attempts", "2"))) {
            assertThat(p.id()).isEqualTo("aws");
            assertThat(p.describe()).contains("eu-west-1");
        }
    }

    @Test
    void create_whenHttpEndpointWithoutAllowInsecure_refusesNamingOption() {
        assertThatThrownBy(() -> factory.create(Map.of("region", "eu-west-1", "endpoint", "http://127.0.0.1:1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("endpoint").hasMessageContaining("allow-insecure-http");
        try (SecretProvider p = factory.create(Map.of("region", "eu-west-1", "endpoint", "http://127.0.0.1:1",
                "allow-insecure-http", "true"))) {
            assertThat(p.describe()).contains("http://127.0.0.1:1");
        }
    }

    @Test
    void create_whenUnknownOrBadOption_namesIt() {
        assertThatThrownBy(() -> factory.create(Map.of("regoin", "eu-west-1"))).hasMessageContaining("regoin");
        assertThatThrownBy(() -> factory.create(Map.of("region", "eu-west-1", "budget.batch-get-secret-value", "500")))
                .hasMessageContaining("budget.batch-get-secret-value");
        assertThatThrownBy(() -> factory.create(Map.of("region", "Europe"))).hasMessageContaining("'region'");
    }

    @Test
    void serviceLoader_findsAwsFactory() {
        try (SecretProvider p = SecretProviders.create("aws", Map.of("region", "us-east-1"))) {
            assertThat(p).isInstanceOf(AwsSecretProvider.class);
        }
    }
}
