package dev.secrets4j.spring.boot.autoconfigure.actuate;

import dev.secrets4j.SecretStatus;
import dev.secrets4j.Secrets;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The actuator endpoint {@code secrets}: each cached secret's name, provider, version, age,
 * expiry and last refresh, from {@link Secrets#status()}. Never a value.
 *
 * <p>{@code GET /actuator/secrets} lists every secret. Expose it with
 * {@code management.endpoints.web.exposure.include=secrets} and protect it like {@code env}.
 */
@Endpoint(id = "secrets")
public final class SecretsEndpoint {

    private final Secrets secrets;
    private final Clock clock;

    SecretsEndpoint(Secrets secrets, Clock clock) {
        this.secrets = Objects.requireNonNull(secrets, "secrets");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Every cached secret, declared ones first in declaration order. */
    @ReadOperation
    public SecretsDescriptor secrets() {
        Instant now = clock.instant();
        return new SecretsDescriptor(secrets.status().stream().map(s -> SecretDescriptor.of(s, now)).toList());
    }

    /**
     * The body of {@code GET /actuator/secrets}.
     *
     * @param secrets one entry per cached secret
     */
    public record SecretsDescriptor(List<SecretDescriptor> secrets) implements OperationResponseBody {
    }

    /**
     * What is known about one secret, without its value.
     *
     * @param name        the logical name
     * @param provider    the id of the provider that served it
     * @param version     the version served
     * @param createdAt   when the provider says the version was created, if it says
     * @param age         how old the version is: since its creation where known, else since it was read
     * @param expiresAt   when the provider says the version expires, if it says
     * @param fetchedAt   when the value served now was read
     * @param lastRefresh when a refresh last succeeded, if one has
     * @param stale       whether refreshing it fails now, so the last good value is served
     */
    public record SecretDescriptor(String name, String provider, String version, Optional<Instant> createdAt,
                                   Duration age, Optional<Instant> expiresAt, Instant fetchedAt,
                                   Optional<Instant> lastRefresh, boolean stale) implements OperationResponseBody {

        static SecretDescriptor of(SecretStatus s, Instant now) {
            Instant born = s.createdAt().orElse(s.fetchedAt());
            Duration age = born.isAfter(now) ? Duration.ZERO : Duration.between(born, now);
            return new SecretDescriptor(s.name(), s.providerId(), s.version(), s.createdAt(), age, s.expiresAt(),
                    s.fetchedAt(), s.lastRefresh(), s.stale());
        }
    }
}
