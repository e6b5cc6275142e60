package dev.secrets4j.provider.file.rotation;

import dev.secrets4j.Secret;
import dev.secrets4j.Secrets;
import dev.secrets4j.generate.SecretGenerator;
import dev.secrets4j.provider.file.FileSecretProvider;
import dev.secrets4j.provider.file.Kdf;
import dev.secrets4j.provider.file.rotation.RotationChildMain.Kill;
import dev.secrets4j.rotation.RotationContext;
import dev.secrets4j.rotation.RotationHook;
import dev.secrets4j.rotation.RotationState;
import dev.secrets4j.rotation.RotationStatus;
import dev.secrets4j.rotation.RotationStrategy;
import dev.secrets4j.spi.PutOptions;
import dev.secrets4j.spi.SecretRef;
import dev.secrets4j.testing.FakeTime;
import dev.secrets4j.testing.LeakCheck;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static dev.secrets4j.provider.file.rotation.RotationChildMain.GRACE;
import static dev.secrets4j.provider.file.rotation.RotationChildMain.LEASE;
import static dev.secrets4j.provider.file.rotation.RotationChildMain.NAME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * A process that dies at any step of a rotation is resumed or rolled back when an instance starts
 * again on the same store: never two current versions, never none. A child JVM
 * ({@link RotationChildMain}) rotates one secret of a real file store and halts at one step; the
 * store folder is then copied twice, and on one copy an instance with the child's id recovers at
 * once, on the other an instance with another id first leaves the record alone while the child's
 * lease holds, then recovers it. Both must end where the step implies: rolled back (the previous
 * value current, FAILED "interrupted at ...", the child's version retired) or promoted (the child's
 * value current, the previous one retired after the grace period); then a later rotation succeeds.
 *
 * <p>The child's clock is a fake one starting a day after the secret fell due; it reports the
 * instant at which it died, and every time in the record (the lease too) is from that clock, so the
 * recovering instance starts its own fake clock there.
 */
class RotationCrashIT {

    private static final String MASTER = "canary-crash-master-secret-5b1e";
    private static final String OLD = "canary-crash-old-value-0001";
    private static final SecretRef REF = SecretRef.ofName(NAME);
    private static final Instant CREATED = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant CHILD_STARTS = CREATED.plus(RotationChildMain.EVERY).plus(Duration.ofDays(1));
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @RegisterExtension
    final LeakCheck leaks = LeakCheck.create();

    @TempDir
    Path tmp;

