package dev.secrets4j.engine;

import dev.secrets4j.AuditEvent;
import dev.secrets4j.CachePolicy;
import dev.secrets4j.Secret;
import dev.secrets4j.SecretChange;
import dev.secrets4j.SecretProviderException;
import dev.secrets4j.Secrets;
import dev.secrets4j.generate.SecretGenerator;
import dev.secrets4j.rotation.RotationContext;
import dev.secrets4j.rotation.RotationHook;
import dev.secrets4j.rotation.RotationPlan;
import dev.secrets4j.rotation.RotationPolicy;
import dev.secrets4j.rotation.RotationState;
import dev.secrets4j.rotation.RotationStatus;
import dev.secrets4j.rotation.RotationStrategy;
import dev.secrets4j.spi.Capability;
import dev.secrets4j.spi.SecretRef;
import dev.secrets4j.testing.FakeTime;
import dev.secrets4j.testing.InMemorySecretProvider;
import dev.secrets4j.testing.LeakCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The rotation engine on the in-memory provider and a fake clock: the state machine, failures, fleets, dry runs. */
class RotationTest {

    @RegisterExtension
    final LeakCheck leaks = LeakCheck.create();

    private final FakeTime time = FakeTime.startingAt(Instant.parse("2026-01-01T00:00:00Z"));
    private final InMemorySecretProvider memory = InMemorySecretProvider.builder().clock(time.clock()).build();
    private final String first = leaks.canary("canary-rotation-first-0000");
    private final List<AuditEvent> audit = new CopyOnWriteArrayList<>();
    private final List<String> steps = new CopyOnWriteArrayList<>();
    private final AtomicInteger made = new AtomicInteger();

    /** Canary values canary-rotation-new-N, each registered with the leak check. */
    private final SecretGenerator canaries = new SecretGenerator() {
        @Override
        public String type() {
            return "canary";
        }

        @Override
        public byte[] generate(SecureRandom random) {
            return leaks.canary("canary-rotation-new-" + made.incrementAndGet()).getBytes(StandardCharsets.UTF_8);
        }
    };

    private final RotationHook recording = new RotationHook() {
        @Override
        public void create(RotationContext r) {
            steps.add("create " + r.next().version() + r.slot().map(s -> " slot " + s).orElse(""));
        }

        @Override
        public void verify(RotationContext r) {
            steps.add("verify " + r.next().version());
        }

        @Override
        public void retire(RotationContext r) {
            steps.add("retire " + r.previous().map(Secret::version).orElse("-"));
        }

        @Override
        public void rollback(RotationContext r) {
            steps.add("rollback " + r.next().version());
        }
    };

    private Secrets.Builder builder(InMemorySecretProvider provider, RotationPolicy policy, RotationHook hook) {
        return Secrets.builder().provider(provider).listenerExecutor(Runnable::run).clock(time.clock()).scheduler(time)
                .cache(CachePolicy.ttl(Duration.ofHours(6))).auditSink(audit::add).generator(canaries)
                .rotationCheckEvery(Duration.ofHours(1)).rotate("DB_PASSWORD", policy, hook);
    }

    private static RotationPolicy every90Days() {
        return RotationPolicy.every(Duration.ofDays(90)).type("canary").grace(Duration.ofHours(24));
    }

    private List<AuditEvent.Action> rotationActions() {
        return audit.stream().map(AuditEvent::action)
                .filter(a -> a != AuditEvent.Action.FETCH && a != AuditEvent.Action.CHANGED).toList();
    }

