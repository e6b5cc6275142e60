package dev.secrets4j.testing.aws;

import dev.secrets4j.testing.FakeTime;
import dev.secrets4j.testing.LeakCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The emulator's Java API (no sockets): setup helpers, label moves, rotation hooks and argument checks. */
class SecretsManagerEmulatorApiTest {

    @RegisterExtension
    final LeakCheck leaks = LeakCheck.create();

    private final FakeTime time = FakeTime.startingAt(Instant.parse("2026-05-01T00:00:00Z"));
    private final SecretsManagerEmulator aws = SecretsManagerEmulator.builder().clock(time.clock()).build();

    @Test
    void putSecretValue_withPendingStage_thenUpdateStage_movesCurrentAndPrevious() {
        aws.createSecret("prod/db", leaks.canary("canary-api-old"));
        String pending = aws.putSecretValue("prod/db", leaks.canary("canary-api-new"), "AWSPENDING");
        Rotation view = new Rotation(storeOf(), "prod/db", "prod/db", pending);
        assertThat(view.currentString()).hasValue("canary-api-old");

        String oldId = aws.putSecretValue("prod/db", leaks.canary("canary-api-mid"));
        aws.updateStage("prod/db", "AWSCURRENT", pending, oldId);

        assertThat(view.currentString()).hasValue("canary-api-new");
        assertThatThrownBy(() -> aws.updateStage("prod/db", "AWSCURRENT", oldId, null))
                .isInstanceOf(IllegalStateException.class).hasMessageStartingWith("InvalidParameterException")
                .hasMessageContaining(pending);
    }

    @Test
    void versionStagesAndSecretNames_showLabelsPerVersionOldestFirst_withDeprecatedVersionsEmpty() {
        aws.createSecret("prod/db", leaks.canary("canary-api-stages-1"));
        aws.createSecret("prod/db.rotation", leaks.canary("canary-api-stages-record"));
        String v1 = aws.versionStages("prod/db").keySet().iterator().next();
        String v2 = aws.putSecretValue("prod/db", leaks.canary("canary-api-stages-2"));
        String v3 = aws.putSecretValue("prod/db", leaks.canary("canary-api-stages-3"), "AWSPENDING");
        aws.updateStage("prod/db", "AWSPREVIOUS", null, v1);

        assertThat(aws.versionStages("prod/db")).containsExactly(Map.entry(v1, List.of()),
                Map.entry(v2, List.of("AWSCURRENT")), Map.entry(v3, List.of("AWSPENDING")));
        assertThat(aws.secretNames()).containsExactly("prod/db", "prod/db.rotation");
        assertThatThrownBy(() -> aws.versionStages("prod/none")).hasMessageStartingWith("ResourceNotFoundException");
        assertThatThrownBy(() -> aws.createSecret("prod db", leaks.canary("canary-api-stages-bad")))
                .hasMessageStartingWith("InvalidParameterException");
        leaks.assertNoLeak(aws.versionStages("prod/db"), aws.secretNames());
    }

    @Test
    void rotate_whenHookThrows_leavesPendingAndBlocksTheNextRotation() {
        aws.createSecret("prod/db", leaks.canary("canary-api-rot"));
        RotationHook failing = RotationHook.standard(c -> "canary-api-rot-new").andThen((step, r) -> {
            if (step == RotationHook.Step.TEST_SECRET) {
                throw new IllegalStateException("login with the pending value failed");
            }
        });
        leaks.canary("canary-api-rot-new");

        assertThatThrownBy(() -> aws.rotate("prod/db", failing)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("testSecret");
        assertThatThrownBy(() -> aws.rotate("prod/db")).hasMessageContaining("previous rotation isn't complete");
        assertThat(storeOf().currentString("prod/db")).hasValue("canary-api-rot");
    }

    @Test
    void deleteAndRestore_throughTheApi_andArgumentChecksNameTheSetting() {
        aws.createSecret("prod/db", leaks.canary("canary-api-del"));
        aws.deleteSecret("prod/db", Duration.ofDays(7));
        assertThat(storeOf().resolve("prod/db").deletedDate).isEqualTo(time.now());
        aws.restoreSecret("prod/db");
        assertThat(storeOf().resolve("prod/db").deletedDate).isNull();

        assertThatThrownBy(aws::endpoint).isInstanceOf(IllegalStateException.class).hasMessageContaining("start()");
        assertThatThrownBy(() -> SecretsManagerEmulator.builder().accountId("12"))
                .hasMessageContaining("accountId");
        assertThatThrownBy(() -> SecretsManagerEmulator.builder().credentials("AKID", " "))
                .hasMessageContaining("secretAccessKey");
        assertThat(aws.toString()).isEqualTo("SecretsManagerEmulator[us-east-1, not started]");
        leaks.assertNoLeak(aws, aws.faults());
    }

    private SecretStore storeOf() {
        return aws.store();
    }
}
