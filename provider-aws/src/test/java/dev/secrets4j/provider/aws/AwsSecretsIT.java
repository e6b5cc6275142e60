package dev.secrets4j.provider.aws;

import dev.secrets4j.CachePolicy;
import dev.secrets4j.SecretChange;
import dev.secrets4j.Secrets;
import dev.secrets4j.SecretsException;
import dev.secrets4j.testing.FakeTime;
import dev.secrets4j.testing.LeakCheck;
import dev.secrets4j.testing.aws.AwsFault;
import dev.secrets4j.testing.aws.RotationHook;
import dev.secrets4j.testing.aws.SecretsManagerEmulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The provider under the core's cache, refresh and change hooks, through the real SDK against the emulator. */
class AwsSecretsIT {

    @RegisterExtension
    final LeakCheck leaks = LeakCheck.create();

    private final String one = leaks.canary("canary-aws-secrets-one-1111");
    private final String two = leaks.canary("canary-aws-secrets-two-2222");
    private final FakeTime time = FakeTime.startingAt(Instant.parse("2026-01-01T00:00:00Z"));
    private SecretsManagerEmulator aws;
    private AwsSecretProvider provider;

    @BeforeEach
    void start() {
        aws = SecretsManagerEmulator.builder().clock(time.clock()).region("eu-west-1").accountId("123456789012")
                .credentials("AKIDEXAMPLE", "secret-key").build();
        aws.start();
        provider = AwsSecretProvider.builder().region("eu-west-1").allowInsecureHttp().endpoint(aws.endpoint().toString())
                .credentials("AKIDEXAMPLE", "secret-key").maxAttempts(2).build();
    }

    @AfterEach
    void stop() {
        aws.close();
    }

    private Secrets secrets(CachePolicy policy, String... names) {
        Secrets.Builder b = Secrets.builder().provider(provider).listenerExecutor(Runnable::run).clock(time.clock())
                .scheduler(time).cache(policy);
        for (String n : names) {
            b.require(n).bind(n, "aws:" + n.toLowerCase(java.util.Locale.ROOT).replace('_', '/') + "#password");
        }
        return b.build();
    }

    private static String json(String password) {
        return "{\"password\":\"" + password + "\"}";
    }

    @Test
    void rotationMidRun_reachesListenerOnce_atFinishSecret_andGetCallsEqualChanges() {
        aws.createSecret("prod/db", json(one));
        try (Secrets secrets = secrets(CachePolicy.defaults(), "PROD_DB")) {
            List<SecretChange> changes = new ArrayList<>();
            secrets.onChange("PROD_DB", changes::add);
            aws.resetCalls();
            RotationHook standard = RotationHook.standard(current -> json(two));
            aws.rotate("prod/db", (step, rotation) -> {
                standard.onStep(step, rotation);
                secrets.refresh("PROD_DB");
            });
            secrets.refresh("PROD_DB");

            assertThat(changes).hasSize(1);
            assertThat(changes.get(0).previous().asString()).isEqualTo(one);
            assertThat(changes.get(0).current().asString()).isEqualTo(two);
            assertThat(secrets.get("PROD_DB").asString()).isEqualTo(two);
            assertThat(aws.calls("GetSecretValue")).isEqualTo(changes.size());
            // The rate budgets' waits reach Secrets.stats(), which the Spring metrics bind.
            assertThat(secrets.stats().providers().get("aws").throttleWaits())
                    .containsKeys("GetSecretValue", "DescribeSecret", "BatchGetSecretValue", "PutSecretValue");
            leaks.assertNoLeak(changes.get(0), secrets);
        }
    }

    @Test
    void boot_whenBatchThrottled_fallsBackToGetSecretValue() {
        aws.createSecret("app/a", json(one));
        aws.createSecret("app/b", json(two));
        aws.faults().add(AwsFault.throttling().on("BatchGetSecretValue"));
        try (Secrets secrets = secrets(CachePolicy.defaults(), "APP_A", "APP_B")) {
            assertThat(secrets.get("APP_A").asString()).isEqualTo(one);
            assertThat(secrets.get("APP_B").asString()).isEqualTo(two);
            assertThat(aws.calls("BatchGetSecretValue")).isEqualTo(1);
            assertThat(aws.calls("GetSecretValue")).isEqualTo(2);
        }
    }

    @Test
    void backendDownPastMaxStale_readsFailNamingTheSecret() {
        aws.createSecret("prod/db", json(one));
        CachePolicy policy = CachePolicy.ttl(Duration.ofMinutes(5)).maxStale(Duration.ofMinutes(10))
                .retryBackoff(Duration.ofSeconds(30), Duration.ofMinutes(1));
        try (Secrets secrets = secrets(policy, "PROD_DB")) {
            aws.faults().add(AwsFault.status(503).times(10_000));
            time.advance(Duration.ofMinutes(5));
            assertThat(secrets.get("PROD_DB").asString()).isEqualTo(one);
            for (int i = 0; i < 15; i++) {
                time.advance(Duration.ofMinutes(1));
            }
            assertThatThrownBy(() -> secrets.get("PROD_DB")).isInstanceOf(SecretsException.class)
                    .hasMessageContaining("PROD_DB");
        }
    }
}
