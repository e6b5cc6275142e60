package dev.secrets4j.benchmarks;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.secrets4j.AuditSink;
import dev.secrets4j.Secret;
import dev.secrets4j.Secrets;
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
import org.openjdk.jmh.annotations.Threads;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Measures a cache hit: {@code Secrets.get} of a cached secret next to a raw
 * {@link ConcurrentHashMap#get} and a raw Caffeine {@code getIfPresent} holding the same
 * {@link Secret}s, on one thread ({@link CacheHitTwoThreadsBenchmark} runs the same on two).
 *
 * <p>Target: {@code secretsGet} within 2x of {@code concurrentHashMapGet} and allocating nothing
 * ({@code gc.alloc.rate.norm} of about 0 B/op under {@code -prof gc}). Each method returns the
 * {@code Secret} so that the JIT cannot drop the read.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = Backends.QUIET_LOGGING)
public class CacheHitBenchmark {

    /** How many secrets are cached; the benchmarks read one of them. */
    static final int CACHED = 100;

    private Secrets secrets;
    private ConcurrentHashMap<String, Secret> map;
    private Cache<String, Secret> caffeine;
    private String key;

    /** Boots {@link Secrets} with {@value #CACHED} required secrets and fills the two peers with the same values. */
    @Setup(Level.Trial)
    public void setUp() {
        Secrets.Builder builder = Secrets.builder()
                .provider(Backends.filled(CACHED, Duration.ZERO, Backends.withBatch()))
                .auditSink(AuditSink.none());
        for (int i = 0; i < CACHED; i++) {
            builder.require(Backends.name(i));
        }
        secrets = builder.build();
        map = new ConcurrentHashMap<>();
        // What a hand-written secret cache would use: bounded, entries expiring after the TTL.
        caffeine = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(Duration.ofMinutes(5)).build();
        for (int i = 0; i < CACHED; i++) {
            Secret s = secrets.get(Backends.name(i));
            map.put(s.name(), s);
            caffeine.put(s.name(), s);
        }
        // The same String instance for all three, so no reader gets a cheaper equals than another.
        key = Backends.name(CACHED / 2);
    }

    /** Stops the background refresh of {@link Secrets}. */
    @TearDown(Level.Trial)
    public void tearDown() {
        secrets.close();
    }

    /** A hit through the library: {@code Secrets.get} of a cached secret. */
    @Benchmark
    public Secret secretsGet() {
        return secrets.get(key);
    }

    /** The floor: a raw {@code ConcurrentHashMap.get}. */
    @Benchmark
    public Secret concurrentHashMapGet() {
        return map.get(key);
    }

    /** A peer: a bounded, expiring Caffeine cache's {@code getIfPresent}. */
    @Benchmark
    public Secret caffeineGetIfPresent() {
        return caffeine.getIfPresent(key);
    }
}
