package dev.secrets4j.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Logs a provider outage once when it starts (WARN) and once when it ends (INFO), not per read or retry. */
final class OutageLog {

    private static final Logger log = LoggerFactory.getLogger(OutageLog.class);

    private final Map<String, String> failing = new ConcurrentHashMap<>();
    private final Duration maxStale;

    OutageLog(Duration maxStale) {
        this.maxStale = maxStale;
    }

    void failed(String providerId, String reason) {
        if (failing.putIfAbsent(providerId, reason) == null) {
            log.warn("provider '{}' is failing: {}; serving cached secrets for up to {} while retrying with backoff",
                    providerId, reason, ProviderCalls.human(maxStale));
        }
    }

    void succeeded(String providerId) {
        if (failing.remove(providerId) != null) {
            log.info("provider '{}' is answering again; refreshes resumed", providerId);
        }
    }

    /** Why the provider is failing, while it is. */
    java.util.Optional<String> failure(String providerId) {
        return java.util.Optional.ofNullable(failing.get(providerId));
    }
}