    @Test
    void staged_rotatesWhenDue_keepsPreviousThroughGrace_thenRetiresIt() {
        memory.set("DB_PASSWORD", first);
        try (Secrets secrets = builder(memory, every90Days(), recording).build()) {
            List<SecretChange> changes = new ArrayList<>();
            secrets.onChange("DB_PASSWORD", changes::add);

            time.advance(Duration.ofDays(89));
            assertThat(secrets.rotationStatus("DB_PASSWORD").state()).isEmpty();

            time.advance(Duration.ofDays(1).plusHours(2));

            RotationStatus promoted = secrets.rotationStatus("DB_PASSWORD");
            assertThat(promoted.state()).contains(RotationState.PROMOTED);
            assertThat(secrets.get("DB_PASSWORD").asString()).isEqualTo("canary-rotation-new-1");
            assertThat(secrets.versions("DB_PASSWORD")).extracting(Secret::asString)
                    .containsExactly("canary-rotation-new-1", first);
            assertThat(changes).singleElement().satisfies(c -> assertThat(c.previous().asString()).isEqualTo(first));
            assertThat(steps).containsExactly("create 2", "verify 2");

            time.advance(Duration.ofHours(25));

            RotationStatus finished = secrets.rotationStatus("DB_PASSWORD");
            assertThat(finished.state()).contains(RotationState.FINISHED);
            assertThat(finished.nextDue()).contains(promoted.lastRotated().orElseThrow().plus(Duration.ofDays(90)));
            assertThat(secrets.versions("DB_PASSWORD")).extracting(Secret::asString).containsExactly("canary-rotation-new-1");
            assertThat(steps).containsExactly("create 2", "verify 2", "retire 1");
            assertThat(changes).hasSize(1);
            assertThat(rotationActions()).containsExactly(AuditEvent.Action.ROTATION_STARTED, AuditEvent.Action.WRITE,
                    AuditEvent.Action.ROTATION_PROMOTED, AuditEvent.Action.RETIRED);
            leaks.assertNoLeak(finished, promoted, changes, secrets, audit);
        }
    }

    @Test
    void verifyFailure_rollsBack_keepsCurrent_retiresPending_thenRetriesAndSucceeds() {
        memory.set("DB_PASSWORD", first);
        AtomicInteger verifies = new AtomicInteger();
        RotationHook failsOnce = new RotationHook() {
            @Override
            public void verify(RotationContext r) {
                if (verifies.incrementAndGet() == 1) {
                    // A database error quoting the statement, value included: it must not reach any log or record.
                    throw new IllegalStateException("login failed for ALTER USER app PASSWORD '" + r.next().asString() + "'");
                }
            }

            @Override
            public void rollback(RotationContext r) {
                steps.add("rollback " + r.next().version());
            }
        };
        try (Secrets secrets = builder(memory, every90Days(), failsOnce).rotationChecks(false).build()) {
            List<SecretChange> changes = new ArrayList<>();
            secrets.onChange("DB_PASSWORD", changes::add);

            time.advance(Duration.ofDays(91));
            secrets.rotateDue();

            RotationStatus failed = secrets.rotationStatus("DB_PASSWORD");
            assertThat(failed.state()).contains(RotationState.FAILED);
            assertThat(failed.lastError().orElseThrow()).contains("failed at CREATED", "login failed", "****")
                    .doesNotContain("canary-rotation-new-1");
            assertThat(secrets.get("DB_PASSWORD").asString()).isEqualTo(first);
            assertThat(memory.get(SecretRef.ofName("DB_PASSWORD"), "2")).isEmpty(); // the pending version is retired
            assertThat(steps).containsExactly("rollback 2");
            assertThat(changes).isEmpty();
            assertThat(rotationActions()).containsSubsequence(AuditEvent.Action.ROTATION_FAILED,
                    AuditEvent.Action.ROTATION_ROLLED_BACK);

            secrets.rotateDue(); // the backoff (up to a minute on the first failure) has not passed
            assertThat(secrets.rotationStatus("DB_PASSWORD").attempt()).isEqualTo(1);

            time.advance(Duration.ofMinutes(2));
            secrets.rotateDue();

            RotationStatus retried = secrets.rotationStatus("DB_PASSWORD");
            assertThat(retried.state()).contains(RotationState.PROMOTED);
            assertThat(retried.attempt()).isEqualTo(2);
            assertThat(changes).singleElement().satisfies(c -> assertThat(c.current().asString()).isEqualTo("canary-rotation-new-2"));
            leaks.assertNoLeak(failed, retried, changes, audit);
        }
    }

