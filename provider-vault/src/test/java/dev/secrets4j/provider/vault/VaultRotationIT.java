package dev.secrets4j.provider.vault;

import dev.secrets4j.SecretChange;
import dev.secrets4j.SecretProviderException;
import dev.secrets4j.Secrets;
import dev.secrets4j.rotation.RotationPolicy;
import dev.secrets4j.rotation.RotationState;
import dev.secrets4j.rotation.RotationStatus;
import dev.secrets4j.rotation.RotationStrategy;
import dev.secrets4j.testing.LeakCheck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The rotation engine on Vault KV v2 through the driver against the emulator: SINGLE rotations
 * with check-and-set (KV v2 has no pending versions, so STAGED and DUAL are refused clearly).
 */
class VaultRotationIT {

    @RegisterExtension
    final LeakCheck leaks = LeakCheck.create();

    final Emulated env = new Emulated();
    final String first = leaks.canary("canary-vault-rotation-first-0001");

    {
        leaks.canary(env.vault.rootToken());
    }

    @AfterEach
    void stop() {
        env.close();
    }

    private Secrets secrets(RotationStrategy strategy) {
        return Secrets.builder().provider(env.provider().build()).clock(env.time.clock()).scheduler(env.time)
                .listenerExecutor(Runnable::run).rotationChecks(false).bind("API_KEY", "vault:secret/app/api")
                .rotate("API_KEY", RotationPolicy.every(Duration.ofDays(30)).type("api-key").strategy(strategy)).build();
    }

    @Test
    void single_rotatesWithCheckAndSet_recordsItsStateInKv_andReachesTheListenerOnce() {
        env.vault.putKv("secret", "app/api", Map.of("value", first));
        try (Secrets secrets = secrets(RotationStrategy.SINGLE)) {
            List<SecretChange> changes = new ArrayList<>();
            secrets.onChange("API_KEY", changes::add);

            RotationStatus status = secrets.rotateNow("API_KEY");

            assertThat(status.state()).contains(RotationState.FINISHED);
            String rotated = secrets.get("API_KEY").asString();
            leaks.canary(rotated);
            assertThat(rotated).hasSize(32).isNotEqualTo(first);
            assertThat(secrets.get("API_KEY").version()).isEqualTo("2");
            assertThat(changes).singleElement().satisfies(c -> assertThat(c.previous().asString()).isEqualTo(first));
            assertThat(env.requests("/v1/secret/data/").stream().map(r -> r.method() + " " + r.path()).toList())
                    .anySatisfy(line -> assertThat(line).startsWith("POST").contains("api.rotation"));

            RotationStatus again = secrets.rotateNow("API_KEY");
            assertThat(again.state()).contains(RotationState.FINISHED);
            assertThat(secrets.get("API_KEY").version()).isEqualTo("3");
            leaks.canary(secrets.get("API_KEY").asString());
        }
    }

    @Test
    void staged_isRefused_namingTheMissingAbility() {
        env.vault.putKv("secret", "app/api", Map.of("value", first));
        try (Secrets secrets = secrets(RotationStrategy.STAGED)) {
            assertThatThrownBy(() -> secrets.rotateNow("API_KEY")).isInstanceOf(SecretProviderException.class)
                    .hasMessageContaining("STAGES").hasMessageContaining("'vault'");
        }
    }
}
