package dev.secrets4j;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Counters of a {@link Secrets} since it was built, for metrics. Cache hits, misses and stale
 * reads are counted only with {@link Secrets.Builder#recordStats()} (otherwise zero), so that a
 * read stays a bare map lookup; backend calls, refresh failures and changes are always counted.
 *
 * @param cacheHits       reads answered from the cache
 * @param cacheMisses     reads that went to a provider (or found a name remembered as absent)
 * @param staleReads      cache hits served while refreshing that secret fails (stale-if-error)
 * @param refreshFailures failed background or manual refreshes
 * @param changes         change events fired (a new version or value)
 * @param providers       backend calls per provider id, in provider order
 */
public record SecretsStats(long cacheHits, long cacheMisses, long staleReads, long refreshFailures, long changes,
                           Map<String, ProviderStats> providers) {

    /** Copies the map. */
    public SecretsStats {
        providers = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(providers, "providers")));
    }
}
