package dev.secrets4j.testing.aws;

import dev.secrets4j.testing.FakeTime;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Staging-label rules of the emulator's store, without sockets. */
class SecretStoreTest {

    private final FakeTime time = FakeTime.startingAt(Instant.parse("2026-05-01T00:00:00Z"));
    private final SecretStore store = new SecretStore(time.clock(), "eu-west-1", "111122223333");

    private static String token() {
        return UUID.randomUUID().toString();
    }

    @Test
    void put_firstVersionWithPendingOnly_stillGetsCurrent() {
        SecretStore.Secret s = store.create("app/db", token(), null, null, null);

        SecretStore.Version v = store.put(s, token(), "value-one", null, List.of(SecretStore.PENDING));

        assertThat(v.stages).containsExactly(SecretStore.PENDING, SecretStore.CURRENT);
        assertThat(s.arn).startsWith("arn:aws:secretsmanager:eu-west-1:111122223333:secret:app/db-");
    }

    @Test
    void updateStage_movingCurrentBackToPrevious_swapsTheTwoLabels() {
        SecretStore.Secret s = store.create("app/db", token(), null, "one", null);
        String first = s.holder(SecretStore.CURRENT).orElseThrow().id;
        String second = store.put(s, token(), "two", null, null).id;

        store.updateStage(s, SecretStore.CURRENT, first, second);

        assertThat(s.versions.get(first).stages).containsExactly(SecretStore.CURRENT);
        assertThat(s.versions.get(second).stages).containsExactly(SecretStore.PREVIOUS);
    }

    @Test
    void put_thirdValue_leavesFirstVersionDeprecated() {
        SecretStore.Secret s = store.create("app/db", token(), null, "one", null);
        String first = s.holder(SecretStore.CURRENT).orElseThrow().id;
        store.put(s, token(), "two", null, null);
        store.put(s, token(), "three", null, null);

        assertThat(s.versions.get(first).stages).isEmpty();
        assertThat(s.holder(SecretStore.PREVIOUS).orElseThrow().string).isEqualTo("two");
    }

    @Test
    void create_nameOutsideTheServiceAlphabet_isInvalidParameter_andADottedNameIsFine() {
        assertThatThrownBy(() -> store.create("app key", token(), null, "one", null))
                .isInstanceOfSatisfying(AwsError.class, e -> assertThat(e.type()).isEqualTo("InvalidParameterException"));
        assertThatThrownBy(() -> store.create("app#key", token(), null, "one", null)).isInstanceOf(AwsError.class);

        assertThat(store.create("APP_KEY.rotation", token(), null, "one", null).arn)
                .startsWith("arn:aws:secretsmanager:eu-west-1:111122223333:secret:APP_KEY.rotation-");
        assertThat(store.create("a/b_c+d=e.f@g-h", token(), null, "one", null).name).isEqualTo("a/b_c+d=e.f@g-h");
    }

    @Test
    void updateStage_removingPreviousAndPending_leavesVersionsDeprecated_whichStagesStillShow() {
        SecretStore.Secret s = store.create("app/db", token(), null, "one", null);
        String first = s.holder(SecretStore.CURRENT).orElseThrow().id;
        String second = store.put(s, token(), "two", null, null).id;
        String third = store.put(s, token(), "three", null, List.of(SecretStore.PENDING)).id;

        store.updateStage(s, SecretStore.PREVIOUS, null, first);
        store.updateStage(s, SecretStore.PENDING, null, third);

        assertThat(store.stages("app/db")).containsExactly(java.util.Map.entry(first, List.of()),
                java.util.Map.entry(second, List.of(SecretStore.CURRENT)), java.util.Map.entry(third, List.of()));
        assertThatThrownBy(() -> store.updateStage(s, SecretStore.PREVIOUS, null, first))
                .isInstanceOfSatisfying(AwsError.class, e -> assertThat(e.type()).isEqualTo("InvalidParameterException"));
    }

    @Test
    void beginRotation_whilePendingIsUnfinished_isInvalidRequest() {
        store.create("app/db", token(), null, "one", null);
        store.beginRotation("app/db", token());

        assertThatThrownBy(() -> store.beginRotation("app/db", token()))
                .isInstanceOfSatisfying(AwsError.class, e -> assertThat(e.type()).isEqualTo("InvalidRequestException"));
    }

    @Test
    void resolve_afterRecoveryWindowPasses_isNotFound() {
        SecretStore.Secret s = store.create("app/db", token(), null, "one", null);
        store.delete(s, Duration.ofDays(7), false);
        assertThat(store.resolve("app/db").deletedDate).isEqualTo(time.now());

        time.advance(Duration.ofDays(7));

        assertThatThrownBy(() -> store.resolve("app/db"))
                .isInstanceOfSatisfying(AwsError.class, e -> assertThat(e.type()).isEqualTo("ResourceNotFoundException"));
    }

    @Test
    void faultToString_namesKindAndOperations() {
        assertThat(AwsFault.throttling().on("GetSecretValue").times(3).toString())
                .isEqualTo("AwsFault[ThrottlingException 400 on [GetSecretValue], 3 times]");
        assertThatThrownBy(() -> AwsFault.status(42)).hasMessageContaining("got 42");
        assertThat(AwsFault.dropAnswer().on("CreateSecret").times(1).toString())
                .isEqualTo("AwsFault[DROP_ANSWER on [CreateSecret], 1 times]");
        assertThat(AwsFault.before(() -> { }).toString()).isEqualTo("AwsFault[BEFORE on (any operation), forever]");
        assertThatThrownBy(() -> AwsFault.before(null)).isInstanceOf(NullPointerException.class).hasMessageContaining("action");
    }
}
