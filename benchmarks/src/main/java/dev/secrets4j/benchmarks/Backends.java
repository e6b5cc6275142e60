package dev.secrets4j.benchmarks;

import dev.secrets4j.spi.Capability;
import dev.secrets4j.testing.InMemorySecretProvider;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

/**
 * Backends shared by the benchmarks: in-memory providers filled with numbered secrets, and the
 * JVM options every benchmark fork runs with.
 */
public final class Backends {

    /**
     * JVM option for each fork: quiet logging from {@code logback-benchmarks.xml} (WARN), so
     * that per-fetch INFO lines neither flood the JMH output nor become part of what is measured.
     */
    public static final String QUIET_LOGGING = "-Dlogback.configurationFile=logback-benchmarks.xml";

    private Backends() {
    }

    /** The name of the {@code i}-th benchmark secret: {@code SECRET_000}, {@code SECRET_001}, ... */
    public static String name(int i) {
        return String.format("SECRET_%03d", i);
    }

    /** A canary value for the {@code i}-th secret, long enough for any spec and easy to spot in a leak. */
    public static String value(int i) {
        return String.format("canary-7f3a-bench-value-%03d", i);
    }

    /** Every capability of the in-memory provider except {@link Capability#BATCH}: a backend that reads one secret per call. */
    public static Set<Capability> withoutBatch() {
        EnumSet<Capability> caps = EnumSet.copyOf(InMemorySecretProvider.create().capabilities());
        caps.remove(Capability.BATCH);
        return caps;
    }

    /** Every capability of the in-memory provider, {@link Capability#BATCH} included. */
    public static Set<Capability> withBatch() {
        EnumSet<Capability> caps = EnumSet.copyOf(InMemorySecretProvider.create().capabilities());
        caps.add(Capability.BATCH);
        return caps;
    }

    /** A provider holding {@code count} numbered secrets, whose every call takes {@code latency}. */
    public static InMemorySecretProvider filled(int count, Duration latency, Set<Capability> capabilities) {
        InMemorySecretProvider provider = InMemorySecretProvider.builder()
                .latency(latency)
                .capabilities(capabilities)
                .build();
        for (int i = 0; i < count; i++) {
            provider.set(name(i), value(i));
        }
        return provider;
    }
}
