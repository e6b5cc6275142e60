package dev.secrets4j.provider.aws;

import dev.secrets4j.CachePolicy;
import dev.secrets4j.Secret;
import dev.secrets4j.Secrets;
import dev.secrets4j.rotation.RotationContext;
import dev.secrets4j.rotation.RotationHook;
import dev.secrets4j.rotation.RotationPolicy;
import dev.secrets4j.rotation.RotationState;
import dev.secrets4j.rotation.RotationStatus;
import dev.secrets4j.spi.SecretRef;
import dev.secrets4j.testing.FakeTime;
import dev.secrets4j.testing.LeakCheck;
import dev.secrets4j.testing.aws.AwsFault;
import dev.secrets4j.testing.aws.RecordedCall;
import dev.secrets4j.testing.aws.SecretsManagerEmulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * secrets4j's own rotation engine (no rotation Lambda) on Secrets Manager, through the real SDK
 * against the emulator on a fake clock: the STAGED state machine on AWSPENDING, AWSCURRENT and
 * AWSPREVIOUS, its record as the secret {@code APP_KEY.rotation}, rollback, an emergency rotation,
 * and two instances claiming one rotation.
 */
class AwsRotationIT {

    private static final String KEY = "APP_KEY";
    private static final String RECORD = "APP_KEY.rotation";

    @RegisterExtension
    final LeakCheck leaks = LeakCheck.create();

    private final FakeTime time = FakeTime.startingAt(Instant.parse("2026-01-01T00:00:00Z"));
    private final String first = leaks.canary("canary-aws-rotation-first-0000");
    private final List<String> steps = new CopyOnWriteArrayList<>();
    private final List<AwsSecretProvider> providers = new ArrayList<>();
    private final List<Secrets> instances = new ArrayList<>();
    private SecretsManagerEmulator aws;

    /** Records the steps; every value it sees becomes a canary, so no generated value may reach a log line. */
    private final RotationHook recording = new RotationHook() {
        @Override
        public void create(RotationContext r) {
            leaks.canary(r.next().asString());
            steps.add("create");
        }

        @Override
        public void verify(RotationContext r) {
            steps.add("verify");
        }

        @Override
        public void retire(RotationContext r) {
            steps.add("retire");
        }

        @Override
        public void rollback(RotationContext r) {
            steps.add("rollback");
        }
    };

    @BeforeEach
    void start() {
        aws = SecretsManagerEmulator.builder().clock(time.clock()).region("eu-west-1").accountId("123456789012")
                .credentials("AKIDEXAMPLE", "secret-key").build();
        aws.start();
        aws.createSecret(KEY, first);
    }

    @AfterEach
    void stop() {
        instances.forEach(Secrets::close);
        providers.forEach(AwsSecretProvider::close);
        aws.close();
    }

    private AwsSecretProvider provider() {
        AwsSecretProvider p = AwsSecretProvider.builder().region("eu-west-1").allowInsecureHttp()
                .endpoint(aws.endpoint().toString()).credentials("AKIDEXAMPLE", "secret-key")
                .callTimeout(Duration.ofSeconds(5)).getSecretValueBudget(1000).describeSecretBudget(1000)
                .batchGetSecretValueBudget(100).writeBudget(50).build();
        providers.add(p);
        return p;
    }

    private Secrets secrets(RotationHook hook, String instance) {
        // A long cache keeps the refreshes FakeTime runs over a month to a few; a rotation refreshes the secret itself.
        Secrets s = Secrets.builder().provider(provider()).clock(time.clock()).scheduler(time).listenerExecutor(Runnable::run)
                .cache(CachePolicy.ttl(Duration.ofDays(7)))
                .rotate(KEY, RotationPolicy.every(Duration.ofDays(30)).type("api-key").grace(Duration.ofHours(1)), hook)
                .rotationChecks(false).rotationInstanceId(instance).build();
        instances.add(s);
        return s;
    }

    /** Every version of the secret to its labels (metadata labels {@code secrets4j:...} included). */
    private Map<String, List<String>> labels() {
        return aws.versionStages(KEY);
    }

