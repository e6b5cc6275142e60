package dev.secrets4j.provider.file.rotation;

import dev.secrets4j.AuditEvent;
import dev.secrets4j.CachePolicy;
import dev.secrets4j.Secret;
import dev.secrets4j.SecretChange;
import dev.secrets4j.Secrets;
import dev.secrets4j.generate.SecretGenerator;
import dev.secrets4j.provider.file.FileSecretProvider;
import dev.secrets4j.provider.file.Kdf;
import dev.secrets4j.rotation.RotationContext;
import dev.secrets4j.rotation.RotationHook;
import dev.secrets4j.rotation.RotationPolicy;
import dev.secrets4j.rotation.RotationState;
import dev.secrets4j.spi.PutOptions;
import dev.secrets4j.spi.SecretRef;
import dev.secrets4j.testing.FakeTime;
import dev.secrets4j.testing.LeakCheck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ten instances of an application share one encrypted file store, each through its own
 * {@link FileSecretProvider} (its own file lock handle and read cache), and run their rotation
 * checks at the same moment on ten threads: each due secret rotates exactly once, one instance
 * writing one new version, and every instance sees exactly one change of it.
 */
class RotationFleetTest {

    private static final String MASTER = "canary-fleet-master-secret-91c4";
    private static final List<String> DUE = List.of("db_password", "api_key");
    private static final String NOT_DUE = "signing_key";
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration EVERY = Duration.ofDays(30);
    private static final Duration GRACE = Duration.ofHours(1);
    private static final int FLEET = 10;

    @RegisterExtension
    final LeakCheck leaks = LeakCheck.create();

    @TempDir
    Path folder;

    private final FakeTime time = FakeTime.startingAt(START);
    private final AtomicInteger made = new AtomicInteger();
    private final List<String> hookSteps = new CopyOnWriteArrayList<>();
    private final List<Instance> fleet = new ArrayList<>();

    /** One application instance: its provider, its Secrets, what its audit sink and listeners saw. */
    private record Instance(String id, FileSecretProvider provider, Secrets secrets, List<AuditEvent> audit,
                            Map<String, List<SecretChange>> changes) {
    }

    @AfterEach
    void closeFleet() {
        fleet.forEach(i -> {
            i.secrets().close();
            i.provider().close();
        });
    }

    private FileSecretProvider open() {
        return FileSecretProvider.builder().folder(folder).masterSecret(MASTER.toCharArray()).kdf(Kdf.argon2id())
                .clock(time.clock()).build();
    }

    private Instance start(String id) {
        FileSecretProvider provider = open();
        List<AuditEvent> audit = new CopyOnWriteArrayList<>();
        SecretGenerator canaries = SecretGenerator.of("canary", random -> leaks.canary("canary-fleet-new-"
                + made.incrementAndGet()).getBytes(StandardCharsets.UTF_8));
        RotationHook recording = new RotationHook() {
            @Override
            public void create(RotationContext r) {
                hookSteps.add(id + " create " + r.name() + " " + r.next().version());
            }

            @Override
            public void retire(RotationContext r) {
                hookSteps.add(id + " retire " + r.name() + " " + r.previous().map(Secret::version).orElse("-"));
            }

            @Override
            public void rollback(RotationContext r) {
                hookSteps.add(id + " rollback " + r.name() + " " + r.next().version());
            }
        };
        RotationPolicy policy = RotationPolicy.every(EVERY).type("canary").grace(GRACE);
        // A long cache: instances notice the rotation through the refresh the test calls.
        Secrets.Builder b = Secrets.builder().provider(provider).clock(time.clock()).scheduler(time)
                .cache(CachePolicy.ttl(Duration.ofHours(6))).listenerExecutor(Runnable::run).auditSink(audit::add).generator(canaries)
                .rotationInstanceId(id).rotationChecks(false);
        for (String name : DUE) {
            b.rotate(name, policy, recording);
        }
        Secrets secrets = b.rotate(NOT_DUE, policy, recording).build();
        Map<String, List<SecretChange>> changes = new LinkedHashMap<>();
        for (String name : secrets.declaredNames()) {
            List<SecretChange> seen = new CopyOnWriteArrayList<>();
            secrets.onChange(name, seen::add);
            changes.put(name, seen);
        }
        Instance instance = new Instance(id, provider, secrets, audit, changes);
        fleet.add(instance);
        return instance;
    }

