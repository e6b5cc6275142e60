package dev.secrets4j.provider.file.rotation;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import dev.secrets4j.Secret;
import dev.secrets4j.Secrets;
import dev.secrets4j.generate.SecretGenerator;
import dev.secrets4j.provider.file.FileSecretProvider;
import dev.secrets4j.provider.file.Kdf;
import dev.secrets4j.rotation.RotationContext;
import dev.secrets4j.rotation.RotationHook;
import dev.secrets4j.rotation.RotationPolicy;
import dev.secrets4j.rotation.RotationStrategy;
import dev.secrets4j.spi.Capability;
import dev.secrets4j.spi.Lookup;
import dev.secrets4j.spi.ProviderHealth;
import dev.secrets4j.spi.PutOptions;
import dev.secrets4j.spi.SecretProvider;
import dev.secrets4j.spi.SecretRef;
import dev.secrets4j.testing.FakeTime;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The process {@link RotationCrashIT} kills: opens the file store named by its arguments, builds
 * {@link Secrets} rotating {@link #NAME} and runs the rotation check that is due, dying through
 * {@code Runtime.halt} (no shutdown hook, no finally block, no flush of anything) at the step its
 * arguments name. Before it dies it prints one line {@code @@ halting <KILL> at <instant of its clock>};
 * every other line is its log, which the test checks for values.
 *
 * <p>Arguments: store folder, file holding the master secret, strategy, kill point, rotation
 * instance id, the instant its fake clock starts at.
 */
final class RotationChildMain {

    /** The prefix of the line announcing the death. */
    static final String ANSWER = "@@ ";
    /** The exit code of a deliberate death. */
    static final int HALTED = 77;
    /** The secret rotated. */
    static final String NAME = "db_password";
    /** How often it rotates: the child runs a day after it is due. */
    static final Duration EVERY = Duration.ofDays(30);
    /** The grace period of STAGED. */
    static final Duration GRACE = Duration.ofHours(1);
    /** The lease of every instance, child and parent. */
    static final Duration LEASE = Duration.ofMinutes(5);

    /** Where the child dies, in the order a rotation reaches these points. */
    enum Kill {
        /** In the generator: PLANNED is written, nothing else. */
        PLANNED,
        /** Right after the provider wrote the new version, before the CREATED record. */
        WRITTEN,
        /** In the hook's create: CREATED is written. */
        CREATED,
        /** At the end of the hook's verify, which passed: VERIFIED is not written yet. */
        VERIFY_PASSED,
        /** Right after the VERIFIED record is written, before the promotion. */
        VERIFIED,
        /** Right after the provider's promote (STAGED only), before the PROMOTED record. */
        PROVIDER_PROMOTED,
        /** Right after the PROMOTED record is written: in the grace period. */
        PROMOTED,
        /** In the hook's retire, at the end of the grace period. */
        RETIRE
    }

    private RotationChildMain() {
    }

    /** The value the child generates for this case: a canary the test registers. */
    static String childValue(RotationStrategy strategy, Kill kill) {
        return "canary-crash-child-" + strategy.name().toLowerCase(Locale.ROOT) + "-" + kill.name().toLowerCase(Locale.ROOT);
    }

    /** The policy of both sides. */
    static RotationPolicy policy(RotationStrategy strategy) {
        return RotationPolicy.every(EVERY).type("canary").strategy(strategy).grace(GRACE);
    }

    public static void main(String[] args) {
        try {
            run(args);
        } catch (Throwable t) {
            t.printStackTrace(System.out);
            System.out.flush();
            Runtime.getRuntime().halt(2);
        }
        System.out.flush();
        Runtime.getRuntime().halt(0);
    }

    private static void run(String[] args) throws Exception {
        Path folder = Path.of(args[0]);
        byte[] master = Files.readAllBytes(Path.of(args[1]));
        RotationStrategy strategy = RotationStrategy.valueOf(args[2]);
        Kill kill = Kill.valueOf(args[3]);
        String instance = args[4];
        FakeTime time = FakeTime.startingAt(Instant.parse(args[5]));
        logEverything();
        Halt halt = new Halt(kill, time);
        byte[] next = childValue(strategy, kill).getBytes(StandardCharsets.UTF_8);
        SecretGenerator generator = SecretGenerator.of("canary", random -> {
            halt.at(Kill.PLANNED);
            return next.clone();
        });
        try (FileSecretProvider store = FileSecretProvider.builder().folder(folder).masterSecret(master).kdf(Kdf.argon2id())
                .create(false).clock(time.clock()).build();
             Secrets secrets = Secrets.builder().provider(new HaltingProvider(store, halt)).clock(time.clock()).scheduler(time)
                     .listenerExecutor(Runnable::run).rotationInstanceId(instance).rotationLease(LEASE).rotationChecks(false)
                     .generator(generator).rotate(NAME, policy(strategy), hook(halt)).build()) {
            secrets.rotateDue();
            // Only the end of a grace period is left: reach it.
            time.advance(GRACE.plusMinutes(1));
            secrets.rotateDue();
            System.out.println(ANSWER + "finished without halting: " + secrets.rotationStatus(NAME));
        }
    }

    private static RotationHook hook(Halt halt) {
        return new RotationHook() {
            @Override
            public void create(RotationContext rotation) {
                halt.at(Kill.CREATED);
            }

            @Override
            public void verify(RotationContext rotation) {
                halt.at(Kill.VERIFY_PASSED);
            }

            @Override
            public void retire(RotationContext rotation) {
                halt.at(Kill.RETIRE);
            }
        };
    }

    /** Lets every line of the library reach the console, debug included, so the test sees all of it. */
    private static void logEverything() {
        LoggerContext logback = (LoggerContext) LoggerFactory.getILoggerFactory();
        logback.getLogger("dev.secrets4j").setLevel(Level.TRACE);
        logback.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).iteratorForAppenders().forEachRemaining(a -> a.clearAllFilters());
    }

    /** Dies at one point. */
    private static final class Halt {
        private final Kill kill;
        private final FakeTime time;

        Halt(Kill kill, FakeTime time) {
            this.kill = kill;
            this.time = time;
        }

        void at(Kill point) {
            if (point == kill) {
                System.out.println(ANSWER + "halting " + point + " at " + time.now());
                System.out.flush();
                Runtime.getRuntime().halt(HALTED);
            }
        }
    }

    /** The file store, dying right after the writes that mark some of the kill points. */
    private static final class HaltingProvider implements SecretProvider {
        private static final JsonMapper JSON = JsonMapper.builder().build();
        private final FileSecretProvider store;
        private final Halt halt;

        HaltingProvider(FileSecretProvider store, Halt halt) {
            this.store = store;
            this.halt = halt;
        }

        @Override
        public Secret put(SecretRef ref, byte[] value, PutOptions options) {
            Secret written = store.put(ref, value, options);
            if (ref.path().equals(NAME)) {
                halt.at(Kill.WRITTEN);
            } else if (ref.path().equals(NAME + ".rotation")) {
                String state = JSON.readTree(new String(value, StandardCharsets.UTF_8)).path("state").asString();
                if (state.equals("VERIFIED")) {
                    halt.at(Kill.VERIFIED);
                } else if (state.equals("PROMOTED")) {
                    halt.at(Kill.PROMOTED);
                }
            }
            return written;
        }

        @Override
        public Secret promote(SecretRef ref, String version, Optional<String> expectedCurrent) {
            Secret promoted = store.promote(ref, version, expectedCurrent);
            halt.at(Kill.PROVIDER_PROMOTED);
            return promoted;
        }

        @Override
        public void retire(SecretRef ref, String version) {
            store.retire(ref, version);
        }

        @Override
        public String id() {
            return store.id();
        }

        @Override
        public String describe() {
            return store.describe();
        }

        @Override
        public String describeLookup(SecretRef ref) {
            return store.describeLookup(ref);
        }

        @Override
        public Set<Capability> capabilities() {
            return store.capabilities();
        }

        @Override
        public Optional<Secret> get(SecretRef ref) {
            return store.get(ref);
        }

        @Override
        public Optional<Secret> get(SecretRef ref, String version) {
            return store.get(ref, version);
        }

        @Override
        public Map<SecretRef, Lookup> getAll(Collection<SecretRef> refs) {
            return store.getAll(refs);
        }

        @Override
        public List<Secret> versions(SecretRef ref) {
            return store.versions(ref);
        }

        @Override
        public ProviderHealth health() {
            return store.health();
        }

        @Override
        public void close() {
            store.close();
        }

        @Override
        public String toString() {
            return "HaltingProvider[" + store + "]";
        }
    }
}
