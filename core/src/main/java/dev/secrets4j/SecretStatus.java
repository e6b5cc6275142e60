package dev.secrets4j;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link Secrets} holds for one cached secret, without its value: for an inventory such as
 * the Spring actuator {@code secrets} endpoint.
 *
 * @param name        the logical name
 * @param providerId  the provider that served it
 * @param version     the version served
 * @param createdAt   when the provider says the version was created, if it says
 * @param expiresAt   when the provider says it expires, if it says
 * @param fetchedAt   when the value served now was read
 * @param lastRefresh when a refresh last succeeded (whether or not the value moved), if one has
 * @param stale       whether refreshing it fails now, so the last good value is being served
 */
public record SecretStatus(String name, String providerId, String version, Optional<Instant> createdAt,
                           Optional<Instant> expiresAt, Instant fetchedAt, Optional<Instant> lastRefresh,
                           boolean stale) {

    /** Checks that no part is null. */
    public SecretStatus {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(providerId, "providerId");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(fetchedAt, "fetchedAt");
        Objects.requireNonNull(lastRefresh, "lastRefresh");
    }
}