    private void everyInstanceAtOnce(Consumer<Secrets> call) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(FLEET);
        try {
            List<Future<?>> runs = new ArrayList<>();
            for (Instance i : fleet) {
                runs.add(threads.submit(() -> {
                    go.await();
                    call.accept(i.secrets());
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> run : runs) {
                run.get(60, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    private long count(AuditEvent.Action action, String name) {
        return fleet.stream().flatMap(i -> i.audit().stream())
                .filter(e -> e.action() == action && e.secretName().equals(name)).count();
    }

    @Test
    void tenInstancesRacingRotateDue_rotateEachDueSecretOnce_andEachInstanceSeesOneChangePerSecret() throws Exception {
        leaks.canary(MASTER);
        try (FileSecretProvider setup = open()) {
            for (String name : DUE) {
                setup.put(SecretRef.ofName(name), leaks.canary("canary-fleet-old-" + name).getBytes(StandardCharsets.UTF_8),
                        PutOptions.none());
            }
            time.advance(Duration.ofDays(20)); // created later: not due when the others are
            setup.put(SecretRef.ofName(NOT_DUE), leaks.canary("canary-fleet-old-" + NOT_DUE).getBytes(StandardCharsets.UTF_8),
                    PutOptions.none());
        }
        for (int i = 0; i < FLEET; i++) {
            start("instance-" + i);
        }
        time.advance(Duration.ofDays(11)); // day 31: the first two are due, the third on day 50

        everyInstanceAtOnce(Secrets::rotateDue);

        try (FileSecretProvider store = open()) {
            for (String name : DUE) {
                assertThat(count(AuditEvent.Action.ROTATION_STARTED, name)).as("rotations of %s started", name).isEqualTo(1);
                assertThat(hookSteps).as("hook steps").filteredOn(s -> s.contains(" create " + name + " ")).hasSize(1);
                SecretRef ref = SecretRef.ofName(name);
                // One version written: 2 is the new current one, 1 stays as previous through the grace period, 3 never was.
                assertThat(store.versions(ref)).extracting(Secret::version).containsExactly("2", "1");
                assertThat(store.get(ref, "3")).as("a second new version of %s", name).isEmpty();
                for (Instance i : fleet) {
                    assertThat(i.secrets().rotationStatus(name).state()).as("%s seen by %s", name, i.id())
                            .contains(RotationState.PROMOTED);
                }
            }
            assertThat(count(AuditEvent.Action.ROTATION_STARTED, NOT_DUE)).isZero();
            assertThat(store.versions(SecretRef.ofName(NOT_DUE))).extracting(Secret::version).containsExactly("1");
        }
        assertThat(fleet.stream().flatMap(i -> i.audit().stream()).map(AuditEvent::action))
                .doesNotContain(AuditEvent.Action.ROTATION_FAILED, AuditEvent.Action.ROTATION_ROLLED_BACK);

        // Every other instance notices at its next refresh; the rotating one noticed at promotion.
        fleet.forEach(i -> DUE.forEach(i.secrets()::refresh));

        for (Instance i : fleet) {
            for (String name : DUE) {
                String current = i.secrets().get(name).asString();
                assertThat(current).startsWith("canary-fleet-new-");
                assertThat(i.changes().get(name)).as("changes of %s seen by %s", name, i.id()).singleElement()
                        .satisfies(c -> {
                            assertThat(c.previous().asString()).isEqualTo("canary-fleet-old-" + name);
                            assertThat(c.current().asString()).isEqualTo(current);
                        });
            }
            assertThat(i.changes().get(NOT_DUE)).isEmpty();
        }

        // The end of the grace period, also raced: the previous version is retired once.
        time.advance(GRACE.plusMinutes(1));
        everyInstanceAtOnce(Secrets::rotateDue);

        try (FileSecretProvider store = open()) {
            for (String name : DUE) {
                assertThat(count(AuditEvent.Action.RETIRED, name)).as("retirements of %s", name).isEqualTo(1);
                assertThat(hookSteps).filteredOn(s -> s.contains(" retire " + name + " ")).hasSize(1);
                assertThat(store.versions(SecretRef.ofName(name))).extracting(Secret::version).containsExactly("2");
                assertThat(fleet.get(0).secrets().rotationStatus(name).state()).contains(RotationState.FINISHED);
            }
        }
        assertThat(hookSteps).noneMatch(s -> s.contains(" rollback "));
        assertThat(fleet).allSatisfy(i -> assertThat(i.changes().values().stream().mapToInt(List::size).sum())
                .as("changes seen by %s in all", i.id()).isEqualTo(DUE.size()));
        assertThat(fleet.stream().map(i -> i.secrets().get(DUE.get(0)).version()).collect(Collectors.toSet()))
                .containsExactly("2");
        for (Instance i : fleet) {
            leaks.assertNoLeak(i.secrets(), i.provider(), i.audit(), i.changes(), i.secrets().rotationPlan());
        }
    }
}
