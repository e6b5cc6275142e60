package dev.secrets4j.provider.aws;

import dev.secrets4j.Secret;
import dev.secrets4j.SecretProviderException;
import dev.secrets4j.spi.PutOptions;
import dev.secrets4j.spi.SecretRef;
import dev.secrets4j.testing.LeakCheck;
import dev.secrets4j.testing.aws.AwsFault;
import dev.secrets4j.testing.aws.RecordedCall;
import dev.secrets4j.testing.aws.SecretsManagerEmulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Stages on AWS staging labels through the real SDK against the emulator: pending writes, promotion
 * as a compare-and-set AWS itself enforces, retirement, and the creating write the rotation record needs.
 */
class AwsStagesIT {

    @RegisterExtension
    final LeakCheck leaks = LeakCheck.create();

    private final String one = leaks.canary("canary-aws-stages-one-1111");
    private final String two = leaks.canary("canary-aws-stages-two-2222");
    private final String three = leaks.canary("canary-aws-stages-three-3333");
    private final SecretRef ref = SecretRef.parse("aws:prod/api");
    private SecretsManagerEmulator aws;
    private AwsSecretProvider p;
    private String old;

    @BeforeEach
    void start() {
        aws = SecretsManagerEmulator.builder().region("us-east-1").accountId("123456789012")
                .credentials("AKIDEXAMPLE", "secret-key").build();
        aws.start();
        p = AwsSecretProvider.builder().region("us-east-1").allowInsecureHttp().endpoint(aws.endpoint().toString())
                .credentials("AKIDEXAMPLE", "secret-key").callTimeout(Duration.ofSeconds(3)).maxAttempts(3)
                .getSecretValueBudget(1000).describeSecretBudget(1000).batchGetSecretValueBudget(100).writeBudget(50).build();
        aws.createSecret("prod/api", one);
        old = p.get(ref).orElseThrow().version();
    }

