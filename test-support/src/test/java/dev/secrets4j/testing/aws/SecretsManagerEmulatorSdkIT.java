package dev.secrets4j.testing.aws;

import dev.secrets4j.testing.FakeTime;
import dev.secrets4j.testing.LeakCheck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.BatchGetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.InvalidParameterException;
import software.amazon.awssdk.services.secretsmanager.model.InvalidRequestException;
import software.amazon.awssdk.services.secretsmanager.model.ListSecretsResponse;
import software.amazon.awssdk.services.secretsmanager.model.PutSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceExistsException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The emulator driven by the real AWS SDK v2 client over loopback. */
class SecretsManagerEmulatorSdkIT {

    private static final Instant START = Instant.parse("2026-05-01T10:00:00.123Z");

    @RegisterExtension
    final LeakCheck leaks = LeakCheck.create();

    private final FakeTime time = FakeTime.startingAt(START);
    private SecretsManagerEmulator aws;
    private SecretsManagerClient sm;

    @BeforeEach
    void start() {
        aws = SecretsManagerEmulator.builder().clock(time.clock()).region("us-east-1").accountId("123456789012")
                .credentials("AKIDEXAMPLE", "secret-key").build().start();
        sm = client("secret-key", 1);
    }

    @AfterEach
    void stop() {
        sm.close();
        aws.close();
    }

    private SecretsManagerClient client(String secretKey, int maxAttempts) {
        return SecretsManagerClient.builder()
                .endpointOverride(aws.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", secretKey)))
                .httpClient(UrlConnectionHttpClient.builder().socketTimeout(Duration.ofSeconds(1)).build())
                .overrideConfiguration(o -> o.retryStrategy(RetryMode.STANDARD)
                        .retryStrategy(b -> b.maxAttempts(maxAttempts)))
                .build();
    }

    @Test
    void getSecretValue_byNameFullAndPartialArn_returnsCurrentWithEpochCreatedDate() {
        String value = leaks.canary("{\"password\":\"canary-get-1\"}");
        String arn = aws.createSecret("prod/db", value);

        assertThat(arn).matches("arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-[A-Za-z0-9]{6}");
        for (String id : List.of("prod/db", arn, "arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db")) {
            GetSecretValueResponse r = sm.getSecretValue(b -> b.secretId(id));
            assertThat(r.secretString()).isEqualTo(value);
            assertThat(r.arn()).isEqualTo(arn);
            assertThat(r.name()).isEqualTo("prod/db");
            assertThat(r.versionStages()).containsExactly("AWSCURRENT");
            assertThat(r.createdDate()).isEqualTo(START);
        }
        assertThat(aws.calls("GetSecretValue")).isEqualTo(3);
    }

    @Test
    void getSecretValue_binary_roundTripsBase64() {
        byte[] blob = leaks.canary(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9});
        aws.createBinarySecret("prod/blob", blob);

        GetSecretValueResponse r = sm.getSecretValue(b -> b.secretId("prod/blob"));

        assertThat(r.secretBinary().asByteArray()).isEqualTo(blob);
        assertThat(r.secretString()).isNull();
    }

    @Test
    void getSecretValue_whenMissingOrStageMismatch_throwsResourceNotFound() {
        aws.createSecret("prod/db", leaks.canary("canary-value-2"));
        String v2 = aws.putSecretValue("prod/db", leaks.canary("canary-value-3"));

        assertThatThrownBy(() -> sm.getSecretValue(b -> b.secretId("nope")))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessageContaining("can't find the specified secret");
        assertThatThrownBy(() -> sm.getSecretValue(b -> b.secretId("prod/db").versionId(v2).versionStage("AWSPREVIOUS")))
                .isInstanceOf(ResourceNotFoundException.class).hasMessageContaining("staging label: AWSPREVIOUS");
        assertThatThrownBy(() -> sm.getSecretValue(b -> b.secretId("prod/db").versionStage("AWSPENDING")))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThat(sm.getSecretValue(b -> b.secretId("prod/db").versionStage("AWSPREVIOUS")).secretString())
                .isEqualTo("canary-value-2");
    }

