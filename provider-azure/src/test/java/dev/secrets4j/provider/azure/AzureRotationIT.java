package dev.secrets4j.provider.azure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secrets4j.Secrets;
import dev.secrets4j.rotation.RotationPolicy;
import dev.secrets4j.rotation.RotationState;
import dev.secrets4j.rotation.RotationStrategy;
import dev.secrets4j.testing.LeakCheck;
import dev.secrets4j.testing.azure.KeyVaultEmulator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The rotation engine on Key Vault through the SDK against the emulator: SINGLE rotations (each
 * write is a new version; Key Vault has no pending versions), the record kept as a secret next to
 * the rotated one, the engine's keys stored as tags.
 */
class AzureRotationIT {

    @RegisterExtension
    final LeakCheck leaks = LeakCheck.create();

    private final String first = leaks.canary("canary-azure-rotation-first-1111");
    private KeyVaultEmulator kv;

    @BeforeEach
    void start() {
        kv = KeyVaultEmulator.builder().build();
        kv.start();
    }

    @AfterEach
    void stop() {
        kv.close();
    }

    @Test
    void single_rotatesToANewVersion_keepingItsRecordAsASecret_andReachesTheListenerOnce() {
        kv.setSecret("api-key", first);
        try (Secrets secrets = Secrets.builder().provider(Emulated.provider(kv).writeBudget(30).build()).listenerExecutor(Runnable::run)
                .rotationChecks(false).rotate("API_KEY", RotationPolicy.every(Duration.ofDays(30)).type("api-key")
                        .strategy(RotationStrategy.SINGLE)).build()) {
            List<dev.secrets4j.SecretChange> changes = new ArrayList<>();
            secrets.onChange("API_KEY", changes::add);

            assertThat(secrets.rotateNow("API_KEY").state()).contains(RotationState.FINISHED);

            leaks.canary(secrets.get("API_KEY").asString());
            assertThat(secrets.get("API_KEY").asString()).hasSize(32).isNotEqualTo(first);
            assertThat(secrets.get("API_KEY").metadata("rotation-grace")).contains("PT0S");
            assertThat(changes).singleElement();
            assertThat(kv.calls("PUT secret")).isGreaterThanOrEqualTo(5); // the value, and the record at each step
            assertThat(secrets.rotateNow("API_KEY").state()).contains(RotationState.FINISHED);
        }
    }
}
