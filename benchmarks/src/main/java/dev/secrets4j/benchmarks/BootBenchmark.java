package dev.secrets4j.benchmarks;

import dev.secrets4j.Secrets;
import dev.secrets4j.spi.Capability;
import dev.secrets4j.testing.InMemorySecretProvider;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Measures a boot: {@code Secrets.builder()...build()} resolving {@value #SECRETS} required
 * secrets from a backend whose every call takes {@value #LATENCY_MILLIS} ms, with batch reads
 * ({@code batched}: one {@code getAll} call) and without ({@code unbatched}: one call per secret,
 * at the default boot concurrency of 16; {@code unbatchedConcurrency64} the same with 64).
 *
 * <p>Target: under 150 ms, where a naive sequential loop takes 200 x 20 ms = 4 s. Each
 * invocation gets a fresh provider and closes the {@link Secrets} it built (outside the timing);
 * the teardown also checks that the backend saw the calls the mode implies, so a regression in
 * batching fails the run instead of quietly measuring something else.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = Backends.QUIET_LOGGING)
public class BootBenchmark {

    /** How many required secrets a boot resolves. */
    public static final int SECRETS = 200;

    /** How long each backend call takes, in milliseconds. */
    public static final long LATENCY_MILLIS = 20;

    /** Boot concurrency of {@code unbatchedConcurrency64}: enough to read 200 secrets in 4 rounds. */
    public static final int HIGH_CONCURRENCY = 64;

    /** Boots from {@code backend}'s provider through {@code builder} and hands the result to it for closing. */
    private static Secrets boot(Backend backend, Secrets.Builder builder) {
        builder.provider(backend.provider);
        for (int i = 0; i < SECRETS; i++) {
            builder.require(Backends.name(i));
        }
        backend.booted = builder.build();
        return backend.booted;
    }

    /** Boot through one batch read. */
    @Benchmark
    public Secrets batched(BatchingBackend backend) {
        return boot(backend, Secrets.builder());
    }

    /** Boot through one read per secret, 16 at a time. */
    @Benchmark
    public Secrets unbatched(PlainBackend backend) {
        return boot(backend, Secrets.builder());
    }

    /**
     * Boot through one read per secret, {@value #HIGH_CONCURRENCY} at a time: not a target, a
     * figure to show what raising {@code bootConcurrency} buys a backend that cannot batch.
     */
    @Benchmark
    public Secrets unbatchedConcurrency64(PlainBackend backend) {
        return boot(backend, Secrets.builder().bootConcurrency(HIGH_CONCURRENCY));
    }

    /** A fresh slow provider per invocation, and the {@link Secrets} booted from it. */
    @State(Scope.Thread)
    public abstract static class Backend {

        private final Set<Capability> capabilities;
        InMemorySecretProvider provider;
        Secrets booted;

        Backend(Set<Capability> capabilities) {
            this.capabilities = capabilities;
        }

        /** Fills a new provider with the secrets. */
        @Setup(Level.Invocation)
        public void fill() {
            provider = Backends.filled(SECRETS, Duration.ofMillis(LATENCY_MILLIS), capabilities);
            booted = null;
        }

        /** Closes what the invocation booted and checks the backend calls it made. */
        @TearDown(Level.Invocation)
        public void close() {
            if (booted == null) {
                throw new IllegalStateException("the boot benchmark built no Secrets; see the failure above");
            }
            booted.close();
            check(provider);
        }

        abstract void check(InMemorySecretProvider provider);
    }

    /** A backend that batches: boot must make exactly one {@code getAll} call. */
    public static class BatchingBackend extends Backend {

        /** A provider with {@link Capability#BATCH}. */
        public BatchingBackend() {
            super(Backends.withBatch());
        }

        @Override
        void check(InMemorySecretProvider provider) {
            if (provider.batchCalls() != 1 || provider.calls() != 1) {
                throw new IllegalStateException("batched boot of " + SECRETS + " secrets made " + provider.calls()
                        + " backend calls (" + provider.batchCalls() + " batch calls); expected one batch call. "
                        + "Check that the engine still uses getAll for providers with BATCH");
            }
        }
    }

    /** A backend without batch reads: boot must make one call per secret. */
    public static class PlainBackend extends Backend {

        /** A provider without {@link Capability#BATCH}. */
        public PlainBackend() {
            super(Backends.withoutBatch());
        }

        @Override
        void check(InMemorySecretProvider provider) {
            if (provider.batchCalls() != 0 || provider.calls() != SECRETS) {
                throw new IllegalStateException("unbatched boot of " + SECRETS + " secrets made " + provider.calls()
                        + " backend calls (" + provider.batchCalls() + " batch calls); expected " + SECRETS
                        + " single reads. Check how the engine reads providers without BATCH");
            }
        }
    }
}