    /** Every version of the secret to its AWS labels only (AWSCURRENT, AWSPREVIOUS, AWSPENDING). */
    private Map<String, List<String>> awsLabels() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        labels().forEach((version, stages) -> out.put(version, stages.stream().filter(l -> l.startsWith("AWS")).toList()));
        return out;
    }

    private String versionWith(String label) {
        return labels().entrySet().stream().filter(e -> e.getValue().contains(label)).map(Map.Entry::getKey).findFirst()
                .orElseThrow(() -> new AssertionError("no version of " + KEY + " holds " + label + ": " + labels()));
    }

    private long calls(String operation, String secret) {
        return aws.requests().stream().filter(c -> c.operation().equals(operation) && c.secretIds().contains(secret)).count();
    }

    @Test
    void staged_whenDue_promotesOnAwsLabels_keepsPreviousThroughGrace_thenRetiresIt() {
        Secrets secrets = secrets(recording, "i-1");
        String v1 = secrets.get(KEY).version();

        time.advance(Duration.ofDays(29));
        secrets.rotateDue();
        assertThat(secrets.rotationStatus(KEY).state()).isEmpty();
        assertThat(aws.secretNames()).containsExactly(KEY);

        time.advance(Duration.ofDays(1).plusMinutes(1));
        aws.resetCalls();
        secrets.rotateDue();

        RotationStatus promoted = secrets.rotationStatus(KEY);
        assertThat(promoted.state()).contains(RotationState.PROMOTED);
        String v2 = versionWith("AWSCURRENT");
        assertThat(awsLabels()).containsExactly(Map.entry(v1, List.of("AWSPREVIOUS")), Map.entry(v2, List.of("AWSCURRENT")));
        assertThat(secrets.get(KEY).version()).isEqualTo(v2);
        assertThat(secrets.get(KEY).asString()).isNotEqualTo(first).hasSize(32);
        assertThat(secrets.versions(KEY)).extracting(Secret::version).containsExactly(v2, v1);
        // The engine's metadata rides on labels: the grace the Keyset honours, the id recovery looks for.
        assertThat(secrets.get(KEY).metadata("rotation-grace")).contains("PT1H");
        assertThat(labels().get(v2)).contains("secrets4j:rotation-grace=PT1H");
        assertThat(steps).containsExactly("create", "verify");
        // The secret: one pending write, one compare-and-set move of AWSCURRENT plus taking AWSPENDING off.
        assertThat(calls("PutSecretValue", KEY)).isEqualTo(1);
        assertThat(calls("UpdateSecretVersionStage", KEY)).isEqualTo(2);
        // The record: created once (PLANNED), then each state a compare-and-set write (PutSecretValue as
        // AWSPENDING + a move of AWSCURRENT from the version read): CREATED, VERIFIED, PROMOTED.
        assertThat(aws.secretNames()).containsExactly(KEY, RECORD);
        assertThat(calls("CreateSecret", RECORD)).isEqualTo(1);
        assertThat(calls("PutSecretValue", RECORD)).isEqualTo(3);
        assertThat(calls("UpdateSecretVersionStage", RECORD)).isEqualTo(3);
        assertThat(aws.requests()).filteredOn(c -> List.of("CreateSecret", "PutSecretValue", "UpdateSecretVersionStage")
                .contains(c.operation())).extracting(RecordedCall::status).containsOnly(200);

        time.advance(Duration.ofMinutes(59));
        secrets.rotateDue();
        assertThat(secrets.rotationStatus(KEY).state()).contains(RotationState.PROMOTED);

        time.advance(Duration.ofMinutes(2));
        aws.resetCalls();
        secrets.rotateDue();

        assertThat(secrets.rotationStatus(KEY).state()).contains(RotationState.FINISHED);
        assertThat(labels()).containsEntry(v1, List.of()); // no label at all: deprecated, as AWS calls it
        assertThat(awsLabels()).containsExactly(Map.entry(v1, List.of()), Map.entry(v2, List.of("AWSCURRENT")));
        assertThat(secrets.versions(KEY)).extracting(Secret::version).containsExactly(v2);
        assertThat(steps).containsExactly("create", "verify", "retire");
        assertThat(calls("UpdateSecretVersionStage", KEY)).isEqualTo(1);
        assertThat(calls("PutSecretValue", KEY)).isZero();
        String record = provider().get(SecretRef.ofName(RECORD)).orElseThrow().asString();
        assertThat(record).contains("\"state\":\"FINISHED\"", "\"from\":\"" + v1 + "\"", "\"to\":\"" + v2 + "\"",
                "\"owner\":\"i-1\"");
        leaks.assertNoLeak(secrets, promoted, record);
    }

    @Test
    void verifyFailure_rollsBack_awsPendingTakenOff_currentUnchanged_stateFailed() {
        RotationHook failing = new RotationHook() {
            @Override
            public void create(RotationContext r) throws Exception {
                recording.create(r);
            }

            @Override
            public void verify(RotationContext r) {
                throw new IllegalStateException("login with the new key was refused");
            }

            @Override
            public void rollback(RotationContext r) throws Exception {
                recording.rollback(r);
            }
        };
        Secrets secrets = secrets(failing, "i-1");
        String v1 = secrets.get(KEY).version();
        time.advance(Duration.ofDays(31));

        secrets.rotateDue();

        RotationStatus failed = secrets.rotationStatus(KEY);
        assertThat(failed.state()).contains(RotationState.FAILED);
        assertThat(failed.lastError()).hasValueSatisfying(e -> assertThat(e).contains("login with the new key was refused"));
        assertThat(steps).containsExactly("create", "rollback");
        assertThat(versionWith("AWSCURRENT")).isEqualTo(v1);
        assertThat(awsLabels()).hasSize(2).containsEntry(v1, List.of("AWSCURRENT"))
                .allSatisfy((version, stages) -> assertThat(stages).doesNotContain("AWSPENDING"));
        assertThat(labels()).allSatisfy((version, stages) -> assertThat(version.equals(v1) || stages.isEmpty()).isTrue());
        assertThat(provider().pendingVersions(SecretRef.ofName(KEY))).isEmpty();
        assertThat(secrets.get(KEY).asString()).isEqualTo(first);
        assertThat(secrets.versions(KEY)).extracting(Secret::version).containsExactly(v1);
        leaks.assertNoLeak(secrets, failed);
    }

    @Test
    void rotateNow_duringGrace_retiresThePreviousAtOnce_andRotatesWithoutGrace() {
        Secrets secrets = secrets(recording, "i-1");
        String v1 = secrets.get(KEY).version();
        time.advance(Duration.ofDays(31));
        secrets.rotateDue();
        String v2 = versionWith("AWSCURRENT");
        time.advance(Duration.ofMinutes(10)); // within the grace period
        int v1Labels = labels().get(v1).size();
        int v2Labels = labels().get(v2).size();
        aws.resetCalls();

        RotationStatus now = secrets.rotateNow(KEY);

        assertThat(now.state()).contains(RotationState.FINISHED);
        String v3 = versionWith("AWSCURRENT");
        assertThat(labels()).containsEntry(v1, List.of()).containsEntry(v2, List.of());
        assertThat(awsLabels()).containsExactly(Map.entry(v1, List.of()), Map.entry(v2, List.of()),
                Map.entry(v3, List.of("AWSCURRENT")));
        assertThat(secrets.versions(KEY)).extracting(Secret::version).containsExactly(v3);
        assertThat(secrets.get(KEY).version()).isEqualTo(v3);
        assertThat(secrets.get(KEY).metadata("rotation-grace")).contains("PT0S");
        assertThat(steps).containsExactly("create", "verify", "retire", "create", "verify", "retire");
        // One pending write; UpdateSecretVersionStage takes one label a call: each label off v1 (AWSPREVIOUS),
        // AWSCURRENT onto v3 and AWSPENDING off it, then each label off v2 (AWSPREVIOUS in place of AWSCURRENT).
        assertThat(calls("PutSecretValue", KEY)).isEqualTo(1);
        assertThat(calls("UpdateSecretVersionStage", KEY)).isEqualTo(v1Labels + 2 + v2Labels);
        leaks.assertNoLeak(secrets, now);
    }

    @Test
    void writesFailingRightAfterThePendingWrite_leaveItUnrecorded_andRecoveryFindsItByItsRotationIdLabel() {
        Secrets secrets = secrets(recording, "i-1");
        String v1 = secrets.get(KEY).version();
        time.advance(Duration.ofDays(31));
        // The pending write goes through; from then on every write is lost on the way (the instance is cut off),
        // so neither its record (still PLANNED, without the new version) nor the rollback can be written.
        aws.faults().add(AwsFault.before(() -> aws.faults().add(AwsFault.reset().on("PutSecretValue", "UpdateSecretVersionStage")))
                .on("PutSecretValue").times(1));

        secrets.rotateDue();

        String orphan = versionWith("AWSPENDING");
        assertThat(labels().get(orphan)).anyMatch(l -> l.startsWith("secrets4j:rotation-id=i-1@"));
        assertThat(secrets.rotationStatus(KEY).state()).contains(RotationState.PLANNED);
        aws.faults().clear();

        secrets.rotateDue();

        RotationStatus recovered = secrets.rotationStatus(KEY);
        assertThat(recovered.state()).contains(RotationState.FAILED);
        assertThat(recovered.lastError()).hasValueSatisfying(e -> assertThat(e).contains("interrupted at PLANNED"));
        assertThat(labels()).containsEntry(orphan, List.of()).containsEntry(v1, List.of("AWSCURRENT"));
        assertThat(provider().pendingVersions(SecretRef.ofName(KEY))).isEmpty();
        assertThat(secrets.get(KEY).version()).isEqualTo(v1);

        time.advance(Duration.between(time.now(), recovered.nextDue().orElseThrow()).plusSeconds(1));
        secrets.rotateDue();

        assertThat(secrets.rotationStatus(KEY).state()).contains(RotationState.PROMOTED);
        leaks.assertNoLeak(secrets, recovered);
    }

    @Test
    void twoInstances_claimingTheSameRotation_theRecordsCreateLetsExactlyOneRotate() {
        Secrets a = secrets(recording, "i-a");
        Secrets b = secrets(recording, "i-b");
        time.advance(Duration.ofDays(31));
        // While a's CreateSecret of the record is on its way, b runs a whole check and claims the rotation first.
        aws.faults().add(AwsFault.before(b::rotateDue).on("CreateSecret").times(1));
        aws.resetCalls();

        a.rotateDue();

        assertThat(aws.requests()).filteredOn(c -> c.operation().equals("CreateSecret"))
                .extracting(RecordedCall::status).containsExactlyInAnyOrder(200, 400);
        assertThat(calls("PutSecretValue", KEY)).isEqualTo(1);
        assertThat(steps).containsExactly("create", "verify");
        assertThat(a.rotationStatus(KEY).state()).contains(RotationState.PROMOTED);
        assertThat(provider().get(SecretRef.ofName(RECORD)).orElseThrow().asString()).contains("\"owner\":\"i-b\"");
        assertThat(leaks.capturedLines()).noneMatch(l -> l.startsWith("WARN") && l.contains("rotation"));
    }
}
