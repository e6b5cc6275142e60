package dev.secrets4j.spring.boot.autoconfigure.actuate;

import dev.secrets4j.ProviderStats;
import dev.secrets4j.Secrets;
import dev.secrets4j.SecretsStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * Binds secrets4j's counters to Micrometer. Every meter reads {@link Secrets#stats()} when it
 * is published; tags are provider ids and outcomes, never a secret's name or value.
 *
 * <ul>
 *   <li>{@code secrets4j.backend.calls} (timer; tags {@code provider}, {@code outcome=success|failure}):
 *       backend calls and their time</li>
 *   <li>{@code secrets4j.backend.since.last.success} (gauge, seconds; tag {@code provider}): time
 *       since the provider last answered (NaN before its first answer)</li>
 *   <li>{@code secrets4j.cache.gets} (counter; tag {@code result=hit|miss}): reads of the cache</li>
 *   <li>{@code secrets4j.cache.stale.reads} (counter): reads served stale because refreshing fails</li>
 *   <li>{@code secrets4j.refresh.failures} (counter): failed refreshes</li>
 *   <li>{@code secrets4j.changes} (counter): change events (a new version or value)</li>
 * </ul>
 *
 * <p>Cache reads are counted only when the {@code Secrets} was built with
 * {@link Secrets.Builder#recordStats()} (the auto-configured bean is, when metrics are on).
 */
public final class Secrets4jMetrics implements MeterBinder {

    private final Secrets secrets;
    private final Clock clock;

    Secrets4jMetrics(Secrets secrets, Clock clock) {
        this.secrets = Objects.requireNonNull(secrets, "secrets");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Registers the meters; providers are those the {@code Secrets} has now. */
    @Override
    public void bindTo(MeterRegistry registry) {
        counter(registry, "secrets4j.cache.gets", "reads of the secrets4j cache", SecretsStats::cacheHits, "result", "hit");
        counter(registry, "secrets4j.cache.gets", "reads of the secrets4j cache", SecretsStats::cacheMisses, "result", "miss");
        counter(registry, "secrets4j.cache.stale.reads", "reads served a stale value because refreshing it fails",
                SecretsStats::staleReads);
        counter(registry, "secrets4j.refresh.failures", "failed refreshes of cached secrets", SecretsStats::refreshFailures);
        counter(registry, "secrets4j.changes", "secret changes (a new version or value)", SecretsStats::changes);
        for (String provider : secrets.stats().providers().keySet()) {
            timer(registry, provider, "success", ProviderStats::successfulCalls, ProviderStats::successfulCallTime);
            timer(registry, provider, "failure", ProviderStats::failedCalls, ProviderStats::failedCallTime);
            Gauge.builder("secrets4j.backend.since.last.success", secrets, s -> secondsSinceLastSuccess(s, provider))
                    .description("time since the provider last answered a call")
                    .baseUnit("seconds")
                    .tag("provider", provider)
                    .strongReference(true)
                    .register(registry);
            for (String operation : providerStats(secrets, provider).map(p -> p.throttleWaits().keySet()).orElse(java.util.Set.of())) {
                FunctionCounter.builder("secrets4j.backend.throttle.wait", secrets, s -> providerStats(s, provider)
                                .map(p -> p.throttleWaits().getOrDefault(operation, Duration.ZERO).toNanos() / 1e9).orElse(0.0))
                        .description("time calls waited for the provider's client-side rate budget")
                        .baseUnit("seconds")
                        .tags("provider", provider, "operation", operation)
                        .register(registry);
            }
        }
    }

    private void counter(MeterRegistry registry, String name, String description, ToLongFunction<SecretsStats> count,
                         String... tags) {
        FunctionCounter.builder(name, secrets, s -> count.applyAsLong(s.stats()))
                .description(description)
                .tags(tags)
                .register(registry);
    }

    private void timer(MeterRegistry registry, String provider, String outcome, ToLongFunction<ProviderStats> count,
                       Function<ProviderStats, Duration> time) {
        FunctionTimer.builder("secrets4j.backend.calls", secrets,
                        s -> providerStats(s, provider).map(count::applyAsLong).orElse(0L),
                        s -> providerStats(s, provider).map(p -> (double) time.apply(p).toNanos()).orElse(0.0),
                        TimeUnit.NANOSECONDS)
                .description("calls to a secrets backend")
                .tags("provider", provider, "outcome", outcome)
                .register(registry);
    }

    private static Optional<ProviderStats> providerStats(Secrets s, String provider) {
        return Optional.ofNullable(s.stats().providers().get(provider));
    }

    private double secondsSinceLastSuccess(Secrets s, String provider) {
        return providerStats(s, provider).flatMap(ProviderStats::lastSuccess)
                .map(last -> Math.max(0, Duration.between(last, clock.instant()).toNanos()) / 1e9)
                .orElse(Double.NaN);
    }

    @Override
    public String toString() {
        return "Secrets4jMetrics[" + secrets + "]";
    }
}
