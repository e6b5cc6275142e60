package dev.secrets4j.provider.aws;

import dev.secrets4j.Secret;
import dev.secrets4j.SecretProviderException;
import dev.secrets4j.spi.Lookup;
import dev.secrets4j.spi.ProviderHealth;
import dev.secrets4j.spi.PutOptions;
import dev.secrets4j.spi.SecretRef;
import dev.secrets4j.testing.LeakCheck;
import dev.secrets4j.testing.aws.AwsFault;
import dev.secrets4j.testing.aws.RecordedCall;
import dev.secrets4j.testing.aws.RotationHook;
import dev.secrets4j.testing.aws.SecretsManagerEmulator;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The provider through the real SDK over loopback against the emulator; static credentials, fixed region. */
class AwsSecretProviderIT {

    @RegisterExtension
    final LeakCheck leaks = LeakCheck.create();

    private final String one = leaks.canary("canary-aws-one-1111");
    private final String two = leaks.canary("canary-aws-two-2222");
    private SecretsManagerEmulator aws;
    private final List<AwsSecretProvider> providers = new ArrayList<>();

    @BeforeEach
    void start() {
        aws = SecretsManagerEmulator.builder().region("us-east-1").accountId("123456789012")
                .credentials("AKIDEXAMPLE", "secret-key").build();
        aws.start();
    }

    @AfterEach
    void stop() {
        providers.forEach(AwsSecretProvider::close);
        aws.close();
    }

    private AwsSecretProvider provider(Consumer<AwsSecretProvider.Builder> extra) {
        AwsSecretProvider.Builder b = AwsSecretProvider.builder().region("us-east-1").allowInsecureHttp()
                .endpoint(aws.endpoint().toString()).credentials("AKIDEXAMPLE", "secret-key").callTimeout(Duration.ofSeconds(3))
                .getSecretValueBudget(1000).describeSecretBudget(1000).batchGetSecretValueBudget(100);
        extra.accept(b);
        AwsSecretProvider p = b.build();
        providers.add(p);
        return p;
    }

    private AwsSecretProvider provider() {
        return provider(b -> { });
    }

    private static String json(String password) {
        return "{\"user\":\"app\",\"password\":\"" + password + "\"}";
    }

    @Test
    void get_fieldWholeStringAndBinary_withMetadata() {
        String arn = aws.createSecret("prod/db", json(one));
        aws.createBinarySecret("prod/blob", new byte[] {1, 2, 3});
        AwsSecretProvider p = provider();

        Secret s = p.get(SecretRef.parse("aws:prod/db#password")).orElseThrow();
        assertThat(s.asString()).isEqualTo(one);
        assertThat(s.metadata()).containsEntry("arn", arn).containsEntry("stages", "AWSCURRENT");
        assertThat(s.createdAt()).isPresent();
        assertThat(p.get(SecretRef.parse("aws:" + arn + "#user")).orElseThrow().asString()).isEqualTo("app");
        assertThat(p.get(SecretRef.parse("aws:prod/blob")).orElseThrow().asBytes()).containsExactly(1, 2, 3);
        assertThat(p.get(SecretRef.parse("aws:prod/none"))).isEmpty();
        assertThatThrownBy(() -> p.get(SecretRef.parse("aws:prod/blob#password"))).hasMessageContaining("aws:prod/blob#password");
        leaks.assertNoLeak(s, p);
    }

    @Test
    void getAll_twoHundredSecrets_takesTenBatchCalls_andMatchesNamesAndArns() {
        List<SecretRef> refs = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String arn = aws.createSecret("app/s" + i, json(one));
            refs.add(SecretRef.parse("aws:" + (i % 2 == 0 ? "app/s" + i : arn) + "#password"));
        }
        refs.add(SecretRef.parse("aws:app/missing"));
        aws.resetCalls();

        Map<SecretRef, Lookup> out = provider().getAll(refs);

