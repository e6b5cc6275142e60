package dev.secrets4j;

import dev.secrets4j.generate.SecretGenerator;
import dev.secrets4j.internal.DaemonThreads;
import dev.secrets4j.internal.Declaration;
import dev.secrets4j.internal.EngineSettings;
import dev.secrets4j.internal.EventCounts;
import dev.secrets4j.internal.ExpiredSecrets;
import dev.secrets4j.internal.SafeAuditSink;
import dev.secrets4j.internal.SecretsEngine;
import dev.secrets4j.internal.rotation.AgeReport;
import dev.secrets4j.internal.rotation.GeneratedValues;
import dev.secrets4j.internal.rotation.RotationEngine;
import dev.secrets4j.rotation.RotationHook;
import dev.secrets4j.rotation.RotationPlan;
import dev.secrets4j.rotation.RotationPolicy;
import dev.secrets4j.rotation.RotationStatus;
import dev.secrets4j.spi.ProviderHealth;
import dev.secrets4j.spi.SecretProvider;
import dev.secrets4j.spi.SecretProviders;
import dev.secrets4j.spi.SecretRef;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The application's secrets: resolved and validated at boot, cached, refreshed in the
 * background, never printed.
 *
 * <pre>{@code
 * Secrets secrets = Secrets.builder()
 *     .provider(DockerSecretProvider.atDefaultPath())
 *     .provider(EnvSecretProvider.create())
 *     .require("DB_PASSWORD", SecretSpec.minLength(32))
 *     .optional("REDIS_PASSWORD")
 *     .cache(CachePolicy.ttl(Duration.ofMinutes(5)).maxStale(Duration.ofHours(1)))
 *     .build();                                 // throws one report listing every problem
 * Secret db = secrets.get("DB_PASSWORD");       // a map read once cached
 * secrets.onChange("DB_PASSWORD", change -> pool.setPassword(change.current().asString()));
 * }</pre>
 *
 * <p>A read of a cached secret takes no lock, reads no clock and does no I/O. Thread-safe.
 * {@link #close()} stops background refresh and watches and closes the providers.
 */
public final class Secrets implements AutoCloseable {

    private final SecretsEngine engine;
    private final Optional<RotationEngine> rotation;
    private final Optional<ScheduledExecutorService> rotationThread;
    private final AgeReport ages;
    private final EventCounts events;
    private final ExpiredSecrets expired;

    private Secrets(SecretsEngine engine, Optional<RotationEngine> rotation, Optional<ScheduledExecutorService> rotationThread,
                    AgeReport ages, EventCounts events, Clock clock) {
        this.engine = engine;
        this.rotation = rotation;
        this.rotationThread = rotationThread;
        this.ages = ages;
        this.events = events;
        this.expired = new ExpiredSecrets(engine, clock);
    }

    /** Starts a builder. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The current value of {@code name}.
     *
     * @throws SecretNotFoundException when no provider has it
     * @throws SecretProviderException when it is not cached and the backend fails, or when the
     *                                 cached value is older than {@code maxStale} because refreshes fail
     */
    public Secret get(String name) {
        return engine.get(Objects.requireNonNull(name, "name"));
    }

    /** The current value of {@code name}, or empty when no provider has it. Backend failures still throw. */
    public Optional<Secret> find(String name) {
        return engine.find(Objects.requireNonNull(name, "name"));
    }

    /** The current value of {@code name} as text, or {@code fallback} when no provider has it. */
    public String getOrDefault(String name, String fallback) {
        Objects.requireNonNull(fallback, "fallback");
        return find(name).map(Secret::asString).orElse(fallback);
    }

    /**
     * The current value first, then the still-valid previous values, newest first, where the
     * provider keeps versions (otherwise the current value alone). Asks the provider each time.
     */
    public List<Secret> versions(String name) {
        return engine.versions(Objects.requireNonNull(name, "name"));
    }

    /**
     * Reads {@code name} from its provider now, updates the cache, fires change listeners if it
     * moved, and returns the fresh value.
     */
    public Secret refresh(String name) {
        return engine.refresh(Objects.requireNonNull(name, "name"));
    }

    /**
     * Counters since build: backend calls per provider (count, time, last success), refresh
     * failures and changes; with {@link Builder#recordStats()} also cache hits, misses and stale reads.
     */
    public SecretsStats stats() {
        return engine.stats();
    }

    /** What is held for each cached secret, without values: declared names first, in declaration order. */
    public List<SecretStatus> status() {
        return engine.status();
    }

    /** Calls {@code listener} on every change of {@code name}, on the listener executor. */
    public Subscription onChange(String name, SecretChangeListener listener) {
        return engine.onChange(Objects.requireNonNull(name, "name"), Objects.requireNonNull(listener, "listener"));
    }

    /** Calls {@code listener} on every change of any secret, on the listener executor. */
    public Subscription onAnyChange(SecretChangeListener listener) {
        return engine.onChange(null, Objects.requireNonNull(listener, "listener"));
    }

    /** Resolves and checks every declared secret again, now, and returns the report without throwing. */
    public ValidationReport validate() {
        return engine.validate();
    }

    /** The report of the boot validation: warnings, since a boot with errors throws. */
    public ValidationReport bootReport() {
        return engine.bootReport();
    }

    /** The declared names, required and optional, in declaration order. */
    public Set<String> declaredNames() {
        return engine.declaredNames();
    }

    /** Each provider's health, by provider id, in provider order. */
    public Map<String, ProviderHealth> health() {
        return engine.health();
    }

    /** Stops background refresh, watches and listener threads, and closes the providers. */
    @Override
    public void close() {
        rotation.ifPresent(RotationEngine::close);
        rotationThread.ifPresent(ScheduledExecutorService::shutdownNow);
        engine.close();
    }

    /**
     * How often {@code name} was read (with {@link Builder#recordStats()}), written, rotated and
     * failed to rotate, for metrics.
     */
    public SecretCounts counts(String name) {
        long[] e = events.counts(Objects.requireNonNull(name, "name"));
        return new SecretCounts(name, engine.accesses(name), e[0], e[1], e[2]);
    }

    /** How many cached secrets have expired now: past the provider's expiry, or a certificate past its end. */
    public long expiredCount() {
        return expired.count();
    }

    /** The provider that serves {@code name}, once it was read; empty before or when absent. */
    public Optional<String> providerOf(String name) {
        return engine.cached(name).isPresent() ? engine.origin(name).map(o -> o.provider().id()) : Optional.empty();
    }

    /**
     * The age and expiry of every secret: its age (since its last rotation or creation), next
     * rotation and certificate expiry, with warnings at 75 days and critical at 90 by default
     * (from the rotation policy when there is one); the boot report carries the same findings.
     */
    public SecretsReport report() {
        return ages.build();
    }

    /**
     * The rotation status of {@code name}: state, last rotated, next due, last error.
     *
     * @throws IllegalArgumentException when the secret has no rotation policy
     */
    public RotationStatus rotationStatus(String name) {
        return rotation().status(name);
    }

    /**
     * Rotates {@code name} now, with no grace period: the previous value is retired at once (a
     * leaked value). A rotation in its grace period is finished first. Returns the status after.
     *
     * @throws IllegalArgumentException when the secret has no rotation policy
     */
    public RotationStatus rotateNow(String name) {
        return rotation().rotateNow(name);
    }

    /** What a rotation check would do now, for every secret with a policy; writes nothing (a dry run). */
    public RotationPlan rotationPlan() {
        return rotation().plan();
    }

    /** Runs one rotation check now on the caller's thread: rotates what is due, finishes grace periods, recovers. */
    public void rotateDue() {
        rotation().checkNow();
    }

    private RotationEngine rotation() {
        return rotation.orElseThrow(() -> new IllegalArgumentException("no secret has a rotation policy; declare one with"
                + " Secrets.Builder.rotate(name, policy) or rotate-every in the catalog"));
    }

    @Override
    public String toString() {
        return "Secrets[" + engine.declaredNames().size() + " declared, providers " + engine.providerIds() + "]";
    }

    /**
     * Builds {@link Secrets}. Setters check their argument at once and name the setting in the
     * error; {@link #build()} resolves and validates every declared secret.
     */
    public static final class Builder {

        private final List<SecretProvider> providers = new ArrayList<>();
        private final Map<String, Declaration> declarations = new LinkedHashMap<>();
        private CachePolicy cachePolicy = CachePolicy.defaults();
        private int bootConcurrency = 16;
        private Duration callTimeout = Duration.ofSeconds(10);
        private Clock clock = Clock.systemUTC();
        private Scheduler scheduler;
        private Executor listenerExecutor;
        private AuditSink auditSink = AuditSink.slf4j();
        private boolean recordStats;
        private final Map<String, RotationPolicy> policies = new LinkedHashMap<>();
        private final Map<String, RotationHook> hooks = new LinkedHashMap<>();
        private final Set<String> policiesInCode = new java.util.HashSet<>();
        private final List<SecretGenerator> generators = new ArrayList<>();
        private Duration rotationCheckEvery = Duration.ofMinutes(1);
        private Duration rotationLease = Duration.ofMinutes(10);
        private String instanceId = UUID.randomUUID().toString();
        private boolean rotationChecks = true;
        private Duration ageWarnAt = AgeReport.WARN_AT;
        private Duration ageCriticalAt = AgeReport.CRITICAL_AT;

        private Builder() {
        }

        /** Adds a provider; names without an explicit reference are looked up through providers in the order added. */
        public Builder provider(SecretProvider provider) {
            Objects.requireNonNull(provider, "provider");
            for (SecretProvider p : providers) {
                if (p.id().equals(provider.id())) {
                    throw new IllegalArgumentException("provider '" + provider.id() + "' added twice; add each provider id once");
                }
            }
            providers.add(provider);
            return this;
        }

        /** Adds a provider created by id from string options through its {@code SecretProviderFactory}. */
        public Builder provider(String id, Map<String, String> options) {
            return provider(SecretProviders.create(Objects.requireNonNull(id, "id"), Objects.requireNonNull(options, "options")));
        }

        /** Declares a required secret: a boot fails without it or when a spec fails. */
        public Builder require(String name, SecretSpec... specs) {
            return declare(name, true, Optional.empty(), List.of(specs));
        }

        /** Declares an optional secret: absent is fine, present must pass its specs. */
        public Builder optional(String name, SecretSpec... specs) {
            return declare(name, false, Optional.empty(), List.of(specs));
        }

        /**
         * Binds {@code name} to an explicit reference such as {@code docker:db_password} or
         * {@code env:DB_PASSWORD#user}, instead of looking it up through every provider.
         * Declares it required unless it is declared optional.
         */
        public Builder bind(String name, String reference) {
            return declare(name, null, Optional.of(SecretRef.parse(Objects.requireNonNull(reference, "reference"))), List.of());
        }

        /**
         * Declares every secret of the catalog and adds the providers it names (after those
         * already added), each created by id through its {@code SecretProviderFactory}.
         */
        public Builder catalog(Catalog catalog) {
            for (Catalog.ProviderConfig p : catalog.providers()) {
                try {
                    provider(SecretProviders.create(p.id(), p.options()));
                } catch (IllegalArgumentException e) {
                    throw new SecretFormatException("secrets catalog " + catalog.source() + ", line " + p.line()
                            + ": " + e.getMessage(), e);
                }
            }
            for (Catalog.Entry e : catalog.entries()) {
                declare(e.name(), e.required(), e.from().map(SecretRef::parse), e.specs());
                e.rotationPolicy().ifPresent(p -> policies.putIfAbsent(e.name(), p));
            }
            return this;
        }

        /** Reads a catalog file and declares its secrets. */
        public Builder catalog(Path file) {
            return catalog(Catalog.load(file));
        }

        /** Reads a catalog from the class path and declares its secrets. */
        public Builder catalogFromClasspath(String resource) {
            return catalog(Catalog.fromClasspath(resource));
        }

        /** How cached secrets are refreshed and how long stale values are served. */
        public Builder cache(CachePolicy policy) {
            this.cachePolicy = Objects.requireNonNull(policy, "cache");
            return this;
        }

        /** How many backend calls boot makes at once (default 16). */
        public Builder bootConcurrency(int concurrency) {
            if (concurrency < 1) {
                throw new IllegalArgumentException("bootConcurrency must be at least 1, got " + concurrency);
            }
            this.bootConcurrency = concurrency;
            return this;
        }

        /** How long one backend call may take before it fails as a retryable timeout (default 10 s). */
        public Builder callTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "callTimeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("callTimeout must be positive, got " + timeout);
            }
            this.callTimeout = timeout;
            return this;
        }

        /** The clock for expiry checks, staleness and event times (default UTC system clock). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Runs background refreshes and retries (default a daemon thread {@code secrets4j-refresh-1}). */
        public Builder scheduler(Scheduler scheduler) {
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
            return this;
        }

        /** Runs change listeners (default a daemon thread {@code secrets4j-listener-1}). */
        public Builder listenerExecutor(Executor executor) {
            this.listenerExecutor = Objects.requireNonNull(executor, "listenerExecutor");
            return this;
        }

        /**
         * Counts cache hits, misses and stale reads for {@link Secrets#stats()} (off by default, so
         * that a read stays a bare map lookup; with it, a read adds one or two {@code LongAdder}
         * increments). Metrics integrations turn it on.
         */
        public Builder recordStats() {
            this.recordStats = true;
            return this;
        }

        /** Receives audit events (default {@link AuditSink#slf4j()}). */
        public Builder auditSink(AuditSink sink) {
            this.auditSink = Objects.requireNonNull(sink, "auditSink");
            return this;
        }

        /**
         * Rotates {@code name} by {@code policy}, with {@code hook} for what lives outside the
         * store. Declares the secret required unless declared otherwise. Overrides a catalog policy.
         */
        public Builder rotate(String name, RotationPolicy policy, RotationHook hook) {
            Objects.requireNonNull(policy, "policy");
            Objects.requireNonNull(hook, "hook");
            declare(name, null, Optional.empty(), List.of());
            policies.put(name, policy);
            policiesInCode.add(name);
            hooks.put(name, hook);
            return this;
        }

        /** Rotates {@code name} by {@code policy} with no hook: for values no one outside the store checks. */
        public Builder rotate(String name, RotationPolicy policy) {
            return rotate(name, policy, RotationHook.none());
        }

        /** The hook of a secret whose policy comes from the catalog. */
        public Builder rotationHook(String name, RotationHook hook) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("rotationHook needs a secret name, got '" + name + "'");
            }
            hooks.put(name, Objects.requireNonNull(hook, "hook"));
            return this;
        }

        /**
         * A generator for a secret type of the application's own (a policy's or the catalog's
         * {@code type}); the built-in types need none and cannot be replaced. Generators found
         * through {@code ServiceLoader} are added too.
         */
        public Builder generator(SecretGenerator generator) {
            generators.add(Objects.requireNonNull(generator, "generator"));
            return this;
        }

        /** How often this instance checks which rotations are due (default 1 minute, with 10% jitter). */
        public Builder rotationCheckEvery(Duration every) {
            if (every == null || every.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new IllegalArgumentException("rotationCheckEvery must be at least 1 second, got " + every);
            }
            this.rotationCheckEvery = every;
            return this;
        }

        /**
         * How long a running rotation holds its lock between steps (default 10 minutes); after that
         * another instance may recover it. Longer than the slowest hook step.
         */
        public Builder rotationLease(Duration lease) {
            if (lease == null || lease.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new IllegalArgumentException("rotationLease must be at least 1 second, got " + lease);
            }
            this.rotationLease = lease;
            return this;
        }

        /**
         * This instance's id in rotation records (default random per start). A stable id, such as
         * the host name, lets a restarted instance recover its own unfinished rotation at once
         * instead of after the lease.
         */
        public Builder rotationInstanceId(String id) {
            if (id == null || id.isBlank() || id.chars().anyMatch(Character::isISOControl)) {
                throw new IllegalArgumentException("rotationInstanceId must be non-blank text, got '" + id + "'");
            }
            this.instanceId = id;
            return this;
        }

        /**
         * Whether this instance checks rotations on its own schedule (default true). Off, rotations
         * run only through {@link Secrets#rotateDue()} and {@link Secrets#rotateNow(String)}: for
         * tools and for instances that must never write.
         */
        public Builder rotationChecks(boolean on) {
            this.rotationChecks = on;
            return this;
        }

        /**
         * The ages at which the report (and the boot report) warns and turns critical for secrets
         * without a rotation policy; defaults 75 and 90 days.
         */
        public Builder ageThresholds(Duration warnAt, Duration criticalAt) {
            if (warnAt == null || criticalAt == null || warnAt.isNegative() || warnAt.isZero() || warnAt.compareTo(criticalAt) >= 0) {
                throw new IllegalArgumentException("ageThresholds need 0 < warnAt < criticalAt, got " + warnAt + " and " + criticalAt);
            }
            this.ageWarnAt = warnAt;
            this.ageCriticalAt = criticalAt;
            return this;
        }

        /**
         * Resolves every declared secret through the providers, checks it against its specs and
         * returns the ready {@link Secrets}.
         *
         * @throws SecretValidationException listing every problem when any required secret is
         *                                   missing or any secret fails a spec
         */
        public Secrets build() {
            if (providers.isEmpty()) {
                throw new IllegalStateException("no secret provider added; call provider(...) at least once, "
                        + "for example provider(EnvSecretProvider.create())");
            }
            EventCounts events = new EventCounts(SafeAuditSink.of(auditSink));
            AuditSink audit = events;
            EngineSettings settings = new EngineSettings(List.copyOf(providers), List.copyOf(declarations.values()),
                    cachePolicy, bootConcurrency, callTimeout, clock, Optional.ofNullable(scheduler),
                    Optional.ofNullable(listenerExecutor), audit, recordStats);
            // Generator conflicts fail the build before anything starts.
            Optional<GeneratedValues> values = policies.isEmpty() ? Optional.empty()
                    : Optional.of(GeneratedValues.of(generators, specsByName(), strictPolicies()));
            SecretsEngine engine = SecretsEngine.start(settings);
            Map<String, RotationPolicy> policyMap = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(policies));
            if (policies.isEmpty()) {
                return ready(engine, Optional.empty(), Optional.empty(), policyMap, events);
            }
            Optional<ScheduledExecutorService> thread = Optional.empty();
            Scheduler rotationScheduler = scheduler;
            if (rotationScheduler == null) {
                // Its own thread: a slow hook step never delays the refreshes.
                thread = Optional.of(Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("secrets4j-rotation")));
                rotationScheduler = Scheduler.of(thread.get());
            }
            RotationEngine rotation = new RotationEngine(engine, new RotationEngine.Settings(policyMap,
                    Map.copyOf(hooks), values.orElseThrow(), clock, rotationScheduler, audit, instanceId,
                    rotationCheckEvery, rotationLease));
            Secrets secrets = ready(engine, Optional.of(rotation), thread, policyMap, events);
            if (rotationChecks) {
                rotation.start();
            }
            return secrets;
        }

        private Secrets ready(SecretsEngine engine, Optional<RotationEngine> rotation, Optional<ScheduledExecutorService> thread,
                              Map<String, RotationPolicy> policyMap, EventCounts events) {
            AgeReport ages = new AgeReport(engine, policyMap, rotation, clock, ageWarnAt, ageCriticalAt);
            try {
                engine.addBootWarnings(AgeReport.asWarnings(ages.build()));
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(Secrets.class).warn("the age report at boot failed: {}", e.getClass().getSimpleName());
            }
            return new Secrets(engine, rotation, thread, ages, events, clock);
        }

        /** The policies declared in code, whose type must be known at build (a catalog's is reported instead). */
        private Map<String, RotationPolicy> strictPolicies() {
            Map<String, RotationPolicy> out = new LinkedHashMap<>(policies);
            out.keySet().retainAll(policiesInCode);
            return out;
        }

        private Map<String, List<SecretSpec>> specsByName() {
            Map<String, List<SecretSpec>> out = new LinkedHashMap<>();
            declarations.forEach((name, d) -> out.put(name, d.specs()));
            return out;
        }

        private Builder declare(String name, Boolean required, Optional<SecretRef> ref, List<SecretSpec> specs) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("secret name must not be null or blank, got " + (name == null ? "null" : "'" + name + "'"));
            }
            specs.forEach(s -> Objects.requireNonNull(s, "spec of secret '" + name + "'"));
            Declaration existing = declarations.get(name);
            Declaration next = existing == null
                    ? Declaration.of(name, required == null || required, ref, specs)
                    : existing.merge(required, ref, specs);
            declarations.put(name, next);
            return this;
        }
    }
}