    @Test
    void rotateNow_isAnEmergency_noGrace_previousRetiredAtOnce() {
        memory.set("DB_PASSWORD", first);
        try (Secrets secrets = builder(memory, every90Days(), recording).build()) {
            RotationStatus status = secrets.rotateNow("DB_PASSWORD");

            assertThat(status.state()).contains(RotationState.FINISHED);
            assertThat(secrets.get("DB_PASSWORD").asString()).isEqualTo("canary-rotation-new-1");
            assertThat(secrets.versions("DB_PASSWORD")).extracting(Secret::asString).containsExactly("canary-rotation-new-1");
            assertThat(steps).containsExactly("create 2", "verify 2", "retire 1");

            // Another emergency while nothing is due still rotates.
            secrets.rotateNow("DB_PASSWORD");
            assertThat(secrets.get("DB_PASSWORD").asString()).isEqualTo("canary-rotation-new-2");
        }
    }

    @Test
    void rotateNow_duringGrace_finishesTheGraceThenRotatesAgain() {
        memory.set("DB_PASSWORD", first);
        try (Secrets secrets = builder(memory, every90Days(), recording).build()) {
            time.advance(Duration.ofDays(90).plusHours(2));
            assertThat(secrets.rotationStatus("DB_PASSWORD").state()).contains(RotationState.PROMOTED);

            secrets.rotateNow("DB_PASSWORD");

            assertThat(secrets.versions("DB_PASSWORD")).extracting(Secret::asString).containsExactly("canary-rotation-new-2");
            assertThat(steps).containsExactly("create 2", "verify 2", "retire 1", "create 3", "verify 3", "retire 2");
        }
    }

    @Test
    void rotationPlan_isADryRun_listingWhatIsDue_writingNothing() {
        memory.set("DB_PASSWORD", first);
        try (Secrets secrets = builder(memory, every90Days(), recording).rotationChecks(false).build()) {
            int writes = memory.writeCalls();

            RotationPlan early = secrets.rotationPlan();
            time.advance(Duration.ofDays(91));
            RotationPlan late = secrets.rotationPlan();

            assertThat(early.due()).isEmpty();
            assertThat(late.due()).singleElement().satisfies(e -> {
                assertThat(e.name()).isEqualTo("DB_PASSWORD");
                assertThat(e.action()).contains("never rotated");
            });
            assertThat(late.toString()).contains("* DB_PASSWORD", "STAGED", "1 of 1 due");
            assertThat(memory.writeCalls()).isEqualTo(writes);
            assertThat(secrets.get("DB_PASSWORD").asString()).isEqualTo(first);

            secrets.rotateDue();
            assertThat(secrets.rotationStatus("DB_PASSWORD").state()).contains(RotationState.PROMOTED);
        }
    }

    @Test
    void fleetOfTen_sharingOneBackend_rotatesEachDueSecretExactlyOnce() {
        memory.set("DB_PASSWORD", first);
        List<Secrets> fleet = new ArrayList<>();
        List<List<SecretChange>> seen = new ArrayList<>();
        try {
            for (int i = 0; i < 10; i++) {
                Secrets s = builder(memory, every90Days(), recording).rotationInstanceId("instance-" + i).build();
                List<SecretChange> changes = new CopyOnWriteArrayList<>();
                s.onChange("DB_PASSWORD", changes::add);
                fleet.add(s);
                seen.add(changes);
            }

            time.advance(Duration.ofDays(92));

            assertThat(audit.stream().filter(e -> e.action() == AuditEvent.Action.ROTATION_STARTED)).hasSize(1);
            assertThat(audit.stream().filter(e -> e.action() == AuditEvent.Action.RETIRED)).hasSize(1);
            assertThat(steps).containsExactly("create 2", "verify 2", "retire 1");
            assertThat(seen).allSatisfy(changes -> assertThat(changes).singleElement()
                    .satisfies(c -> assertThat(c.current().asString()).isEqualTo("canary-rotation-new-1")));
        } finally {
            fleet.forEach(Secrets::close);
        }
    }

