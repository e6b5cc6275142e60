package dev.secrets4j;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Backend calls to one provider since {@link Secrets} was built: how many succeeded and failed,
 * the time they took, and when the last one succeeded (for "time since last successful call").
 *
 * @param providerId         the provider's id
 * @param successfulCalls    calls that returned (found or absent)
 * @param successfulCallTime their total duration
 * @param failedCalls        calls that threw or timed out
 * @param failedCallTime     their total duration
 * @param lastSuccess        when the last successful call ended, if one did
 * @param throttleWaits      how long calls waited for the provider's rate budgets, by operation
 *                           ({@link dev.secrets4j.spi.SecretProvider#throttleWaits()}; empty for most providers)
 */
public record ProviderStats(String providerId, long successfulCalls, Duration successfulCallTime, long failedCalls,
                           Duration failedCallTime, Optional<Instant> lastSuccess, Map<String, Duration> throttleWaits) {

    /** Checks that no part is null. */
    public ProviderStats {
        Objects.requireNonNull(providerId, "providerId");
        Objects.requireNonNull(successfulCallTime, "successfulCallTime");
        Objects.requireNonNull(failedCallTime, "failedCallTime");
        Objects.requireNonNull(lastSuccess, "lastSuccess");
        throttleWaits = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(throttleWaits, "throttleWaits")));
    }
}
