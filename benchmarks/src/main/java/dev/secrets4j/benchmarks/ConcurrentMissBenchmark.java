package dev.secrets4j.benchmarks;

import dev.secrets4j.Secret;
import dev.secrets4j.Secrets;
import dev.secrets4j.testing.InMemorySecretProvider;
import org.openjdk.jmh.annotations.AuxCounters;
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
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Measures {@value #THREADS} threads missing one undeclared secret at the same instant, against a
 * backend whose every call takes {@value #LATENCY_MILLIS} ms, with a fresh {@link Secrets} per
 * invocation so that every invocation is a real miss.
 *
 * <p>Target: exactly one backend call per storm (single flight). The counters
 * {@code backendCalls} and {@code storms} are reported next to the time (equal totals mean one
 * call per storm), and the benchmark throws as soon as a storm makes any other number of calls.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = Backends.QUIET_LOGGING)
public class ConcurrentMissBenchmark {

    /** How many threads miss at once. */
    public static final int THREADS = 64;

    /** How long each backend call takes, in milliseconds. */
    public static final long LATENCY_MILLIS = 20;

    /** The secret every thread asks for: held by the provider, not declared, so not read at boot. */
    public static final String NAME = "LATE_API_KEY";

    private MissStorm storm;
    private InMemorySecretProvider provider;
    private Secrets secrets;

    /** Starts the reader threads once. */
    @Setup(Level.Trial)
    public void startThreads() {
        storm = MissStorm.of(THREADS);
    }

    /** Stops the reader threads. */
    @TearDown(Level.Trial)
    public void stopThreads() {
        storm.close();
    }

    /** A fresh provider and {@link Secrets} with nothing cached. */
    @Setup(Level.Invocation)
    public void boot() {
        provider = InMemorySecretProvider.builder().latency(Duration.ofMillis(LATENCY_MILLIS)).build();
        provider.set(NAME, "canary-7f3a-late-api-key");
        secrets = Secrets.builder().provider(provider).build();
    }

    /** Closes the invocation's {@link Secrets}. */
    @TearDown(Level.Invocation)
    public void close() {
        secrets.close();
    }

    /** Releases the threads together into {@code get} and checks that the backend was called once. */
    @Benchmark
    public List<Secret> missStorm(Counters counters) {
        List<Secret> seen = storm.run(secrets, NAME);
        int calls = provider.calls(NAME);
        counters.backendCalls += calls;
        counters.storms++;
        if (calls != 1) {
            throw new IllegalStateException(THREADS + " concurrent misses of secret '" + NAME + "' made " + calls
                    + " backend calls to provider '" + provider.id() + "'; expected 1 (single flight)");
        }
        return seen;
    }

    /** Backend calls and storms, summed per iteration: equal totals mean one call per storm. */
    @AuxCounters(AuxCounters.Type.EVENTS)
    @State(Scope.Thread)
    public static class Counters {

        /** Backend calls for the secret, summed over the storms. */
        public long backendCalls;

        /** Storms run. */
        public long storms;

        /** Starts each iteration from zero. */
        @Setup(Level.Iteration)
        public void reset() {
            backendCalls = 0;
            storms = 0;
        }
    }
}