    @Test
    void dual_alternatesSlots_andTheHookSeesWhichOne() {
        memory.set("DB_PASSWORD", first);
        RotationPolicy dual = every90Days().strategy(RotationStrategy.DUAL);
        try (Secrets secrets = builder(memory, dual, recording).build()) {
            secrets.rotateNow("DB_PASSWORD");
            secrets.rotateNow("DB_PASSWORD");
            secrets.rotateNow("DB_PASSWORD");

            assertThat(steps).filteredOn(s -> s.startsWith("create"))
                    .containsExactly("create 2 slot b", "create 3 slot a", "create 4 slot b");
            assertThat(secrets.get("DB_PASSWORD").metadata("rotation-slot")).contains("b");
        }
    }

    @Test
    void single_onAProviderWithoutStages_replacesAtOnce_andUndoesByWritingThePreviousValueBack() {
        InMemorySecretProvider plain = InMemorySecretProvider.builder().clock(time.clock())
                .capabilities(EnumSet.of(Capability.READ, Capability.VERSIONS, Capability.WRITE)).build();
        plain.set("DB_PASSWORD", first);
        AtomicInteger verifies = new AtomicInteger();
        RotationHook failsFirst = new RotationHook() {
            @Override
            public void verify(RotationContext r) {
                if (verifies.incrementAndGet() == 1) {
                    throw new IllegalStateException("the new password is refused");
                }
            }
        };
        RotationPolicy single = every90Days().strategy(RotationStrategy.SINGLE);
        try (Secrets secrets = builder(plain, single, failsFirst).build()) {
            RotationStatus failed = secrets.rotateNow("DB_PASSWORD");

            assertThat(failed.state()).contains(RotationState.FAILED);
            assertThat(secrets.get("DB_PASSWORD").asString()).isEqualTo(first);

            RotationStatus done = secrets.rotateNow("DB_PASSWORD");

            assertThat(done.state()).contains(RotationState.FINISHED);
            assertThat(secrets.get("DB_PASSWORD").asString()).isEqualTo("canary-rotation-new-2");
        }
    }

    @Test
    void strategyNeedingStages_onAProviderWithout_failsNamingProviderAndStrategy() {
        InMemorySecretProvider plain = InMemorySecretProvider.builder().clock(time.clock())
                .capabilities(EnumSet.of(Capability.READ, Capability.WRITE)).build();
        plain.set("DB_PASSWORD", first);
        try (Secrets secrets = builder(plain, every90Days(), recording).rotationChecks(false).build()) {
            assertThatThrownBy(() -> secrets.rotateNow("DB_PASSWORD")).isInstanceOf(SecretProviderException.class)
                    .hasMessageContaining("STAGED").hasMessageContaining("'memory'").hasMessageContaining("SINGLE");
        }
    }

    @Test
    void policyWithoutTypeOrOnAReadOnlyProvider_isReportedByAgeOnly_neverAttempted_andRotateNowSaysWhy() {
        memory.set("DB_PASSWORD", first);
        InMemorySecretProvider readOnly = InMemorySecretProvider.builder().id("files").clock(time.clock())
                .capabilities(EnumSet.of(Capability.READ)).build();
        readOnly.set("TLS_KEY", first);
        try (Secrets secrets = builder(memory, RotationPolicy.every(Duration.ofDays(90)), recording).provider(readOnly)
                .rotate("TLS_KEY", every90Days()).build()) {
            time.advance(Duration.ofDays(100));

            assertThat(secrets.rotationStatus("DB_PASSWORD").state()).isEmpty();
            assertThat(memory.get(SecretRef.ofName("DB_PASSWORD.rotation"))).isEmpty();
            assertThat(rotationActions()).isEmpty();
            assertThat(leaks.capturedLines()).filteredOn(l -> l.contains("reported by age only")).hasSize(2);
            assertThat(leaks.capturedLines()).noneMatch(l -> l.contains("rotation check of secret"));
            assertThatThrownBy(() -> secrets.rotateNow("DB_PASSWORD")).hasMessageContaining("without a type");
            assertThatThrownBy(() -> secrets.rotateNow("TLS_KEY")).hasMessageContaining("'files'")
                    .hasMessageContaining("STAGES");
            assertThat(secrets.get("DB_PASSWORD").asString()).isEqualTo(first);
        }
    }

