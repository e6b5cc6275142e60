package dev.secrets4j.spring.boot.autoconfigure.actuate;

import dev.secrets4j.SecretStatus;
import dev.secrets4j.Secrets;
import dev.secrets4j.ValidationReport;
import dev.secrets4j.spi.ProviderHealth;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code secrets4j} health: each provider's status and reason, how many secrets are declared,
 * how many problems and warnings their validation found, and how many are served stale because
 * refreshing them fails. Never a secret's name or value.
 *
 * <p>DOWN when a provider is DOWN or the validation found an error; UP otherwise, a DEGRADED
 * provider (slow, or its refreshes failing while stale values are served) shows in the details.
 * The validation state is the boot report (reading every secret again on each health check
 * would call every backend on every probe).
 */
public final class Secrets4jHealthIndicator implements HealthIndicator {

    private final Secrets secrets;

    Secrets4jHealthIndicator(Secrets secrets) {
        this.secrets = Objects.requireNonNull(secrets, "secrets");
    }

    /** Asks every provider for its health and adds the counts of the validation report. */
    @Override
    public Health health() {
        Map<String, ProviderHealth> health = secrets.health();
        ValidationReport report = secrets.bootReport();
        Map<String, Object> providers = new LinkedHashMap<>();
        boolean down = report.hasErrors();
        for (Map.Entry<String, ProviderHealth> e : health.entrySet()) {
            ProviderHealth h = e.getValue();
            down |= h.status() == ProviderHealth.Status.DOWN;
            providers.put(e.getKey(), Map.of("status", h.status().name(), "reason", h.detail()));
        }
        return Health.status(down ? Status.DOWN : Status.UP)
                .withDetail("providers", providers)
                .withDetail("declared", secrets.declaredNames().size())
                .withDetail("problems", report.errors().size())
                .withDetail("warnings", report.warnings().size())
                .withDetail("stale", secrets.status().stream().filter(SecretStatus::stale).count())
                .build();
    }

    @Override
    public String toString() {
        return "Secrets4jHealthIndicator[" + secrets + "]";
    }
}
