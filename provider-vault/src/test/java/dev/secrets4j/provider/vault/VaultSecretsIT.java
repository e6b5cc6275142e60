package dev.secrets4j.provider.vault;

import dev.secrets4j.CachePolicy;
import dev.secrets4j.SecretChange;
import dev.secrets4j.SecretValidationException;
import dev.secrets4j.Secrets;
import dev.secrets4j.SecretsException;
import dev.secrets4j.testing.LeakCheck;
import dev.secrets4j.testing.vault.Fault;
import dev.secrets4j.testing.vault.TokenSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** End to end: a real {@link Secrets} on the Vault provider, through the driver, against the emulator on a fake clock. */
class VaultSecretsIT {

    @RegisterExtension
    final LeakCheck leaks = LeakCheck.create();

    final Emulated env = new Emulated();
    final String roleId = leaks.canary("canary-e2e-role-id-0001");
    final String secretId = leaks.canary("canary-e2e-secret-id-0002");

    {
        leaks.canary(env.vault.rootToken());
    }

    @AfterEach
    void stop() {
        env.close();
    }

    private Secrets.Builder secrets(VaultSecretProvider provider) {
        return Secrets.builder().provider(provider).clock(env.time.clock()).scheduler(env.time).listenerExecutor(Runnable::run);
    }

    @Test
    void boot_withFiftySecrets_readsEachOnceConcurrently_thenRefreshesWithMetadataOnly() {
        List<String> values = new ArrayList<>();
        Secrets.Builder b = secrets(env.provider().pathPrefix("prod/").batchConcurrency(8).build());
        for (int i = 0; i < 50; i++) {
            values.add(leaks.canary("canary-e2e-value-" + i + "-9f"));
            env.vault.putKv("secret", "prod/app/s" + i, Map.of("value", values.get(i)));
            b.bind("S" + i, "vault:secret/app/s" + i);
        }
        List<SecretChange> changes = new CopyOnWriteArrayList<>();
        try (Secrets secrets = b.build()) {
            secrets.onAnyChange(changes::add);
            for (int i = 0; i < 50; i++) {
                assertThat(secrets.get("S" + i).asString()).isEqualTo(values.get(i));
            }
            assertThat(env.requests("secret/data/")).hasSize(50);
            String rotated = leaks.canary("canary-e2e-rotated-7d3c");
            env.vault.putKv("secret", "prod/app/s7", Map.of("value", rotated));

            env.advance(Duration.ofMinutes(5));

            assertThat(env.requests("secret/metadata/")).hasSizeGreaterThanOrEqualTo(50);
            assertThat(env.requests("secret/data/")).as("50 boot reads and one read of the version that moved").hasSize(51);
            assertThat(changes).singleElement().satisfies(c -> {
                assertThat(c.name()).isEqualTo("S7");
                assertThat(c.previous().version()).isEqualTo("1");
                assertThat(c.current().version()).isEqualTo("2");
            });
            assertThat(secrets.get("S7").asString()).isEqualTo(rotated);
        }
    }

    @Test
    void boot_withRejectedAppRole_failsEverySecretWithOneLoginAttempt_namingTheMethodNotTheCredential() {
        env.vault.enableAppRole(roleId, "another-secret-id-0003", TokenSpec.defaults());
        Secrets.Builder b = secrets(env.provider(VaultAuth.appRole(roleId, secretId)).build());
        for (int i = 0; i < 5; i++) {
            b.bind("S" + i, "vault:secret/app/s" + i);
        }
        SecretValidationException e = catchThrowableOfType(SecretValidationException.class, b::build);
        assertThat(e.problems()).hasSize(5).allSatisfy(p -> assertThat(p.message()).contains("approle"));
        assertThat(env.requests("auth/approle/login")).hasSize(1);
        leaks.assertNoLeak(e);
    }

    @Test
    void tokenExpiringMidRun_whileLoginIsDown_servesCachedValues_thenLogsInAgainAndReadsOn() {
        env.vault.enableAppRole(roleId, secretId, TokenSpec.builder().ttl(Duration.ofMinutes(10)).renewable(false).build());
        String value = leaks.canary("canary-e2e-token-expiry-value");
        env.vault.putKv("secret", "app/db", Map.of("password", value));
        try (Secrets secrets = secrets(env.provider(VaultAuth.appRole(roleId, secretId)).build())
                .bind("DB", "vault:secret/app/db").cache(CachePolicy.ttl(Duration.ofMinutes(2)).maxStale(Duration.ofHours(1))).build()) {
            env.vault.faults().add(Fault.status(503).on("POST", "auth/approle/login"));
            for (int minute = 1; minute <= 15; minute++) {
                env.advance(Duration.ofMinutes(1));
                assertThat(secrets.get("DB").asString()).as("minute %d", minute).isEqualTo(value);
            }
            assertThat(env.requests("secret/").stream().filter(r -> r.status() == 403)).as("the token expired at 10 min").isNotEmpty();
            env.vault.faults().clear();
            String rotated = leaks.canary("canary-e2e-token-expiry-rotated");
            env.vault.putKv("secret", "app/db", Map.of("password", rotated));
            for (int minute = 0; minute < 10 && !secrets.get("DB").asString().equals(rotated); minute++) {
                env.advance(Duration.ofMinutes(1));
            }
            assertThat(secrets.get("DB").asString()).isEqualTo(rotated);
            assertThat(env.vault.successfulLogins()).isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void backendDownLongerThanMaxStale_failsReadsWithTheReason_thenRecovers() {
        String value = leaks.canary("canary-e2e-outage-value-11");
        env.vault.putKv("secret", "app/db", Map.of("password", value));
        try (Secrets secrets = secrets(env.provider().build()).bind("DB", "vault:secret/app/db")
                .cache(CachePolicy.ttl(Duration.ofMinutes(1)).maxStale(Duration.ofMinutes(10))).build()) {
            env.vault.faults().add(Fault.status(503, "{\"errors\":[\"Vault is sealed\"]}").on("*", "secret/"));
            env.advance(Duration.ofMinutes(5));
            assertThat(secrets.get("DB").asString()).as("stale but within max stale").isEqualTo(value);
            env.advance(Duration.ofMinutes(7));
            assertThatThrownBy(() -> secrets.get("DB")).isInstanceOf(SecretsException.class)
                    .hasMessageContaining("stale").hasMessageContaining("503").hasMessageContaining("sealed");
            env.vault.faults().clear();
            env.advance(Duration.ofMinutes(6));
            assertThat(secrets.get("DB").asString()).isEqualTo(value);
        }
    }
}