    @Test
    void batchGet_mixesValuesAndPerIdErrors_andDenyBatchAnswersAccessDenied() {
        String arn = aws.createSecret("a", leaks.canary("canary-batch-a"));
        aws.createSecret("b", leaks.canary("canary-batch-b"));

        BatchGetSecretValueResponse r = sm.batchGetSecretValue(b -> b.secretIdList(arn, "b", "missing"));

        assertThat(r.secretValues()).extracting(v -> v.name()).containsExactly("a", "b");
        assertThat(r.secretValues().get(0).createdDate()).isEqualTo(START);
        assertThat(r.errors()).singleElement().satisfies(e -> {
            assertThat(e.secretId()).isEqualTo("missing");
            assertThat(e.errorCode()).isEqualTo("ResourceNotFoundException");
        });
        aws.denyBatch(true);
        assertThatThrownBy(() -> sm.batchGetSecretValue(b -> b.secretIdList("a")))
                .isInstanceOfSatisfying(SecretsManagerException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException"));
        assertThat(aws.requests().get(0).secretIds()).containsExactly(arn, "b", "missing");
    }

    @Test
    void putSecretValue_sameTokenSameValue_isIdempotent_otherValueIsResourceExists() {
        aws.createSecret("prod/db", leaks.canary("canary-put-old"));
        String token = UUID.randomUUID().toString();
        String value = leaks.canary("canary-put-new");

        PutSecretValueResponse first = sm.putSecretValue(b -> b.secretId("prod/db").clientRequestToken(token).secretString(value));
        PutSecretValueResponse again = sm.putSecretValue(b -> b.secretId("prod/db").clientRequestToken(token).secretString(value));

        assertThat(first.versionId()).isEqualTo(token).isEqualTo(again.versionId());
        assertThat(first.versionStages()).containsExactly("AWSCURRENT");
        assertThat(sm.listSecretVersionIds(b -> b.secretId("prod/db")).versions()).hasSize(2);
        assertThatThrownBy(() -> sm.putSecretValue(b -> b.secretId("prod/db").clientRequestToken(token)
                .secretString("canary-put-other"))).isInstanceOf(ResourceExistsException.class);
    }

    @Test
    void putSecretValue_pendingStage_leavesCurrentAlone_andUpdateStageNeedsRemoveFrom() {
        String old = leaks.canary("canary-stage-old");
        aws.createSecret("prod/db", old);
        String oldId = currentVersion("prod/db");
        PutSecretValueResponse pending = sm.putSecretValue(b -> b.secretId("prod/db")
                .secretString(leaks.canary("canary-stage-new")).versionStages("AWSPENDING"));

        assertThat(sm.getSecretValue(b -> b.secretId("prod/db")).secretString()).isEqualTo(old);
        assertThatThrownBy(() -> sm.updateSecretVersionStage(b -> b.secretId("prod/db").versionStage("AWSCURRENT")
                .moveToVersionId(pending.versionId()))).isInstanceOf(InvalidParameterException.class);

        sm.updateSecretVersionStage(b -> b.secretId("prod/db").versionStage("AWSCURRENT")
                .moveToVersionId(pending.versionId()).removeFromVersionId(oldId));

        DescribeSecretResponse d = sm.describeSecret(b -> b.secretId("prod/db"));
        assertThat(d.versionIdsToStages()).containsEntry(oldId, List.of("AWSPREVIOUS"))
                .containsEntry(pending.versionId(), List.of("AWSPENDING", "AWSCURRENT"));
    }

    @Test
    void createSecret_existingName_isResourceExists() {
        aws.createSecret("prod/db", leaks.canary("canary-create-1"));

        assertThatThrownBy(() -> sm.createSecret(b -> b.name("prod/db").secretString("canary-create-2")))
                .isInstanceOf(ResourceExistsException.class);
        assertThat(sm.createSecret(b -> b.name("other").secretString(leaks.canary("canary-create-3"))).arn())
                .startsWith("arn:aws:secretsmanager:us-east-1:123456789012:secret:other-");
    }

    @Test
    void createSecret_nameOutsideTheServiceAlphabet_isInvalidParameter_aDottedNameIsNot() {
        assertThatThrownBy(() -> sm.createSecret(b -> b.name("app key").secretString(leaks.canary("canary-create-bad"))))
                .isInstanceOf(InvalidParameterException.class);
        assertThat(sm.createSecret(b -> b.name("APP_KEY.rotation").secretString(leaks.canary("canary-create-dot"))).name())
                .isEqualTo("APP_KEY.rotation");
    }

    @Test
    void updateSecretVersionStage_removeFromAVersionThatLostTheLabel_isInvalidParameter_deprecatedVersionsHidden() {
        aws.createSecret("prod/db", leaks.canary("canary-deprecate-1"));
        String v1 = currentVersion("prod/db");
        String v2 = aws.putSecretValue("prod/db", leaks.canary("canary-deprecate-2"));

        assertThatThrownBy(() -> sm.updateSecretVersionStage(b -> b.secretId("prod/db").versionStage("AWSCURRENT")
                .moveToVersionId(v1).removeFromVersionId(v1))).isInstanceOf(InvalidParameterException.class);
        sm.updateSecretVersionStage(b -> b.secretId("prod/db").versionStage("AWSPREVIOUS").removeFromVersionId(v1));

        assertThat(sm.listSecretVersionIds(b -> b.secretId("prod/db")).versions()).extracting(v -> v.versionId())
                .containsExactly(v2);
        assertThat(sm.listSecretVersionIds(b -> b.secretId("prod/db").includeDeprecated(true)).versions())
                .extracting(v -> v.versionId()).containsExactly(v1, v2);
        assertThat(sm.describeSecret(b -> b.secretId("prod/db")).versionIdsToStages()).containsOnlyKeys(v2);
        assertThat(sm.getSecretValue(b -> b.secretId("prod/db").versionId(v1)).versionStages()).isEmpty();
    }

    @Test
    void faults_dropAnswer_servesTheCallButTheClientSeesNoAnswer_andItsRetryMeetsTheEffect() {
        aws.faults().add(AwsFault.dropAnswer().on("CreateSecret").times(1));
        String token = UUID.randomUUID().toString();
        String value = leaks.canary("canary-drop-1");

        assertThatThrownBy(() -> sm.createSecret(b -> b.name("app/new").clientRequestToken(token).secretString(value)))
                .isInstanceOf(SdkClientException.class);
        assertThatThrownBy(() -> sm.createSecret(b -> b.name("app/new").clientRequestToken(token).secretString(value)))
                .isInstanceOf(ResourceExistsException.class);

        assertThat(aws.versionStages("app/new")).containsOnlyKeys(token);
        assertThat(aws.requests()).extracting(RecordedCall::status).containsExactly(-1, 400);
    }

    @Test
    void faults_before_runsItsActionBetweenAClientsReadAndItsWrite_soRemoveFromVersionIdNoLongerMatches() {
        aws.createSecret("prod/db", leaks.canary("canary-before-1"));
        String v1 = currentVersion("prod/db");
        String pending = aws.putSecretValue("prod/db", leaks.canary("canary-before-2"), "AWSPENDING");
        java.util.concurrent.atomic.AtomicReference<String> other = new java.util.concurrent.atomic.AtomicReference<>();
        aws.faults().add(AwsFault.before(() -> other.set(aws.putSecretValue("prod/db", "canary-before-3")))
                .on("UpdateSecretVersionStage").times(1));
        leaks.canary("canary-before-3");

        assertThatThrownBy(() -> sm.updateSecretVersionStage(b -> b.secretId("prod/db").versionStage("AWSCURRENT")
                .moveToVersionId(pending).removeFromVersionId(v1))).isInstanceOf(InvalidParameterException.class);

        assertThat(currentVersion("prod/db")).isEqualTo(other.get());
        assertThat(aws.versionStages("prod/db")).containsEntry(v1, List.of("AWSPREVIOUS"))
                .containsEntry(pending, List.of("AWSPENDING"));
        assertThat(aws.faults().active()).isEmpty();
    }

    @Test
    void rotateSecret_overTheWire_runsFourStepsAndMovesCurrent() throws Exception {
        String old = leaks.canary("canary-rotate-old");
        aws.createSecret("prod/db", old);
        String oldId = currentVersion("prod/db");
        CountDownLatch inSetSecret = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<RotationHook.Step> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        aws.rotationHook("prod/db", ((RotationHook) (step, rotation) -> {
            seen.add(step);
            if (step == RotationHook.Step.SET_SECRET) {
                inSetSecret.countDown();
                assertThat(release.await(5, TimeUnit.SECONDS)).isTrue();
            }
        }).andThen(RotationHook.standard(current -> "canary-rotate-new")));
        leaks.canary("canary-rotate-new");
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<String> rotated = pool.submit(() -> sm.rotateSecret(b -> b.secretId("prod/db")
                    .rotationLambdaARN("arn:aws:lambda:us-east-1:123456789012:function:rotate")).versionId());
            assertThat(inSetSecret.await(5, TimeUnit.SECONDS)).isTrue();
            // mid-rotation: AWSPENDING holds the new value, AWSCURRENT is unchanged
            assertThat(sm.getSecretValue(b -> b.secretId("prod/db")).secretString()).isEqualTo(old);
            assertThat(sm.getSecretValue(b -> b.secretId("prod/db").versionStage("AWSPENDING")).secretString())
                    .isEqualTo("canary-rotate-new");
            release.countDown();
            String newId = rotated.get(5, TimeUnit.SECONDS);

            assertThat(seen).containsExactly(RotationHook.Step.values());
            DescribeSecretResponse d = sm.describeSecret(b -> b.secretId("prod/db"));
            assertThat(d.rotationEnabled()).isTrue();
            assertThat(d.versionIdsToStages()).containsEntry(newId, List.of("AWSCURRENT"))
                    .containsEntry(oldId, List.of("AWSPREVIOUS"));
            assertThat(sm.getSecretValue(b -> b.secretId("prod/db")).secretString()).isEqualTo("canary-rotate-new");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void rotateSecret_withoutLambda_isInvalidRequest_andDirectRotateWritesRandomValue() {
        String old = leaks.canary("canary-rotate-2");
        aws.createSecret("prod/db", old);

        assertThatThrownBy(() -> sm.rotateSecret(b -> b.secretId("prod/db"))).isInstanceOf(InvalidRequestException.class);
        String newId = aws.rotate("prod/db");

        GetSecretValueResponse r = sm.getSecretValue(b -> b.secretId("prod/db"));
        assertThat(r.versionId()).isEqualTo(newId);
        assertThat(r.secretString()).isNotEqualTo(old);
    }

    @Test
    void deleteSecret_hidesValueShowsDeletedDate_restoreBringsItBack_andListSecretsSkipsIt() {
        aws.createSecret("prod/db", leaks.canary("canary-delete-1"));
        aws.createSecret("prod/other", leaks.canary("canary-delete-2"));
        time.advance(Duration.ofMinutes(1));
        aws.deleteSecret("prod/db", Duration.ofDays(7));

        assertThatThrownBy(() -> sm.getSecretValue(b -> b.secretId("prod/db")))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("marked for deletion");
        assertThat(sm.describeSecret(b -> b.secretId("prod/db")).deletedDate()).isEqualTo(START.plusSeconds(60));
        ListSecretsResponse list = sm.listSecrets(b -> b.maxResults(10));
        assertThat(list.secretList()).extracting(s -> s.name()).containsExactly("prod/other");
        assertThat(list.secretList().get(0).secretVersionsToStages()).hasSize(1);
        assertThat(sm.listSecrets(b -> b.includePlannedDeletion(true)).secretList()).hasSize(2);

        sm.restoreSecret(b -> b.secretId("prod/db"));
        assertThat(sm.getSecretValue(b -> b.secretId("prod/db")).secretString()).isEqualTo("canary-delete-1");
        assertThat(sm.describeSecret(b -> b.secretId("prod/db")).deletedDate()).isNull();
    }

    @Test
    void listSecrets_pagesWithNextToken_andFiltersByName() {
        for (int i = 0; i < 5; i++) {
            aws.createSecret("app/s" + i, leaks.canary("canary-list-" + i));
        }
        aws.createSecret("other", leaks.canary("canary-list-x"));

        ListSecretsResponse page1 = sm.listSecrets(b -> b.maxResults(4));
        ListSecretsResponse page2 = sm.listSecrets(b -> b.maxResults(4).nextToken(page1.nextToken()));

        assertThat(page1.secretList()).hasSize(4);
        assertThat(page2.secretList()).hasSize(2);
        assertThat(page2.nextToken()).isNull();
        assertThat(sm.listSecrets(b -> b.filters(f -> f.key("name").values("app/"))).secretList()).hasSize(5);
    }

    @Test
    void signature_withWrongSecretKey_isRejected_andNothingChanges() {
        aws.createSecret("prod/db", leaks.canary("canary-sig-1"));
        try (SecretsManagerClient bad = client("wrong-secret-key", 1)) {
            assertThatThrownBy(() -> bad.getSecretValue(b -> b.secretId("prod/db")))
                    .isInstanceOfSatisfying(SecretsManagerException.class, e -> {
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidSignatureException");
                        assertThat(e.statusCode()).isEqualTo(403);
                    });
        }
        assertThat(aws.requests()).singleElement().satisfies(c -> assertThat(c.status()).isEqualTo(403));
    }

    @Test
    void faults_throttlingThenSuccess_areRetriedBySdk_andCounted() {
        aws.createSecret("prod/db", leaks.canary("canary-fault-1"));
        aws.faults().add(AwsFault.throttling().on("GetSecretValue").times(2));
        try (SecretsManagerClient retrying = client("secret-key", 3)) {
            assertThat(retrying.getSecretValue(b -> b.secretId("prod/db")).secretString()).isEqualTo("canary-fault-1");
        }
        assertThat(aws.calls()).containsEntry("GetSecretValue", 3);
        assertThat(aws.requests()).extracting(RecordedCall::status).containsExactly(400, 400, 200);
        assertThat(aws.requests()).extracting(RecordedCall::time).containsOnly(START);
    }

    @Test
    void faults_statusResetBadJsonAndHang_surfaceAsSdkErrors() {
        aws.createSecret("prod/db", leaks.canary("canary-fault-2"));
        aws.faults().add(AwsFault.status(503).times(1)).add(AwsFault.status(429).times(1))
                .add(AwsFault.status(500).times(1)).add(AwsFault.reset().times(1)).add(AwsFault.badJson().times(1));

        assertThatThrownBy(() -> sm.describeSecret(b -> b.secretId("prod/db")))
                .isInstanceOfSatisfying(SecretsManagerException.class, e -> assertThat(e.statusCode()).isEqualTo(503));
        assertThatThrownBy(() -> sm.describeSecret(b -> b.secretId("prod/db")))
                .isInstanceOfSatisfying(SecretsManagerException.class, e -> assertThat(e.statusCode()).isEqualTo(429));
        assertThatThrownBy(() -> sm.describeSecret(b -> b.secretId("prod/db")))
                .isInstanceOfSatisfying(SecretsManagerException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InternalServiceError"));
        assertThatThrownBy(() -> sm.describeSecret(b -> b.secretId("prod/db"))).isInstanceOf(SdkClientException.class);
        assertThatThrownBy(() -> sm.describeSecret(b -> b.secretId("prod/db"))).isInstanceOf(SdkClientException.class);
        aws.faults().add(AwsFault.hang().times(1));
        assertThatThrownBy(() -> sm.describeSecret(b -> b.secretId("prod/db"))).isInstanceOf(SdkClientException.class);
        aws.faults().clear();
        assertThat(sm.describeSecret(b -> b.secretId("prod/db")).name()).isEqualTo("prod/db");
        assertThat(aws.calls("DescribeSecret")).isEqualTo(7);
        aws.resetCalls();
        assertThat(aws.calls()).isEmpty();
    }

    private String currentVersion(String name) {
        return sm.describeSecret(b -> b.secretId(name)).versionIdsToStages().entrySet().stream()
                .filter(e -> e.getValue().contains("AWSCURRENT")).map(Map.Entry::getKey).findFirst().orElseThrow();
    }

}