        assertThat(out).hasSize(201);
        assertThat(out.values().stream().filter(l -> l instanceof Lookup.Found).count()).isEqualTo(200);
        assertThat(out.get(SecretRef.parse("aws:app/missing"))).isInstanceOf(Lookup.Absent.class);
        assertThat(aws.calls("BatchGetSecretValue")).isEqualTo(11);
        assertThat(aws.calls("GetSecretValue")).isZero();
    }

    @Test
    void getAll_eachBatchErrorEntry_isItsOwnFailure() {
        aws.createSecret("app/ok", json(one));
        aws.createSecret("app/gone", json(two));
        aws.deleteSecret("app/gone", Duration.ofDays(7));
        SecretRef ok = SecretRef.parse("aws:app/ok#password");
        SecretRef gone = SecretRef.parse("aws:app/gone#password");
        SecretRef missing = SecretRef.parse("aws:app/missing");

        Map<SecretRef, Lookup> out = provider().getAll(List.of(ok, gone, missing));

        assertThat(out.get(ok)).isInstanceOf(Lookup.Found.class);
        assertThat(out.get(missing)).isInstanceOf(Lookup.Absent.class);
        assertThat(out.get(gone)).isInstanceOfSatisfying(Lookup.Failed.class, f -> {
            assertThat(f.error().isRetryable()).isFalse();
            assertThat(f.error().getMessage()).contains("app/gone", "marked for deletion");
        });
        assertThat(aws.calls("BatchGetSecretValue")).isEqualTo(1);
    }

    @Test
    void getAll_whenBatchDenied_fallsBackToGetSecretValue() {
        aws.createSecret("a", json(one));
        aws.createSecret("b", json(two));
        aws.denyBatch(true);
        aws.resetCalls();

        Map<SecretRef, Lookup> out = provider().getAll(List.of(SecretRef.parse("aws:a#password"), SecretRef.parse("aws:b#password")));

        assertThat(out.values()).allMatch(l -> l instanceof Lookup.Found);
        assertThat(aws.calls("GetSecretValue")).isEqualTo(2);
        assertThat(leaks.capturedLines()).anyMatch(l -> l.contains("BatchGetSecretValue") && l.contains("one by one"));
    }

    @Test
    void refresh_describesOnly_andGetsWhenCurrentMoved() {
        aws.createSecret("prod/db", json(one));
        AwsSecretProvider p = provider();
        SecretRef ref = SecretRef.parse("aws:prod/db#password");
        p.get(ref);
        aws.resetCalls();

        for (int i = 0; i < 5; i++) {
            assertThat(p.get(ref).orElseThrow().asString()).isEqualTo(one);
        }
        assertThat(aws.calls("DescribeSecret")).isEqualTo(5);
        assertThat(aws.calls("GetSecretValue")).isZero();

        aws.putSecretValue("prod/db", json(two));
        assertThat(p.get(ref).orElseThrow().asString()).isEqualTo(two);
        assertThat(p.get(ref).orElseThrow().asString()).isEqualTo(two);
        assertThat(aws.calls("GetSecretValue")).isEqualTo(1);
    }

    @Test
    void rotation_changesValueOnlyAtFinishSecret() {
        aws.createSecret("prod/db", json(one));
        AwsSecretProvider p = provider();
        SecretRef ref = SecretRef.parse("aws:prod/db#password");
        String before = p.get(ref).orElseThrow().version();
        List<String> seen = new ArrayList<>();
        RotationHook standard = RotationHook.standard(current -> json(two));
        aws.rotate("prod/db", (step, rotation) -> {
            seen.add(step.wireName() + "=" + p.get(ref).orElseThrow().version().equals(before));
            standard.onStep(step, rotation);
        });

        assertThat(seen).containsExactly("createSecret=true", "setSecret=true", "testSecret=true", "finishSecret=true");
        Secret after = p.get(ref).orElseThrow();
        assertThat(after.asString()).isEqualTo(two);
        List<Secret> versions = p.versions(ref);
        assertThat(versions).extracting(Secret::asString).containsExactly(two, one);
        assertThat(p.get(ref, "AWSPREVIOUS").orElseThrow().version()).isEqualTo(before);
    }

    @Test
    void errors_throttlingIsRetriedByOneLayer_andAttemptsAreCounted() {
        aws.createSecret("prod/db", json(one));
        AwsSecretProvider p = provider(b -> b.maxAttempts(3));
        aws.faults().add(AwsFault.throttling().on("GetSecretValue").times(2));
        aws.resetCalls();
        assertThat(p.get(SecretRef.parse("aws:prod/db#password")).orElseThrow().asString()).isEqualTo(one);
        assertThat(aws.calls("GetSecretValue")).isEqualTo(3);

        aws.faults().clear();
        aws.faults().add(AwsFault.status(503).on("GetSecretValue").times(5));
        aws.resetCalls();
        assertThatThrownBy(() -> p.get(SecretRef.parse("aws:prod/other"))).isInstanceOfSatisfying(SecretProviderException.class,
                e -> assertThat(e.isRetryable()).isTrue());
        assertThat(aws.calls("GetSecretValue")).isEqualTo(3);
    }

    @Test
    void errors_accessDeniedIsPermanent_andNamesSecretRegionAndAction() {
        aws.createSecret("prod/db", json(one));
        aws.faults().add(AwsFault.accessDenied().on("GetSecretValue"));
        AwsSecretProvider p = provider();
        aws.resetCalls();
        assertThatThrownBy(() -> p.get(SecretRef.parse("aws:prod/db"))).isInstanceOfSatisfying(SecretProviderException.class, e -> {
            assertThat(e.isRetryable()).isFalse();
            assertThat(e.getMessage()).contains("prod/db", "us-east-1", "secretsmanager:GetSecretValue").doesNotContain("AKIDEXAMPLE");
        });
        assertThat(aws.calls("GetSecretValue")).isEqualTo(1);
    }

    @Test
    void deletedSecret_isServedWithWarningAndDegradedHealth() {
        aws.createSecret("prod/db", json(one));
        AwsSecretProvider p = provider();
        SecretRef ref = SecretRef.parse("aws:prod/db#password");
        p.get(ref);
        aws.deleteSecret("prod/db", Duration.ofDays(7));

        assertThat(p.get(ref).orElseThrow().asString()).isEqualTo(one);
        p.get(ref);
        assertThat(p.health().status()).isEqualTo(ProviderHealth.Status.DEGRADED);
        assertThat(leaks.capturedLines().stream().filter(l -> l.contains("scheduled for deletion")).count()).isEqualTo(1);
    }

    @Test
    void put_movesCurrent_andStaleExpectedVersionIsConflictNamingBothIds() {
        aws.createSecret("prod/db", json(one));
        AwsSecretProvider p = provider(b -> b.writeBudget(50));
        SecretRef ref = SecretRef.parse("aws:prod/db");
        String v1 = p.get(ref).orElseThrow().version();

        Secret w = p.put(ref, json(two).getBytes(StandardCharsets.UTF_8), PutOptions.none());
        assertThat(p.get(ref).orElseThrow().version()).isEqualTo(w.version()).isNotEqualTo(v1);
        assertThat(aws.calls("PutSecretValue")).isEqualTo(1);

        assertThatThrownBy(() -> p.put(ref, json(one).getBytes(StandardCharsets.UTF_8), PutOptions.expectVersion(v1)))
                .isInstanceOfSatisfying(SecretProviderException.class, e -> {
                    assertThat(e.isRetryable()).isFalse();
                    assertThat(e.getMessage()).contains(v1, "conflicting");
                });
        assertThat(p.get(ref).orElseThrow().version()).isEqualTo(w.version());
    }

    @Test
    void put_withStagePending_leavesCurrentAlone_andThePendingValueIsReadableByItsStage() {
        aws.createSecret("prod/db", json(one));
        AwsSecretProvider p = provider(b -> b.writeBudget(50));
        SecretRef ref = SecretRef.parse("aws:prod/db#password");
        String current = p.get(ref).orElseThrow().version();

        Secret pending = p.put(SecretRef.parse("aws:prod/db"), json(two).getBytes(StandardCharsets.UTF_8),
                new PutOptions(java.util.Optional.empty(), Map.of("stage", "AWSPENDING")));

        assertThat(p.get(ref).orElseThrow().version()).isEqualTo(current);
        assertThat(p.get(ref).orElseThrow().asString()).isEqualTo(one);
        assertThat(p.get(ref, "AWSPENDING").orElseThrow().version()).isEqualTo(pending.version());
        assertThat(p.get(ref, "AWSPENDING").orElseThrow().asString()).isEqualTo(two);
        assertThat(p.versions(ref)).extracting(Secret::version).doesNotContain(pending.version());
    }

    @Test
    void put_whenFirstAttemptTimesOut_retryReusesTokenAndLeavesOneVersion() {
        aws.createSecret("prod/db", json(one));
        AwsSecretProvider p = provider(b -> b.writeBudget(50).callTimeout(Duration.ofMillis(700)).maxAttempts(3));
        SecretRef ref = SecretRef.parse("aws:prod/db");
        String v1 = p.get(ref).orElseThrow().version();
        aws.faults().add(AwsFault.latency(Duration.ofMillis(1200)).on("PutSecretValue").times(1));
        aws.resetCalls();

        Secret w = p.put(ref, json(two).getBytes(StandardCharsets.UTF_8), PutOptions.none());

        // The delayed first attempt lands later with the same token and value: a no-op, not a second version.
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> aws.requests().stream()
                .filter(c -> c.operation().equals("PutSecretValue") && c.status() == 200).count() == 2);
        assertThat(aws.calls("PutSecretValue")).isEqualTo(2);
        assertThat(p.get(ref).orElseThrow().version()).isEqualTo(w.version());
        assertThat(p.get(ref, "AWSPREVIOUS").orElseThrow().version()).isEqualTo(v1);
    }

    @Test
    void budget_burstNeverReachesTheEmulatorFasterThanTheBudget() {
        aws.createSecret("prod/db", json(one));
        AwsSecretProvider p = provider(b -> b.describeSecretBudget(5));
        SecretRef ref = SecretRef.parse("aws:prod/db");
        p.get(ref);
        long start = System.nanoTime();
        for (int i = 0; i < 12; i++) {
            p.get(ref);
        }
        // A burst of 5, then one token every 200 ms: 12 calls need at least 1.4 s whatever the call time.
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(1350));
        assertThat(aws.calls("DescribeSecret")).isEqualTo(12);
        assertThat(p.throttleWaits().get("DescribeSecret")).isGreaterThan(Duration.ZERO);
        List<RecordedCall> calls = aws.requests();
        assertThat(calls).isNotEmpty();
    }
}