    /** Where a case ends up: the child's value promoted, or the previous value kept. */
    private enum Outcome { ROLLED_BACK, PROMOTED }

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (RotationStrategy strategy : List.of(RotationStrategy.STAGED, RotationStrategy.SINGLE)) {
            for (Kill kill : Kill.values()) {
                if (strategy == RotationStrategy.SINGLE && kill == Kill.PROVIDER_PROMOTED) {
                    continue; // SINGLE writes the new value current: it has no promote
                }
                out.add(Arguments.of(strategy, kill));
            }
        }
        return out.stream();
    }

    /** The state of the record the child leaves behind when it dies at {@code kill}. */
    private static RotationState leftIn(Kill kill) {
        return switch (kill) {
            case PLANNED, WRITTEN -> RotationState.PLANNED;
            case CREATED, VERIFY_PASSED -> RotationState.CREATED;
            case VERIFIED, PROVIDER_PROMOTED -> RotationState.VERIFIED;
            case PROMOTED, RETIRE -> RotationState.PROMOTED;
        };
    }

    /**
     * What the step implies: before the new value is both verified and current, roll back; once it
     * is (SINGLE's VERIFIED, STAGED's promote), finish.
     */
    private static Outcome expected(RotationStrategy strategy, Kill kill) {
        return switch (kill) {
            case PLANNED, WRITTEN, CREATED, VERIFY_PASSED -> Outcome.ROLLED_BACK;
            case VERIFIED -> strategy == RotationStrategy.SINGLE ? Outcome.PROMOTED : Outcome.ROLLED_BACK;
            case PROVIDER_PROMOTED, PROMOTED, RETIRE -> Outcome.PROMOTED;
        };
    }

    @ParameterizedTest(name = "{0}, killed at {1}")
    @MethodSource("cases")
    void killedAtAStep_isRecoveredAtOnceBySameId_andAfterTheLeaseByAnother_toOneCurrentVersion(RotationStrategy strategy, Kill kill)
            throws Exception {
        leaks.canary(MASTER);
        leaks.canary(OLD);
        String childValue = leaks.canary(RotationChildMain.childValue(strategy, kill));
        Path store = tmp.resolve("store");
        try (FileSecretProvider setup = open(store, FakeTime.startingAt(CREATED), true)) {
            setup.put(REF, OLD.getBytes(StandardCharsets.UTF_8), PutOptions.none());
        }

        Instant died = runChildUntilItDies(store, strategy, kill);

        assertThat(died).isAfterOrEqualTo(CHILD_STARTS);
        Path same = copy(store, tmp.resolve("restarted-same-id"));
        Path other = copy(store, tmp.resolve("other-instance"));
        new Recovery(same, "host-1", strategy, kill, childValue, died).run(false);
        new Recovery(other, "host-2", strategy, kill, childValue, died).run(true);
    }

    /** One instance starting on a copy of the store the child left. */
    private final class Recovery {
        private final Path folder;
        private final String instance;
        private final RotationStrategy strategy;
        private final Kill kill;
        private final String childValue;
        private final FakeTime time;
        private final String as;
        private final List<String> hookSteps = new CopyOnWriteArrayList<>();
        private final AtomicInteger made = new AtomicInteger();

        Recovery(Path folder, String instance, RotationStrategy strategy, Kill kill, String childValue, Instant died) {
            this.folder = folder;
            this.instance = instance;
            this.strategy = strategy;
            this.kill = kill;
            this.childValue = childValue;
            this.time = FakeTime.startingAt(died);
            this.as = strategy + " killed at " + kill + ", recovered by " + instance + ": ";
        }

        void run(boolean otherInstance) {
            RotationState left = leftIn(kill);
            try (FileSecretProvider provider = open(folder, time, false); Secrets secrets = build(provider)) {
                assertOneCurrentVersion(folder, as + "as the child left it");
                assertNoPendingListed(secrets);
                assertThat(secrets.rotationStatus(NAME).state()).as(as + "the record the child left").contains(left);
                String currentAtDeath = provider.get(REF).orElseThrow().version();

                if (otherInstance) {
                    secrets.rotateDue();
                    assertThat(secrets.rotationStatus(NAME).state()).as(as + "the child's lease holds: record untouched")
                            .contains(left);
                    assertThat(provider.get(REF).orElseThrow().version()).as(as + "the child's lease holds: current untouched")
                            .isEqualTo(currentAtDeath);
                    time.advance(LEASE.plusSeconds(1));
                }
                secrets.rotateDue();
                assertOneCurrentVersion(folder, as + "after recovery");
                assertNoPendingListed(secrets);

                if (expected(strategy, kill) == Outcome.ROLLED_BACK) {
                    assertRolledBack(secrets, provider, left);
                    // A later rotation succeeds: the backoff of a first failure is at most a minute.
                    time.advance(Duration.ofMinutes(2));
                    secrets.rotateDue();
                    String next = "canary-crash-parent-" + instance + "-1";
                    finishGrace(secrets, next);
                    assertThat(secrets.rotationStatus(NAME).attempt()).as(as + "the retry's attempt").isEqualTo(2);
                } else {
                    assertPromoted(secrets, provider);
                    RotationStatus again = secrets.rotateNow(NAME);
                    assertThat(again.state()).as(as + "a later (emergency) rotation").contains(RotationState.FINISHED);
                    assertThat(values(secrets.versions(NAME))).as(as + "after a later rotation")
                            .containsExactly("canary-crash-parent-" + instance + "-1");
                }
                assertOneCurrentVersion(folder, as + "after a later rotation");
                assertNoPendingListed(secrets);
                leaks.assertNoLeak(secrets, secrets.rotationStatus(NAME), secrets.rotationPlan(), provider, hookSteps);
            }
        }

        private void assertRolledBack(Secrets secrets, FileSecretProvider provider, RotationState left) {
            RotationStatus status = secrets.rotationStatus(NAME);
            assertThat(status.state()).as(as + "state").contains(RotationState.FAILED);
            assertThat(status.lastError()).as(as + "reason").hasValueSatisfying(e -> assertThat(e).contains("interrupted at " + left));
            assertThat(secrets.get(NAME).asString()).as(as + "current value").isEqualTo(OLD);
            assertThat(values(secrets.versions(NAME))).as(as + "versions").containsExactly(OLD);
            // The child's version, if it got as far as writing one, is retired: not readable by version either.
            assertThat(provider.get(REF, "2")).as(as + "the child's version 2").isEmpty();
            if (left != RotationState.PLANNED) {
                assertThat(hookSteps).as(as + "hook steps").containsExactly("rollback 2");
            }
        }

        private void assertPromoted(Secrets secrets, FileSecretProvider provider) {
            RotationStatus status = secrets.rotationStatus(NAME);
            assertThat(secrets.get(NAME).asString()).as(as + "current value").isEqualTo(childValue);
            if (status.state().orElseThrow() == RotationState.PROMOTED) {
                assertThat(strategy).as(as + "only a rotation with a grace period stays PROMOTED").isNotEqualTo(RotationStrategy.SINGLE);
                assertThat(values(secrets.versions(NAME))).as(as + "versions in the grace period").containsExactly(childValue, OLD);
                time.advance(GRACE.plusMinutes(1));
                secrets.rotateDue();
            }
            assertThat(secrets.rotationStatus(NAME).state()).as(as + "state after the grace period").contains(RotationState.FINISHED);
            assertThat(secrets.get(NAME).asString()).as(as + "current value after the grace period").isEqualTo(childValue);
            assertThat(values(secrets.versions(NAME))).as(as + "versions after the grace period").containsExactly(childValue);
            assertThat(provider.get(REF, "1")).as(as + "the previous version 1").isEmpty();
            assertThat(hookSteps).as(as + "hook steps").containsExactly("retire 1");
        }

        /** From a rotation just started by this instance to FINISHED with {@code value} current. */
        private void finishGrace(Secrets secrets, String value) {
            RotationStatus status = secrets.rotationStatus(NAME);
            assertThat(secrets.get(NAME).asString()).as(as + "value of the later rotation").isEqualTo(value);
            if (strategy != RotationStrategy.SINGLE) {
                assertThat(status.state()).as(as + "the later rotation").contains(RotationState.PROMOTED);
                assertThat(values(secrets.versions(NAME))).as(as + "versions in its grace period").containsExactly(value, OLD);
                time.advance(GRACE.plusMinutes(1));
                secrets.rotateDue();
            }
            assertThat(secrets.rotationStatus(NAME).state()).as(as + "the later rotation").contains(RotationState.FINISHED);
            assertThat(values(secrets.versions(NAME))).as(as + "after the later rotation").containsExactly(value);
        }

        private Secrets build(FileSecretProvider provider) {
            SecretGenerator generator = SecretGenerator.of("canary", random -> leaks.canary("canary-crash-parent-" + instance
                    + "-" + made.incrementAndGet()).getBytes(StandardCharsets.UTF_8));
            RotationHook recording = new RotationHook() {
                @Override
                public void create(RotationContext r) {
                    hookSteps.add("create " + r.next().version());
                }

                @Override
                public void retire(RotationContext r) {
                    hookSteps.add("retire " + r.previous().map(Secret::version).orElse("-"));
                }

                @Override
                public void rollback(RotationContext r) {
                    hookSteps.add("rollback " + r.next().version());
                }
            };
            return Secrets.builder().provider(provider).clock(time.clock()).scheduler(time).listenerExecutor(Runnable::run)
                    .rotationInstanceId(instance).rotationLease(LEASE).rotationChecks(false).generator(generator)
                    .rotate(NAME, RotationChildMain.policy(strategy), recording).build();
        }

        private void assertNoPendingListed(Secrets secrets) {
            assertThat(secrets.versions(NAME)).as(as + "versions() lists current then previous, never pending")
                    .extracting(s -> s.metadata("stage").orElse("?")).first().isEqualTo("current");
            assertThat(secrets.versions(NAME)).as(as + "versions() lists no pending version")
                    .extracting(s -> s.metadata("stage").orElse("?")).doesNotContain("pending");
        }
    }

    private Instant runChildUntilItDies(Path store, RotationStrategy strategy, Kill kill) throws Exception {
        Path masterFile = Files.writeString(tmp.resolve("master"), MASTER);
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        // C1 only and the serial collector: the child lives for a second, so start-up is what counts.
        Process child = new ProcessBuilder(java.toString(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), RotationChildMain.class.getName(), store.toString(),
                masterFile.toString(), strategy.name(), kill.name(), "host-1", CHILD_STARTS.toString())
                .redirectErrorStream(true)
                .start();
        child.getOutputStream().close();
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> readAll(child.getInputStream()));
        if (!child.waitFor(60, TimeUnit.SECONDS)) {
            child.destroyForcibly();
            fail("the child did not die within 60 s at " + kill + "; its output:\n" + output.getNow("(none yet)"));
        }
        String log = output.get(30, TimeUnit.SECONDS);
        leaks.assertNoLeak(log);
        assertThat(child.exitValue()).as("exit code of the child killed at %s; its output:\n%s", kill, log)
                .isEqualTo(RotationChildMain.HALTED);
        String announce = RotationChildMain.ANSWER + "halting " + kill + " at ";
        return log.lines().filter(l -> l.startsWith(announce)).findFirst()
                .map(l -> Instant.parse(l.substring(announce.length())))
                .orElseThrow(() -> new AssertionError("the child did not say where it died; its output:\n" + log));
    }

    private static String readAll(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static FileSecretProvider open(Path folder, FakeTime time, boolean create) {
        return FileSecretProvider.builder().folder(folder).masterSecret(MASTER.toCharArray()).kdf(Kdf.argon2id())
                .create(create).clock(time.clock()).build();
    }

    /** Copies a store folder as a backup would (README: copy the whole folder, keeping the modes). */
    private static Path copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : (Iterable<Path>) files::iterator) {
                Files.copy(source, to.resolve(from.relativize(source).toString()), StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
        return to;
    }

    /** Reads the secret's file itself, not through the provider: exactly one version has the stage current. */
    private static void assertOneCurrentVersion(Path folder, String when) {
        JsonNode file;
        try {
            file = JSON.readTree(Files.readString(folder.resolve("secrets").resolve(NAME + ".json")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> stages = new ArrayList<>();
        file.path("versions").forEach(v -> stages.add(v.path("version").asString() + " " + v.path("stage").asString()));
        assertThat(stages).as(when + ": versions in the secret's file").filteredOn(s -> s.endsWith(" current")).hasSize(1);
    }

    private static List<String> values(List<Secret> versions) {
        return versions.stream().map(Secret::asString).toList();
    }
}
