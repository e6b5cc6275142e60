package dev.secrets4j.internal.rotation;

import dev.secrets4j.Problem;
import dev.secrets4j.Secret;
import dev.secrets4j.SecretsReport;
import dev.secrets4j.SecretsReport.Level;
import dev.secrets4j.internal.Origin;
import dev.secrets4j.internal.SecretsEngine;
import dev.secrets4j.internal.spec.Certificates;
import dev.secrets4j.rotation.RotationPolicy;
import dev.secrets4j.rotation.RotationState;
import dev.secrets4j.rotation.RotationStatus;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the {@link SecretsReport}: a secret's age warns at {@code warnAt} and is critical at
 * {@code criticalAt} (defaults 75 and 90 days); with a rotation policy, critical when rotation is
 * overdue and a warning {@code warn-before} earlier (a sixth of the period without one). A
 * certificate expiring within 30 days warns, an expired one is critical; a failed rotation warns.
 */
public final class AgeReport {

    /** The default age that warns: 75 days. */
    public static final Duration WARN_AT = Duration.ofDays(75);
    /** The default age that is critical: 90 days. */
    public static final Duration CRITICAL_AT = Duration.ofDays(90);
    /** How long before a certificate expires the report warns: 30 days. */
    public static final Duration CERTIFICATE_WARNING = Duration.ofDays(30);

    private final SecretsEngine secrets;
    private final Map<String, RotationPolicy> policies;
    private final Optional<RotationEngine> rotation;
    private final Clock clock;
    private final Duration warnAt;
    private final Duration criticalAt;

    /** A report over {@code secrets}, with rotation status from {@code rotation} when there is one. */
    public AgeReport(SecretsEngine secrets, Map<String, RotationPolicy> policies, Optional<RotationEngine> rotation,
                     Clock clock, Duration warnAt, Duration criticalAt) {
        this.secrets = secrets;
        this.policies = policies;
        this.rotation = rotation;
        this.clock = clock;
        this.warnAt = warnAt;
        this.criticalAt = criticalAt;
    }

    /** The report now, over every declared secret that is cached (reads are not counted as accesses). */
    public SecretsReport build() {
        Instant now = clock.instant();
        List<SecretsReport.Entry> entries = new ArrayList<>();
        for (String name : secrets.declaredNames()) {
            secrets.cached(name).ifPresent(secret -> entries.add(entry(name, secret, now)));
        }
        entries.sort(Comparator.comparing((SecretsReport.Entry e) -> -e.level().ordinal()).thenComparing(SecretsReport.Entry::name));
        return new SecretsReport(now, entries);
    }

    /** The findings at WARNING or CRITICAL as boot-report warnings. */
    public static List<Problem> asWarnings(SecretsReport report) {
        return report.needingAttention().stream()
                .map(e -> Problem.warning(e.name(), e.level() + ": " + String.join("; ", e.findings()), e.provider()))
                .toList();
    }

    private SecretsReport.Entry entry(String name, Secret secret, Instant now) {
        RotationPolicy policy = policies.get(name);
        Optional<RotationStatus> status = Optional.empty();
        if (policy != null && rotation.isPresent()) {
            try {
                status = Optional.of(rotation.get().status(name));
            } catch (RuntimeException e) {
                status = Optional.empty();
            }
        }
        Optional<Instant> last = status.flatMap(RotationStatus::lastRotated).or(secret::createdAt);
        Optional<Duration> age = last.map(t -> Duration.between(t, now));
        Duration warn = policy == null ? warnAt
                : policy.rotateEvery().minus(policy.warnBefore().orElse(policy.rotateEvery().dividedBy(6)));
        Duration critical = policy == null ? criticalAt : policy.rotateEvery();
        List<String> findings = new ArrayList<>();
        Level level = Level.OK;
        if (age.isEmpty()) {
            findings.add("age unknown: the provider does not say when the value was created");
        } else if (age.get().compareTo(critical) >= 0) {
            level = Level.CRITICAL;
            findings.add("value is " + age.get().toDays() + " days old, " + (policy == null ? "critical" : "rotation due")
                    + " at " + critical.toDays() + " days; rotate it");
        } else if (age.get().compareTo(warn) >= 0) {
            level = Level.WARNING;
            findings.add("value is " + age.get().toDays() + " days old, " + (policy == null ? "critical" : "rotation due")
                    + " at " + critical.toDays() + " days");
        }
        if (status.flatMap(RotationStatus::state).filter(s -> s == RotationState.FAILED).isPresent()) {
            level = max(level, Level.WARNING);
            findings.add("last rotation failed: " + status.get().lastError().orElse("no reason recorded"));
        }
        Optional<Instant> expires = Certificates.earliestExpiry(secret);
        if (expires.isPresent()) {
            if (!now.isBefore(expires.get())) {
                level = Level.CRITICAL;
                findings.add("certificate expired on " + expires.get());
            } else if (Duration.between(now, expires.get()).compareTo(CERTIFICATE_WARNING) <= 0) {
                level = max(level, Level.WARNING);
                findings.add("certificate expires on " + expires.get());
            }
        }
        String provider = secrets.origin(name).map(Origin::provider).map(p -> p.id()).orElse(secret.providerId());
        return new SecretsReport.Entry(name, provider, secret.version(), age, last, status.flatMap(RotationStatus::nextDue),
                expires, level, findings);
    }

    private static Level max(Level a, Level b) {
        return a.ordinal() >= b.ordinal() ? a : b;
    }
}
