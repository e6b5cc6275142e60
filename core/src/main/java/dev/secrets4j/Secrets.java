package dev.secrets4j;

import dev.secrets4j.internal.Declaration;
import dev.secrets4j.internal.EngineSettings;
import dev.secrets4j.internal.SecretsEngine;
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
import java.util.concurrent.Executor;

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

    private Secrets(SecretsEngine engine) {
        this.engine = engine;
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
        engine.close();
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
            EngineSettings settings = new EngineSettings(List.copyOf(providers), List.copyOf(declarations.values()),
                    cachePolicy, bootConcurrency, callTimeout, clock, Optional.ofNullable(scheduler),
                    Optional.ofNullable(listenerExecutor), auditSink, recordStats);
            return new Secrets(SecretsEngine.start(settings));
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