    @Test
    void secretWithoutPolicy_hasNoStatus() {
        memory.set("DB_PASSWORD", first);
        memory.set("OTHER", first);
        try (Secrets secrets = builder(memory, every90Days(), recording).require("OTHER").build()) {
            assertThatThrownBy(() -> secrets.rotationStatus("OTHER")).hasMessageContaining("'OTHER' has no rotation policy");
        }
    }

    /** Stands for the death of a process in the middle of a step. */
    private static final class Crash extends Error {
        private static final long serialVersionUID = 1L;

        Crash(String where) {
            super("simulated crash " + where);
        }
    }

    @Test
    void instanceStoppedAfterCreate_isRolledBackByAnotherAfterTheLease_thenRotatedAgain() {
        memory.set("DB_PASSWORD", first);
        RotationHook dies = new RotationHook() {
            @Override
            public void create(RotationContext r) {
                throw new Crash("in create");
            }
        };
        Secrets a = builder(memory, every90Days(), dies).rotationInstanceId("A").rotationChecks(false).build();
        assertThatThrownBy(() -> a.rotateNow("DB_PASSWORD")).isInstanceOf(Crash.class);
        a.close();
        try (Secrets b = builder(memory, every90Days(), recording).rotationInstanceId("B").rotationChecks(false).build()) {
            assertThat(b.rotationStatus("DB_PASSWORD").state()).contains(RotationState.CREATED);

            b.rotateDue(); // A's lease still holds: B leaves it alone
            assertThat(b.rotationStatus("DB_PASSWORD").state()).contains(RotationState.CREATED);

            time.advance(Duration.ofMinutes(11));
            b.rotateDue();

            RotationStatus rolledBack = b.rotationStatus("DB_PASSWORD");
            assertThat(rolledBack.state()).contains(RotationState.FAILED);
            assertThat(rolledBack.lastError().orElseThrow()).contains("interrupted at CREATED", "instance A stopped");
            assertThat(b.get("DB_PASSWORD").asString()).isEqualTo(first);
            assertThat(memory.get(SecretRef.ofName("DB_PASSWORD"), "2")).isEmpty();
            assertThat(steps).containsExactly("rollback 2");

            time.advance(Duration.ofHours(2));
            b.rotateDue();

            assertThat(b.rotationStatus("DB_PASSWORD").state()).contains(RotationState.PROMOTED);
            assertThat(b.get("DB_PASSWORD").asString()).isEqualTo("canary-rotation-new-2");
        }
    }

    @Test
    void instanceRestartedWithTheSameId_recoversItsOwnRotationAtOnce_finishingOneThatWasPromoted() {
        memory.set("DB_PASSWORD", first);
        InMemorySecretProvider store = memory;
        // Dies right after the provider promoted, before the PROMOTED record is written.
        RotationHook dies = new RotationHook() {
            @Override
            public void verify(RotationContext r) {
                store.promote(SecretRef.ofName("DB_PASSWORD"), r.next().version(), r.previous().map(Secret::version));
                throw new Crash("after promote");
            }
        };
        Secrets a = builder(memory, every90Days(), dies).rotationInstanceId("host-1").rotationChecks(false).build();
        time.advance(Duration.ofDays(91));
        assertThatThrownBy(a::rotateDue).isInstanceOf(Crash.class);
        a.close();
        try (Secrets again = builder(memory, every90Days(), recording).rotationInstanceId("host-1").build()) {
            time.advance(Duration.ofSeconds(2)); // the first check recovers, no lease to wait for

            assertThat(again.rotationStatus("DB_PASSWORD").state()).contains(RotationState.PROMOTED);
            assertThat(again.get("DB_PASSWORD").asString()).isEqualTo("canary-rotation-new-1");
            assertThat(again.versions("DB_PASSWORD")).extracting(Secret::asString)
                    .containsExactly("canary-rotation-new-1", first);
        }
    }

