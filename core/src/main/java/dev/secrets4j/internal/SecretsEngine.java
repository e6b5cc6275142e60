package dev.secrets4j.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.secrets4j.AuditEvent;
import dev.secrets4j.Problem;
import dev.secrets4j.Scheduler;
import dev.secrets4j.Secret;
import dev.secrets4j.SecretChange;
import dev.secrets4j.SecretChangeListener;
import dev.secrets4j.SecretNotFoundException;
import dev.secrets4j.SecretStatus;
import dev.secrets4j.SecretValidationException;
import dev.secrets4j.SecretsException;
import dev.secrets4j.SecretsStats;
import dev.secrets4j.Subscription;
import dev.secrets4j.ValidationReport;
import dev.secrets4j.spi.ProviderHealth;
import dev.secrets4j.spi.SecretProvider;
import dev.secrets4j.spi.SecretRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The machinery behind {@code Secrets}: boot (resolve and validate every declared secret), the
 * read path (a lock-free map read on a hit, single flight on a miss, negative caching of absent
 * names), background refresh and change hooks.
 */
public final class SecretsEngine implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SecretsEngine.class);

    private final ConcurrentHashMap<String, CacheEntry> cache = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, CompletableFuture<Outcome>> inflight = new ConcurrentHashMap<>();
    private final Cache<String, String> absent;
    private final Map<String, Declaration> declarations = new LinkedHashMap<>();
    private final EngineSettings settings;
    private final Clock clock;
    private final ProviderCalls calls;
    private final Resolver resolver;
    private final ChangeDispatcher dispatcher;
    private final OutageLog outages;
    private final Refresher refresher;
    private final StatsCounters stats;
    private final List<AutoCloseable> owned = new ArrayList<>();
    private volatile ValidationReport bootReport;

    private SecretsEngine(EngineSettings settings) {
        this.settings = settings;
        this.clock = settings.clock();
        settings.declarations().forEach(d -> declarations.put(d.name(), d));
        this.absent = Caffeine.newBuilder()
                .maximumSize(settings.cachePolicy().maxAbsentNames())
                .expireAfterWrite(settings.cachePolicy().negativeTtl())
                .build();
        this.stats = new StatsCounters(settings.recordStats(), clock);
        this.calls = new ProviderCalls(settings.callTimeout(), stats);
        this.resolver = new Resolver(settings.providers(), calls);
        Executor listenerExecutor = settings.listenerExecutor().orElseGet(() -> {
            ExecutorService e = Executors.newSingleThreadExecutor(DaemonThreads.named("secrets4j-listener"));
            owned.add(e::shutdownNow);
            return e;
        });
        Scheduler scheduler = settings.scheduler().orElseGet(() -> {
            ScheduledExecutorService e = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("secrets4j-refresh"));
            owned.add(e::shutdownNow);
            return Scheduler.of(e);
        });
        this.dispatcher = new ChangeDispatcher(listenerExecutor);
        this.outages = new OutageLog(settings.cachePolicy().maxStale());
        this.refresher = new Refresher(cache, resolver, dispatcher, settings.cachePolicy(), scheduler, clock,
                settings.auditSink(), outages, stats);
    }

    /** Resolves and validates every declared secret; throws {@link SecretValidationException} listing every error. */
    public static SecretsEngine start(EngineSettings settings) {
        SecretsEngine engine = new SecretsEngine(settings);
        try {
            engine.boot();
            return engine;
        } catch (RuntimeException | Error e) {
            engine.close();
            throw e;
        }
    }

    private void boot() {
        Map<String, Outcome> outcomes = resolver.resolveAll(lookupRefs(), settings.bootConcurrency());
        ValidationReport report = BootValidation.check(settings.declarations(), outcomes, clock.instant(), settings.auditSink());
        if (report.hasErrors()) {
            throw new SecretValidationException(report);
        }
        outcomes.forEach((name, o) -> {
            if (o instanceof Outcome.Found f) {
                refresher.track(f);
            } else if (o instanceof Outcome.Absent a) {
                rememberAbsent(name, a.lookedIn());
            }
        });
        for (Problem p : report.warnings()) {
            log.warn("secret '{}': {} ({})", p.secretName(), p.message(), p.location());
        }
        bootReport = report;
        log.info("secrets4j ready: {} of {} declared secrets resolved from providers {}, {} warning(s)",
                cache.size(), declarations.size(), providerIds(), report.warnings().size());
    }

    /** A cache hit is one map read: no lock, no clock, no allocation (and two adder increments with recordStats). */
    public Secret get(String name) {
        CacheEntry e = cache.get(name);
        if (e != null && e.failure == null) {
            if (stats.recordReads) {
                stats.hit(name, e);
            }
            return e.secret;
        }
        return load(name, e).orElseThrow(() -> new SecretNotFoundException(name, lookedIn(name)));
    }

    public Optional<Secret> find(String name) {
        CacheEntry e = cache.get(name);
        if (e != null && e.failure == null) {
            if (stats.recordReads) {
                stats.hit(name, e);
            }
            return Optional.of(e.secret);
        }
        return load(name, e);
    }

    public SecretsStats stats() {
        return stats.snapshot(resolver.providers());
    }

    /** Reads of {@code name} by the application so far; zero unless reads are recorded. */
    public long accesses(String name) {
        return stats.accesses(name);
    }

    /** The names with a cached value. */
    public Set<String> cachedNames() {
        return Collections.unmodifiableSet(new HashSet<>(cache.keySet()));
    }

    /** Declared names first, in declaration order, then the other cached names in name order. */
    public List<SecretStatus> status() {
        List<SecretStatus> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String name : declarations.keySet()) {
            seen.add(name);
            refresher.status(name).ifPresent(out::add);
        }
        refresher.trackedNames().stream().filter(n -> !seen.contains(n)).sorted()
                .forEach(n -> refresher.status(n).ifPresent(out::add));
        return out;
    }

    public List<Secret> versions(String name) {
        get(name);
        Refresher.Tracked t = refresher.tracked(name).orElseThrow(() -> new SecretNotFoundException(name, lookedIn(name)));
        return resolver.versions(t.provider, name, t.ref);
    }

    /** Where {@code name} was found (reading it first if it is not cached); empty when no provider has it. */
    public Optional<Origin> origin(String name) {
        if (refresher.tracked(name).isEmpty() && find(name).isEmpty()) {
            return Optional.empty();
        }
        return refresher.tracked(name).map(t -> new Origin(t.provider, Resolver.asked(t.provider, t.ref)));
    }

    /** The cached value of {@code name}, without counting a read or loading it; empty when not cached or expired. */
    public Optional<Secret> cached(String name) {
        CacheEntry e = cache.get(name);
        return e == null || e.failure != null ? Optional.empty() : Optional.of(e.secret);
    }

    public Secret refresh(String name) {
        Optional<Refresher.Tracked> t = refresher.tracked(name);
        if (t.isPresent()) {
            return refresher.refresh(t.get(), SecretChange.Cause.MANUAL);
        }
        absent.invalidate(name);
        return get(name);
    }

    public Subscription onChange(String name, SecretChangeListener listener) {
        return dispatcher.register(name, listener);
    }

    public ValidationReport validate() {
        Map<String, Outcome> outcomes = resolver.resolveAll(lookupRefs(), settings.bootConcurrency());
        return BootValidation.check(settings.declarations(), outcomes, clock.instant(), settings.auditSink());
    }

    public ValidationReport bootReport() {
        return bootReport;
    }

    /** Adds warnings found after boot resolved everything (the age report's), logging each once. */
    public void addBootWarnings(List<Problem> warnings) {
        for (Problem p : warnings) {
            log.warn("secret '{}': {} ({})", p.secretName(), p.message(), p.location());
        }
        List<Problem> all = new ArrayList<>(bootReport.problems());
        all.addAll(warnings);
        bootReport = ValidationReport.of(all, bootReport.checkedCount());
    }

    public Set<String> declaredNames() {
        return Collections.unmodifiableSet(new LinkedHashSet<>(declarations.keySet()));
    }

    public List<String> providerIds() {
        return resolver.providers().stream().map(SecretProvider::id).toList();
    }

    public Map<String, ProviderHealth> health() {
        Map<String, ProviderHealth> out = new LinkedHashMap<>();
        for (SecretProvider p : resolver.providers()) {
            ProviderHealth h;
            try {
                h = calls.call(p, null, "checking health of", p::health);
            } catch (SecretsException e) {
                h = ProviderHealth.down(e.getMessage());
            }
            Optional<String> failing = outages.failure(p.id());
            if (failing.isPresent() && h.status() == ProviderHealth.Status.UP) {
                h = ProviderHealth.degraded("refreshes failing: " + failing.get());
            }
            out.put(p.id(), h);
        }
        return out;
    }

    /** The miss path: one backend resolution per name at a time (single flight); absent names are remembered. */
    private Optional<Secret> load(String name, CacheEntry seen) {
        if (seen != null) {
            throw seen.failure.toException();
        }
        if (stats.recordReads) {
            stats.miss(name);
        }
        if (absent.getIfPresent(name) != null) {
            return Optional.empty();
        }
        CompletableFuture<Outcome> mine = new CompletableFuture<>();
        CompletableFuture<Outcome> theirs = inflight.putIfAbsent(name, mine);
        Outcome outcome;
        if (theirs != null) {
            try {
                outcome = theirs.join();
            } catch (java.util.concurrent.CompletionException e) {
                throw e.getCause() instanceof RuntimeException re ? re : e;
            }
        } else {
            try {
                outcome = resolveNow(name);
            } catch (RuntimeException e) {
                mine.completeExceptionally(e);
                throw e;
            } finally {
                inflight.remove(name, mine);
            }
            mine.complete(outcome);
        }
        if (outcome instanceof Outcome.Found f) {
            return Optional.of(f.secret());
        }
        if (outcome instanceof Outcome.Failed f) {
            throw f.error();
        }
        return Optional.empty();
    }

    private Outcome resolveNow(String name) {
        CacheEntry e = cache.get(name);
        if (e != null && e.failure == null) {
            Refresher.Tracked t = refresher.tracked(name).orElseThrow();
            return new Outcome.Found(e.secret, t.provider, t.ref);
        }
        String knownAbsent = absent.getIfPresent(name);
        if (knownAbsent != null) {
            return new Outcome.Absent(knownAbsent);
        }
        Declaration d = declarations.get(name);
        SecretRef ref = d != null ? d.lookupRef() : SecretRef.ofName(name);
        Outcome o = resolver.resolve(name, ref);
        if (o instanceof Outcome.Found f) {
            settings.auditSink().record(new AuditEvent(clock.instant(), name, Optional.of(f.secret().version()),
                    f.provider().id(), AuditEvent.Action.FETCH, AuditEvent.Outcome.SUCCESS, Optional.empty(), Optional.empty()));
            refresher.track(f);
        } else if (o instanceof Outcome.Absent a) {
            rememberAbsent(name, a.lookedIn());
        } else if (o instanceof Outcome.Failed f) {
            settings.auditSink().record(new AuditEvent(clock.instant(), name, Optional.empty(), f.providerId(),
                    AuditEvent.Action.FETCH_FAILED, AuditEvent.Outcome.FAILURE, Optional.empty(),
                    Optional.of(f.error().getClass().getSimpleName())));
        }
        return o;
    }

    private void rememberAbsent(String name, String lookedIn) {
        if (!settings.cachePolicy().negativeTtl().isZero()) {
            absent.put(name, lookedIn);
        }
    }

    private String lookedIn(String name) {
        String known = absent.getIfPresent(name);
        if (known != null) {
            return known;
        }
        SecretRef ref = Optional.ofNullable(declarations.get(name)).map(Declaration::lookupRef).orElseGet(() -> SecretRef.ofName(name));
        List<String> where = new ArrayList<>();
        for (SecretProvider p : resolver.providers()) {
            where.add(p.describeLookup(ref));
        }
        return String.join(", ", where);
    }

    private Map<String, SecretRef> lookupRefs() {
        Map<String, SecretRef> refs = new LinkedHashMap<>();
        declarations.values().forEach(d -> refs.put(d.name(), d.lookupRef()));
        return refs;
    }

    @Override
    public void close() {
        refresher.close();
        calls.close();
        for (AutoCloseable c : owned) {
            try {
                c.close();
            } catch (Exception e) {
                log.debug("closing {} failed", c, e);
            }
        }
        for (SecretProvider p : resolver.providers()) {
            try {
                p.close();
            } catch (RuntimeException e) {
                log.warn("closing provider '{}' failed with {}", p.id(), e.getClass().getName(), e);
            }
        }
    }
}
