package dev.secrets4j.spring.boot.autoconfigure.actuate;

import dev.secrets4j.CachePolicy;
import dev.secrets4j.Secret;
import dev.secrets4j.Secrets;
import dev.secrets4j.spring.boot.autoconfigure.actuate.SecretsEndpoint.SecretDescriptor;
import dev.secrets4j.testing.FakeTime;
import dev.secrets4j.testing.InMemorySecretProvider;
import dev.secrets4j.testing.LeakCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The secrets endpoint: one entry per cached secret with age and refresh times, never a value; its conditions. */
class SecretsEndpointTest {

    @RegisterExtension
    final LeakCheck leaks = LeakCheck.create();

    private final String dbPassword = leaks.canary("canary-endpoint-db-password-1111");
    private final String apiKey = leaks.canary("canary-endpoint-api-key-2222");
    private final FakeTime time = FakeTime.startingAt(Instant.parse("2026-01-01T00:00:00Z"));
    private final InMemorySecretProvider memory = InMemorySecretProvider.builder().clock(time.clock()).build();

    private Secrets secrets() {
        memory.set("DB_PASSWORD", dbPassword);
        memory.set("API_KEY", apiKey);
        return Secrets.builder().provider(memory).require("DB_PASSWORD").optional("API_KEY")
                .cache(CachePolicy.ttl(Duration.ofHours(1))).clock(time.clock())
                .scheduler((task, delay) -> () -> { }) // no background refresh: only the test's own refresh moves lastRefresh
                .listenerExecutor(Runnable::run).build();
    }

    @Test
    void secrets_listsEachSecretWithAgeAndRefresh_inDeclarationOrder_withoutValues() {
        try (Secrets secrets = secrets()) {
            SecretsEndpoint endpoint = new SecretsEndpoint(secrets, time.clock());
            time.advance(Duration.ofMinutes(10));
            secrets.refresh("API_KEY");
            time.advance(Duration.ofMinutes(5));

            SecretsEndpoint.SecretsDescriptor all = endpoint.secrets();

            assertThat(all.secrets()).extracting(SecretDescriptor::name).containsExactly("DB_PASSWORD", "API_KEY");
            SecretDescriptor db = all.secrets().get(0);
            Secret current = secrets.get("DB_PASSWORD");
            assertThat(db.provider()).isEqualTo("memory");
            assertThat(db.version()).isEqualTo(current.version());
            assertThat(db.age()).isEqualTo(Duration.ofMinutes(15));
            assertThat(db.lastRefresh()).isEmpty();
            assertThat(db.stale()).isFalse();
            assertThat(all.secrets().get(1).lastRefresh()).contains(Instant.parse("2026-01-01T00:10:00Z"));
            leaks.assertNoLeak(all, all.secrets().get(0), all.secrets().get(1));
        }
    }

    @Test
    void autoConfiguration_whenExposed_createsEndpoint_andBacksOffOtherwise() {
        ApplicationContextRunner runner = new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(Secrets4jEndpointAutoConfiguration.class))
                .withBean(Secrets.class, this::secrets);
        runner.withPropertyValues("management.endpoints.web.exposure.include=secrets")
                .run(ctx -> assertThat(ctx).hasSingleBean(SecretsEndpoint.class));
        runner.run(ctx -> assertThat(ctx).doesNotHaveBean(SecretsEndpoint.class));
        runner.withPropertyValues("management.endpoints.web.exposure.include=secrets", "management.endpoint.secrets.access=NONE")
                .run(ctx -> assertThat(ctx).doesNotHaveBean(SecretsEndpoint.class));
        runner.withPropertyValues("management.endpoints.web.exposure.include=secrets")
                .withClassLoader(new FilteredClassLoader(org.springframework.boot.actuate.endpoint.annotation.Endpoint.class))
                .run(ctx -> assertThat(ctx).doesNotHaveBean(SecretsEndpoint.class));
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(Secrets4jEndpointAutoConfiguration.class))
                .withPropertyValues("management.endpoints.web.exposure.include=secrets")
                .run(ctx -> assertThat(ctx).hasNotFailed().doesNotHaveBean(SecretsEndpoint.class));
    }
}