    @AfterEach
    void stop() {
        p.close();
        aws.close();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private Secret pending(String value) {
        return p.put(ref, bytes(value), PutOptions.pending());
    }

    @Test
    void put_pending_labelsTheVersionAwsPendingOnly_andLeavesCurrentAlone() {
        Secret pending = pending(two);

        assertThat(aws.versionStages("prod/api")).containsExactly(Map.entry(old, List.of("AWSCURRENT")),
                Map.entry(pending.version(), List.of("AWSPENDING")));
        assertThat(pending.metadata()).containsEntry("stages", "AWSPENDING").doesNotContainKey("stage");
        assertThat(p.get(ref).orElseThrow().asString()).isEqualTo(one);
        assertThat(p.get(ref, pending.version()).orElseThrow().asString()).isEqualTo(two);
        assertThat(p.versions(ref)).extracting(Secret::version).containsExactly(old);
        assertThat(p.pendingVersions(ref)).extracting(Secret::version).containsExactly(pending.version());
        leaks.assertNoLeak(pending, p);
    }

    @Test
    void put_pendingWithMetadata_keepsItAsALabel_readBackAsMetadata_untilRetired() {
        Secret pending = p.put(ref, bytes(two), PutOptions.pending().with("rotation-slot", "b"));

        assertThat(aws.versionStages("prod/api").get(pending.version()))
                .containsExactly("AWSPENDING", "secrets4j:rotation-slot=b");
        assertThat(pending.metadata("rotation-slot")).contains("b");
        assertThat(p.get(ref, pending.version()).orElseThrow().metadata("rotation-slot")).contains("b");
        assertThat(p.pendingVersions(ref)).singleElement().satisfies(s -> assertThat(s.metadata("rotation-slot")).contains("b"));

        p.promote(ref, pending.version(), Optional.of(old));
        assertThat(p.get(ref).orElseThrow().metadata("rotation-slot")).contains("b");

        Secret next = p.put(ref, bytes(three), PutOptions.pending().with("rotation-slot", "a"));
        p.promote(ref, next.version(), Optional.of(pending.version()));
        p.retire(ref, pending.version());

        assertThat(aws.versionStages("prod/api").get(pending.version())).isEmpty();
        assertThat(p.get(ref).orElseThrow().metadata("rotation-slot")).contains("a");
    }

    @Test
    void promote_movesCurrentWithOneCompareAndSetCall_awsMovesPrevious_andPendingIsTakenOff() {
        Secret pending = pending(two);
        aws.resetCalls();

        Secret promoted = p.promote(ref, pending.version(), Optional.of(old));

        assertThat(promoted.version()).isEqualTo(pending.version());
        assertThat(promoted.asString()).isEqualTo(two);
        assertThat(aws.requests()).extracting(RecordedCall::operation).containsExactly("DescribeSecret",
                "UpdateSecretVersionStage", "UpdateSecretVersionStage", "GetSecretValue");
        assertThat(aws.versionStages("prod/api")).containsExactly(Map.entry(old, List.of("AWSPREVIOUS")),
                Map.entry(pending.version(), List.of("AWSCURRENT")));
        assertThat(p.get(ref).orElseThrow().asString()).isEqualTo(two);
        assertThat(p.versions(ref)).extracting(Secret::asString).containsExactly(two, one);
        assertThat(p.pendingVersions(ref)).isEmpty();
        leaks.assertNoLeak(promoted, p);
    }

    @Test
    void promote_withStaleExpectedCurrent_failsBeforeAnyWrite_namingBothVersions() {
        Secret pending = pending(two);
        String other = aws.putSecretValue("prod/api", three);
        aws.resetCalls();

        Throwable t = catchThrowable(() -> p.promote(ref, pending.version(), Optional.of(old)));

        assertThat(t).isInstanceOfSatisfying(SecretProviderException.class, e -> {
            assertThat(e.isRetryable()).isFalse();
            assertThat(e.getMessage()).contains("prod/api", pending.version(), old, other);
        });
        assertThat(aws.calls("UpdateSecretVersionStage")).isZero();
        leaks.assertNoLeak(t);
    }

    @Test
    void promote_whenCurrentMovesBetweenTheCheckAndTheMove_awsRefusesTheMove_andItIsAConflict() {
        Secret pending = pending(two);
        AtomicReference<String> intruder = new AtomicReference<>();
        aws.faults().add(AwsFault.before(() -> intruder.set(aws.putSecretValue("prod/api", three)))
                .on("UpdateSecretVersionStage").times(1));
        aws.resetCalls();

        Throwable t = catchThrowable(() -> p.promote(ref, pending.version(), Optional.of(old)));

        assertThat(t).isInstanceOfSatisfying(SecretProviderException.class, e -> {
            assertThat(e.isRetryable()).isFalse();
            assertThat(e.getMessage()).contains("prod/api", pending.version(), old, intruder.get(), "RemoveFromVersionId");
        });
        assertThat(aws.requests()).filteredOn(c -> c.operation().equals("UpdateSecretVersionStage"))
                .extracting(RecordedCall::status).containsExactly(400);
        assertThat(aws.versionStages("prod/api")).containsEntry(intruder.get(), List.of("AWSCURRENT"))
                .containsEntry(pending.version(), List.of("AWSPENDING"));
        leaks.assertNoLeak(t);
    }

    @Test
    void promote_whenTheMoveTookEffectButItsAnswerWasLost_theRefusedRetryIsSuccess() {
        Secret pending = pending(two);
        aws.faults().add(AwsFault.dropAnswer().on("UpdateSecretVersionStage").times(1));
        aws.resetCalls();

        Secret promoted = p.promote(ref, pending.version(), Optional.of(old));

        assertThat(promoted.version()).isEqualTo(pending.version());
        assertThat(aws.requests()).filteredOn(c -> c.operation().equals("UpdateSecretVersionStage"))
                .extracting(RecordedCall::status).containsExactly(-1, 400, 200);
        assertThat(aws.versionStages("prod/api")).containsEntry(pending.version(), List.of("AWSCURRENT"))
                .containsEntry(old, List.of("AWSPREVIOUS"));
    }

    @Test
    void retire_takesPreviousOff_isIdempotent_refusesCurrent_andARetiredVersionReadsEmpty() {
        Secret pending = pending(two);
        p.promote(ref, pending.version(), Optional.of(old));
        aws.resetCalls();

        p.retire(ref, old);
        p.retire(ref, old);

        assertThat(aws.calls("UpdateSecretVersionStage")).isEqualTo(1);
        assertThat(aws.versionStages("prod/api")).containsEntry(old, List.of());
        assertThat(p.versions(ref)).extracting(Secret::version).containsExactly(pending.version());
        assertThat(p.get(ref, old)).isEmpty();
        Throwable current = catchThrowable(() -> p.retire(ref, pending.version()));
        assertThat(current).isInstanceOfSatisfying(SecretProviderException.class, e -> {
            assertThat(e.isRetryable()).isFalse();
            assertThat(e.getMessage()).contains("prod/api", pending.version(), "AWSCURRENT");
        });
    }

    @Test
    void retire_ofAPendingVersion_takesAwsPendingOff_andPromotingItAfterwardsFails() {
        Secret pending = pending(two);

        p.retire(ref, pending.version());

        assertThat(aws.versionStages("prod/api")).containsEntry(pending.version(), List.of())
                .containsEntry(old, List.of("AWSCURRENT"));
        assertThat(p.get(ref, pending.version())).isEmpty();
        assertThat(catchThrowable(() -> p.promote(ref, pending.version(), Optional.of(old))))
                .isInstanceOfSatisfying(SecretProviderException.class, e -> assertThat(e.getMessage()).contains("retired"));
    }

    @Test
    void put_expectAbsent_createsTheSecret_andASecondCreateIsANotRetryableConflict() {
        SecretRef record = SecretRef.ofName("prod/api.rotation");
        String json = leaks.canary("{\"state\":\"PLANNED\",\"canary\":\"c-1111\"}");
        aws.resetCalls();

        Secret created = p.put(record, bytes(json), PutOptions.expectAbsent());

        assertThat(aws.secretNames()).containsExactly("prod/api", "prod/api.rotation");
        assertThat(aws.versionStages("prod/api.rotation")).containsExactly(Map.entry(created.version(), List.of("AWSCURRENT")));
        assertThat(aws.calls("CreateSecret")).isEqualTo(1);
        assertThat(aws.calls("PutSecretValue")).isZero();
        Throwable again = catchThrowable(() -> p.put(record, bytes(json), PutOptions.expectAbsent()));
        assertThat(again).isInstanceOfSatisfying(SecretProviderException.class, e -> {
            assertThat(e.isRetryable()).isFalse();
            assertThat(e.getMessage()).contains("prod/api.rotation", "exists already");
        });
        leaks.assertNoLeak(created, again);
    }

    @Test
    void put_expectAbsent_whenTheCreateTookEffectButItsAnswerWasLost_theRetryRecognisesItsOwnVersion() {
        SecretRef record = SecretRef.ofName("prod/api.rotation");
        aws.faults().add(AwsFault.dropAnswer().on("CreateSecret").times(1));
        aws.resetCalls();

        Secret created = p.put(record, bytes(two), PutOptions.expectAbsent());

        assertThat(aws.requests()).filteredOn(c -> c.operation().equals("CreateSecret"))
                .extracting(RecordedCall::status).containsExactly(-1, 400);
        assertThat(aws.versionStages("prod/api.rotation")).containsOnlyKeys(created.version());
        assertThat(p.get(record).orElseThrow().asString()).isEqualTo(two);
    }

    @Test
    void put_expectVersion_isACompareAndSet_asTheRotationRecordUsesIt() {
        SecretRef record = SecretRef.ofName("prod/api.rotation");
        String v1 = p.put(record, bytes(one), PutOptions.expectAbsent()).version();

        String v2 = p.put(record, bytes(two), PutOptions.expectVersion(v1)).version();
        Throwable stale = catchThrowable(() -> p.put(record, bytes(three), PutOptions.expectVersion(v1)));

        assertThat(p.get(record).orElseThrow().version()).isEqualTo(v2);
        assertThat(stale).isInstanceOfSatisfying(SecretProviderException.class, e -> {
            assertThat(e.isRetryable()).isFalse();
            assertThat(e.getMessage()).contains("prod/api.rotation", v1, v2, "conflicting");
        });
        leaks.assertNoLeak(stale);
    }

    @Test
    void put_withoutExpectAbsent_toAMissingSecret_saysHowToCreateIt_andArnsAndMixedOptionsAreRefused() {
        Throwable missing = catchThrowable(() -> p.put(SecretRef.parse("aws:prod/none"), bytes(two), PutOptions.none()));
        Throwable arn = catchThrowable(() -> p.put(SecretRef.parse(
                "aws:arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/new"), bytes(two), PutOptions.expectAbsent()));
        Throwable mixed = catchThrowable(() -> p.put(ref, bytes(two), new PutOptions(Optional.of(old),
                Map.of(PutOptions.STAGE, PutOptions.PENDING))));

        assertThat(missing).isInstanceOfSatisfying(SecretProviderException.class, e -> {
            assertThat(e.isRetryable()).isFalse();
            assertThat(e.getMessage()).contains("prod/none", "does not exist", "expectAbsent");
        });
        assertThat(arn).isInstanceOf(SecretProviderException.class).hasMessageContaining("by its name");
        assertThat(mixed).isInstanceOf(SecretProviderException.class).hasMessageContaining("expected version and a stage");
        assertThat(aws.calls("CreateSecret") + aws.calls("PutSecretValue")).isEqualTo(1);
        leaks.assertNoLeak(missing, arn, mixed);
    }
}
