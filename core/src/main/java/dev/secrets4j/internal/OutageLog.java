package dev.secrets4j.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Logs a provider outage once when it starts (WARN) and once when it ends (INFO), not per read or
 * retry. An outage starts when the first of a provider's secrets fails to refresh and ends when
 * the last failing one refreshes again, so one secret that keeps failing while others succeed
 * does not make the log flap.
 */
final class OutageLog {

    private static final Logger log = LoggerFactory.getLogger(OutageLog.class);

    /** Provider id to (failing secret name to the reason of its last failure). */
    private final Map<String, Map<String, String>> failing = new ConcurrentHashMap<>();
    private final Duration maxStale;

    OutageLog(Duration maxStale) {
        this.maxStale = maxStale;
    }

    void failed(String providerId, String secretName, String reason) {
        synchronized (this) {
            Map<String, String> names = failing.computeIfAbsent(providerId, k -> new ConcurrentHashMap<>());
            boolean starts = names.isEmpty();
            names.put(secretName, reason);
            if (starts) {
                log.warn("provider '{}' is failing: {}; serving cached secrets for up to {} while retrying with backoff",
                        providerId, reason, ProviderCalls.human(maxStale));
            }
        }
    }

    void succeeded(String providerId, String secretName) {
        synchronized (this) {
            Map<String, String> names = failing.get(providerId);
            if (names != null && names.remove(secretName) != null && names.isEmpty()) {
                failing.remove(providerId);
                log.info("provider '{}' is answering again; refreshes resumed", providerId);
            }
        }
    }

    /** Why the provider is failing, while any of its secrets is. */
    Optional<String> failure(String providerId) {
        Map<String, String> names = failing.get(providerId);
        return names == null ? Optional.empty() : names.values().stream().findFirst()
                .map(reason -> names.size() == 1 ? reason : names.size() + " secrets failing, e.g. " + reason);
    }
}
