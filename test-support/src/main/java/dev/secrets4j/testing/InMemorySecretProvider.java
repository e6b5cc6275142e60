package dev.secrets4j.testing;

import dev.secrets4j.Secret;
import dev.secrets4j.SecretProviderException;
import dev.secrets4j.Subscription;
import dev.secrets4j.spi.Capability;
import dev.secrets4j.spi.Lookup;
import dev.secrets4j.spi.PutOptions;
import dev.secrets4j.spi.ProviderHealth;
import dev.secrets4j.spi.SecretProvider;
import dev.secrets4j.spi.SecretRef;
import dev.secrets4j.spi.WatchListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * A versioned, writable, push-capable provider held in memory, for tests and benchmarks, with
 * failure injection, hangs, latency and call counters.
 *
 * <pre>{@code
 * InMemorySecretProvider memory = InMemorySecretProvider.create();
 * memory.set("db_password", "canary-7f3a-db-password");           // version "1"
 * memory.failWith(null, SecretProviderException.retryable("memory", null, "injected outage", null));
 * assertThat(memory.calls("db_password")).isEqualTo(1);
 * }</pre>
 *
 * <p>Each {@code set} makes a new version {@code "1"}, {@code "2"}, ... and tells the watchers of
 * that name, on the calling thread. Version numbers are never reused, even after {@link #remove}.
 * Every version ever set is kept for {@link #get(SecretRef, String)}; {@link #versions(SecretRef)}
 * returns the current one and the {@code keepVersions} before it. A reference's scheme and field
 * are ignored: its path is the name. Calls keep working after {@link #close()}, which only drops
 * the watchers and is visible through {@link #isClosed()}. Thread-safe.
 */
public final class InMemorySecretProvider implements SecretProvider {

    private static final Logger log = LoggerFactory.getLogger(InMemorySecretProvider.class);

    private final String id;
    private final Set<Capability> capabilities;
    private final int keepVersions;
    private final Faults faults;

    private final VersionStore store;
    private final Map<String, List<Watch>> watchers = new ConcurrentHashMap<>();

    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicInteger batchCalls = new AtomicInteger();
    private final AtomicInteger writeCalls = new AtomicInteger();
    private final Map<String, AtomicInteger> callsByName = new ConcurrentHashMap<>();
    private volatile boolean closed;

    private InMemorySecretProvider(Builder b) {
        this.id = b.id;
        this.capabilities = Collections.unmodifiableSet(EnumSet.copyOf(b.capabilities));
        this.keepVersions = b.keepVersions;
        this.faults = new Faults(b.id, b.latency);
        this.store = new VersionStore(b.id, b.clock);
    }

    /** An empty provider with id {@code memory}, every capability but FIELDS, no latency, one previous version kept. */
    public static InMemorySecretProvider create() {
        return builder().build();
    }

    /** A builder for a provider with another id, clock, capabilities, latency or number of versions kept. */
    public static Builder builder() {
        return new Builder();
    }

    // ---- test controls -------------------------------------------------------------------------

    /** Sets a new version of {@code name} to the UTF-8 bytes of {@code value}, and returns it. */
    public Secret set(String name, String value) {
        return set(name, value, Map.of());
    }

    /** Sets a new version of {@code name} to {@code value} (copied), and returns it. */
    public Secret set(String name, byte[] value) {
        return addVersion(name, value.clone(), Map.of());
    }

    /** Sets a new version of {@code name} with non-secret {@code metadata}, and returns it. */
    public Secret set(String name, String value, Map<String, String> metadata) {
        return addVersion(name, value.getBytes(StandardCharsets.UTF_8), metadata);
    }

    /** Removes {@code name} and every version of it, and tells its watchers; harmless when absent. */
    public void remove(String name) {
        if (store.remove(requireName(name))) {
            notifyWatchers(name);
        }
    }

    /**
     * Makes calls fail with {@code e}: calls concerning {@code nameOrNull}, or every call when it is
     * {@code null} (a batch then fails as a whole; with a name, only that reference fails).
     */
    public void failWith(String nameOrNull, SecretProviderException e) {
        faults.failWith(nameOrNull, e);
    }

    /** Removes every injected failure. */
    public void clearFailures() {
        faults.clearFailures();
    }

    /**
     * Makes every call (read or write) block until {@code latch} opens, {@link #resume()} is
     * called or the calling thread is interrupted (then the call throws a retryable exception).
     */
    public void hangUntil(CountDownLatch latch) {
        faults.hangUntil(latch);
    }

    /** Ends a hang: blocked calls go on and new calls no longer block. */
    public void resume() {
        faults.resume();
    }

    /** How many calls are blocked by a hang right now, to wait for in a test. */
    public int hangingCalls() {
        return faults.hangingCalls();
    }

    /** Backend reads so far: each get, get of a version, getAll and versions counts one. */
    public int calls() {
        return calls.get();
    }

    /** Backend reads so far that concerned {@code name}; a batch counts one for each name in it. */
    public int calls(String name) {
        AtomicInteger n = callsByName.get(name);
        return n == null ? 0 : n.get();
    }

    /** Batch reads ({@code getAll} as one call) so far. */
    public int batchCalls() {
        return batchCalls.get();
    }

    /** Writes through {@link #put} so far ({@code set} is not counted). */
    public int writeCalls() {
        return writeCalls.get();
    }

    /** Sets every counter back to zero. */
    public void resetCounts() {
        calls.set(0);
        batchCalls.set(0);
        writeCalls.set(0);
        callsByName.clear();
    }

    /** How many watches on {@code name} are active. */
    public int watchers(String name) {
        List<Watch> list = watchers.get(name);
        return list == null ? 0 : list.size();
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return closed;
    }

    // ---- SPI -----------------------------------------------------------------------------------

    /** The id given to the builder; {@code memory} by default. */
    @Override
    public String id() {
        return id;
    }

    /** {@code memory (secret 'db_password')}. */
    @Override
    public String describeLookup(SecretRef ref) {
        return id + " (secret '" + ref.path() + "')";
    }

    /** READ, VERSIONS, BATCH, WRITE and WATCH unless the builder set others. */
    @Override
    public Set<Capability> capabilities() {
        return capabilities;
    }

    /** The current version of the reference's path; one backend call. */
    @Override
    public Optional<Secret> get(SecretRef ref) {
        String name = ref.path();
        backendCall(name, "get");
        return store.current(name);
    }

    /** Any version ever set (unless removed since); one backend call. Requires VERSIONS. */
    @Override
    public Optional<Secret> get(SecretRef ref, String version) {
        require(Capability.VERSIONS, "reading a version");
        String name = ref.path();
        backendCall(name, "get version");
        return store.version(name, version);
    }

    /** One backend call for the whole batch when BATCH is declared; otherwise one get per reference. */
    @Override
    public Map<SecretRef, Lookup> getAll(Collection<SecretRef> refs) {
        if (!capabilities.contains(Capability.BATCH)) {
            return SecretProvider.super.getAll(refs);
        }
        calls.incrementAndGet();
        batchCalls.incrementAndGet();
        refs.forEach(r -> countName(r.path()));
        faults.enter("getAll of " + refs.size() + " secrets");
        Map<SecretRef, Lookup> out = new LinkedHashMap<>();
        for (SecretRef ref : refs) {
            String name = ref.path();
            Optional<SecretProviderException> failure = faults.forName(name);
            if (failure.isPresent()) {
                out.put(ref, Lookup.failed(failure.get()));
                continue;
            }
            out.put(ref, store.current(name).map(Lookup::found).orElseGet(Lookup::absent));
        }
        return out;
    }

    /** The current version then up to {@code keepVersions} previous ones, newest first; one backend call. */
    @Override
    public List<Secret> versions(SecretRef ref) {
        if (!capabilities.contains(Capability.VERSIONS)) {
            return SecretProvider.super.versions(ref);
        }
        String name = ref.path();
        backendCall(name, "versions");
        return store.newest(name, keepVersions);
    }

    /**
     * Writes a new version; with an expected version, only if it is still the current one.
     *
     * @throws SecretProviderException not retryable, naming the secret and both versions, when the
     *                                 current version is not the expected one
     */
    @Override
    public Secret put(SecretRef ref, byte[] value, PutOptions options) {
        require(Capability.WRITE, "writing");
        String name = ref.path();
        writeCalls.incrementAndGet();
        faults.enter("put");
        faults.forName(name).ifPresent(e -> {
            throw e;
        });
        boolean pending = options.isPending();
        if (pending) {
            require(Capability.STAGES, "writing a pending version");
        }
        Secret written = store.compareAndAdd(name, options.expectedVersion(), value.clone(), options.metadata(), pending);
        if (!pending) {
            notifyWatchers(name);
        }
        return written;
    }

    /** Makes a pending or previous version current (compare-and-set on the current one) and tells the watchers. */
    @Override
    public Secret promote(SecretRef ref, String version, Optional<String> expectedCurrent) {
        require(Capability.STAGES, "promoting a version");
        String name = ref.path();
        writeCalls.incrementAndGet();
        faults.enter("promote");
        faults.forName(name).ifPresent(e -> {
            throw e;
        });
        Secret promoted = store.promote(name, version, expectedCurrent);
        notifyWatchers(name);
        return promoted;
    }

    /** The versions written pending and not yet promoted or retired. */
    @Override
    public List<Secret> pendingVersions(SecretRef ref) {
        require(Capability.STAGES, "listing pending versions");
        backendCall(ref.path(), "pending versions");
        return store.pending(ref.path());
    }

    /** Retires a version that is not current: gone from {@code versions} and from reads by version. */
    @Override
    public void retire(SecretRef ref, String version) {
        require(Capability.STAGES, "retiring a version");
        String name = ref.path();
        writeCalls.incrementAndGet();
        faults.enter("retire");
        faults.forName(name).ifPresent(e -> {
            throw e;
        });
        store.retire(name, version);
    }

    /** Tells {@code listener}, on the writing thread, of every set, put and remove of the path. Requires WATCH. */
    @Override
    public Subscription watch(SecretRef ref, WatchListener listener) {
        require(Capability.WATCH, "watching");
        Watch watch = new Watch(ref, listener);
        List<Watch> list = watchers.computeIfAbsent(ref.path(), k -> new CopyOnWriteArrayList<>());
        list.add(watch);
        return () -> list.remove(watch);
    }

    /** DOWN while every call fails, DEGRADED while calls hang, otherwise UP; never blocks. */
    @Override
    public ProviderHealth health() {
        Optional<SecretProviderException> failure = faults.everyCall();
        if (failure.isPresent()) {
            return ProviderHealth.down(id + ": every call fails (injected " + failure.get().getClass().getSimpleName() + ")");
        }
        if (faults.isHanging()) {
            return ProviderHealth.degraded(id + ": calls hang (injected)");
        }
        return ProviderHealth.up(id + ": " + store.size() + " secrets in memory");
    }

    /** Drops every watch; reads and writes keep working. Idempotent. */
    @Override
    public void close() {
        closed = true;
        watchers.clear();
    }

    /** {@code InMemorySecretProvider[memory, 3 secrets]}: names no value. */
    @Override
    public String toString() {
        return "InMemorySecretProvider[" + id + ", " + store.size() + " secrets]";
    }

    // ---- internals -----------------------------------------------------------------------------

    private Secret addVersion(String name, byte[] value, Map<String, String> metadata) {
        Secret written = store.add(requireName(name), value, metadata);
        notifyWatchers(name);
        return written;
    }

    private void backendCall(String name, String what) {
        calls.incrementAndGet();
        countName(name);
        faults.enter(what);
        faults.forName(name).ifPresent(e -> {
            throw e;
        });
    }

    private void countName(String name) {
        callsByName.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
    }

    private void require(Capability capability, String operation) {
        if (!capabilities.contains(capability)) {
            throw SecretProviderException.unsupported(id, operation);
        }
    }

    private void notifyWatchers(String name) {
        for (Watch w : watchers.getOrDefault(name, List.of())) {
            try {
                w.listener().changed(w.ref());
            } catch (RuntimeException e) {
                log.warn("watch listener for secret '{}' of provider '{}' threw; the other listeners still run", name, id, e);
            }
        }
    }

    private static String requireName(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("secret name must not be null or blank, got "
                    + (name == null ? "null" : "'" + name + "'"));
        }
        return name;
    }

    /** One active watch. */
    private record Watch(SecretRef ref, WatchListener listener) {
    }

    /** Configures an {@link InMemorySecretProvider}; every setter checks its argument at once. */
    public static final class Builder {
        private static final Pattern ID = Pattern.compile("[a-z][a-z0-9-]*");

        private String id = "memory";
        private Clock clock = Clock.systemUTC();
        private Set<Capability> capabilities = EnumSet.of(
                Capability.READ, Capability.VERSIONS, Capability.BATCH, Capability.WRITE, Capability.WATCH, Capability.STAGES);
        private Duration latency = Duration.ZERO;
        private int keepVersions = 1;

        private Builder() {
        }

        /** The provider id, also the scheme of its references; default {@code memory}. */
        public Builder id(String id) {
            if (id == null || !ID.matcher(id).matches()) {
                throw new IllegalArgumentException("id must be lower-case letters, digits and dashes starting with a letter, got "
                        + (id == null ? "null" : "'" + id + "'"));
            }
            this.id = id;
            return this;
        }

        /** The clock that stamps {@code createdAt} of new versions; default the system clock. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * The capabilities to declare, to pose as a provider without BATCH, VERSIONS, WRITE or
         * WATCH; must contain READ, and not FIELDS (this provider does not pick fields itself).
         */
        public Builder capabilities(Set<Capability> capabilities) {
            Objects.requireNonNull(capabilities, "capabilities");
            if (!capabilities.contains(Capability.READ)) {
                throw new IllegalArgumentException("capabilities must contain READ, got " + capabilities);
            }
            if (capabilities.contains(Capability.FIELDS)) {
                throw new IllegalArgumentException("capabilities must not contain FIELDS, got " + capabilities
                        + "; the in-memory provider does not resolve #field, the core does it when FIELDS is absent");
            }
            this.capabilities = EnumSet.copyOf(capabilities);
            return this;
        }

        /** How long each backend call takes (a sleep inside the call, to simulate the network); default zero. */
        public Builder latency(Duration latency) {
            Objects.requireNonNull(latency, "latency");
            if (latency.isNegative()) {
                throw new IllegalArgumentException("latency must be zero or more, got " + latency);
            }
            this.latency = latency;
            return this;
        }

        /** How many previous versions {@code versions()} returns as still valid after the current one; default 1. */
        public Builder keepVersions(int keepVersions) {
            if (keepVersions < 0) {
                throw new IllegalArgumentException("keepVersions must be zero or more, got " + keepVersions);
            }
            this.keepVersions = keepVersions;
            return this;
        }

        /** The provider, empty. */
        public InMemorySecretProvider build() {
            return new InMemorySecretProvider(this);
        }
    }
}