    @Test
    void fleetOfTen_racingOnRealThreads_claimsEachRotationOnce() throws Exception {
        memory.set("DB_PASSWORD", first);
        List<Secrets> fleet = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            fleet.add(builder(memory, every90Days(), recording).rotationInstanceId("racer-" + i).rotationChecks(false).build());
        }
        time.advance(Duration.ofDays(91));
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(10);
        try {
            List<java.util.concurrent.Future<?>> runs = new ArrayList<>();
            for (Secrets s : fleet) {
                runs.add(pool.submit(() -> {
                    start.await();
                    s.rotateDue();
                    return null;
                }));
            }
            start.countDown();
            for (java.util.concurrent.Future<?> f : runs) {
                f.get();
            }
            assertThat(audit.stream().filter(e -> e.action() == AuditEvent.Action.ROTATION_STARTED)).hasSize(1);
            assertThat(steps).containsExactly("create 2", "verify 2");
            assertThat(memory.versions(SecretRef.ofName("DB_PASSWORD"))).hasSize(2);
        } finally {
            pool.shutdownNow();
            fleet.forEach(Secrets::close);
        }
    }

    @Test
    void builtInType_password_rotatesWithoutACustomGenerator_andTheValueMustPassTheDeclaredSpecs() {
        memory.set("DB_PASSWORD", first);
        memory.set("LONG_PASSWORD", first + first + first);
        RotationPolicy password = RotationPolicy.every(Duration.ofDays(90)).type("password");
        try (Secrets secrets = Secrets.builder().provider(memory).listenerExecutor(Runnable::run).clock(time.clock())
                .scheduler(time).auditSink(audit::add).rotationChecks(false)
                .rotate("DB_PASSWORD", password)
                .require("LONG_PASSWORD", dev.secrets4j.SecretSpec.minLength(64)).rotate("LONG_PASSWORD", password)
                .build()) {
            assertThat(secrets.rotateNow("DB_PASSWORD").state()).contains(RotationState.FINISHED);
            assertThat(secrets.get("DB_PASSWORD").length()).isEqualTo(32);
            leaks.canary(secrets.get("DB_PASSWORD").asString());

            RotationStatus tooShort = secrets.rotateNow("LONG_PASSWORD");

            assertThat(tooShort.state()).contains(RotationState.FAILED);
            assertThat(tooShort.lastError().orElseThrow()).contains("min-length 64");
            assertThat(secrets.get("LONG_PASSWORD").asString()).isEqualTo(first + first + first);
        }
    }

    @Test
    void policyNamingAnUnknownType_failsTheBuild_listingTheKnownOnes() {
        memory.set("DB_PASSWORD", first);
        assertThatThrownBy(() -> builder(memory, RotationPolicy.every(Duration.ofDays(9)).type("pasword"), recording).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'DB_PASSWORD'").hasMessageContaining("'pasword'").hasMessageContaining("password");
    }

    @Test
    void customGenerator_claimingABuiltInType_failsTheBuild() {
        memory.set("DB_PASSWORD", first);
        SecretGenerator impostor = SecretGenerator.of("password", random -> new byte[] {1});
        assertThatThrownBy(() -> builder(memory, every90Days(), recording).generator(impostor).build())
                .hasMessageContaining("password");
    }

    @Test
    void keyset_onARotatingSecret_keepsThePreviousKeyThroughTheGrace_butDropsItAtOnceAfterAnEmergency() {
        memory.set("DB_PASSWORD", first);
        try (Secrets secrets = builder(memory, every90Days(), recording).rotationChecks(false).build();
             dev.secrets4j.Keyset<String> keys = dev.secrets4j.Keyset.builder(secrets, "DB_PASSWORD", Secret::asString)
                     .clock(time.clock()).grace(Duration.ofHours(48)).build()) {
            time.advance(Duration.ofDays(91));
            secrets.rotateDue();

            // The store keeps the previous value 24 h (the policy's grace), shorter than the keyset's own 48 h.
            assertThat(keys.primary().key()).isEqualTo("canary-rotation-new-1");
            assertThat(keys.states()).hasSize(2).containsValue(dev.secrets4j.Keyset.State.VERIFY_ONLY);
            time.advance(Duration.ofHours(25));
            assertThat(keys.states()).hasSize(1);

            secrets.rotateNow("DB_PASSWORD");

            assertThat(keys.primary().key()).isEqualTo("canary-rotation-new-2");
            assertThat(keys.states()).hasSize(1);
            assertThat(keys.find("canary-rotation-new-1")).isEmpty();
        }
    }

    @Test
    void rotateNow_whileAScheduledCheckRotatesTheSameSecret_waitsForItThenRotatesAgain() throws Exception {
        memory.set("DB_PASSWORD", first);
        java.util.concurrent.CountDownLatch inCreate = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        RotationHook slowFirst = new RotationHook() {
            @Override
            public void create(RotationContext r) throws Exception {
                if (r.next().version().equals("2")) {
                    inCreate.countDown();
                    release.await();
                }
            }
        };
        try (Secrets secrets = builder(memory, every90Days(), slowFirst).rotationChecks(false).build()) {
            time.advance(Duration.ofDays(91));
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
            try {
                java.util.concurrent.Future<?> check = pool.submit(secrets::rotateDue);
                inCreate.await();
                // The check holds the secret's lock inside create: the emergency can only run after it.
                java.util.concurrent.Future<RotationStatus> emergency = pool.submit(() -> secrets.rotateNow("DB_PASSWORD"));
                release.countDown();
                check.get();
                RotationStatus status = emergency.get();

                assertThat(status.state()).contains(RotationState.FINISHED);
                assertThat(secrets.get("DB_PASSWORD").asString()).isEqualTo("canary-rotation-new-2");
                assertThat(secrets.versions("DB_PASSWORD")).hasSize(1);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void catalogPolicy_rotatesOnItsOwnOnlyOnceItHasAHook() {
        memory.set("API_TOKEN", first);
        memory.set("WEBHOOK", first);
        dev.secrets4j.Catalog catalog = dev.secrets4j.Catalog.parse("""
                secrets:
                  - name: API_TOKEN
                    type: canary
                    rotate-every: 30d
                  - name: WEBHOOK
                    type: canary
                    rotate-every: 30d
                    strategy: single
                """, "rotation.yaml");
        try (Secrets secrets = Secrets.builder().provider(memory).listenerExecutor(Runnable::run).clock(time.clock())
                .scheduler(time).cache(CachePolicy.ttl(Duration.ofHours(6))).auditSink(audit::add).generator(canaries)
                .rotationCheckEvery(Duration.ofHours(1)).catalog(catalog).rotationHook("WEBHOOK", RotationHook.none())
                .build()) {
            time.advance(Duration.ofDays(31));

            assertThat(secrets.rotationStatus("API_TOKEN").state()).isEmpty();
            assertThat(secrets.get("API_TOKEN").asString()).isEqualTo(first);
            assertThat(leaks.capturedLines()).anyMatch(l -> l.contains("'API_TOKEN'") && l.contains("no rotation hook"));
            assertThat(secrets.rotationStatus("WEBHOOK").state()).contains(RotationState.FINISHED);
            assertThat(secrets.get("WEBHOOK").asString()).startsWith("canary-rotation-new-");
        }
    }
}
