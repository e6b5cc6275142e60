package dev.secrets4j;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The age and expiry of every secret: how old its current value is, when it rotates next, when
 * its certificate expires, and whether any of that needs attention. Holds no value; the same
 * findings become warnings of the boot report. {@link #toString()} prints a table.
 *
 * @param at      when the report was made
 * @param entries one entry per secret, those needing attention first
 */
public record SecretsReport(Instant at, List<Entry> entries) {

    /** How urgent an entry is. */
    public enum Level {
        /** Nothing to do. */
        OK,
        /** Due soon: rotate or renew before it becomes critical. */
        WARNING,
        /** Overdue or expired. */
        CRITICAL
    }

    /** Copies the entries. */
    public SecretsReport {
        Objects.requireNonNull(at, "at");
        entries = List.copyOf(entries);
    }

    /** The entries at WARNING or CRITICAL. */
    public List<Entry> needingAttention() {
        return entries.stream().filter(e -> e.level() != Level.OK).toList();
    }

    /**
     * One secret.
     *
     * @param name               the logical name
     * @param provider           the provider holding it
     * @param version            its current version
     * @param age                how long ago its value last changed (rotation, or creation), when known
     * @param lastRotated        when it was last rotated or created, when known
     * @param nextRotation       when its next rotation is due, for a secret with a policy
     * @param certificateExpires the earliest expiry of the certificates in its value, if it holds any
     * @param level              how urgent it is
     * @param findings           what needs attention, one sentence each, value-free
     */
    public record Entry(String name, String provider, String version, Optional<Duration> age, Optional<Instant> lastRotated,
                        Optional<Instant> nextRotation, Optional<Instant> certificateExpires, Level level,
                        List<String> findings) {

        /** Copies the findings and checks that no part is null. */
        public Entry {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(provider, "provider");
            Objects.requireNonNull(version, "version");
            Objects.requireNonNull(age, "age");
            Objects.requireNonNull(lastRotated, "lastRotated");
            Objects.requireNonNull(nextRotation, "nextRotation");
            Objects.requireNonNull(certificateExpires, "certificateExpires");
            Objects.requireNonNull(level, "level");
            findings = List.copyOf(findings);
        }
    }

    /** One line per secret: level, name, age in days, next rotation, certificate expiry, findings. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("secrets report at ").append(at).append(": ").append(needingAttention().size())
                .append(" of ").append(entries.size()).append(" need attention\n");
        int width = entries.stream().mapToInt(e -> e.name().length()).max().orElse(4);
        for (Entry e : entries) {
            b.append(String.format("  %-8s %-" + width + "s  age %-9s next %-22s cert %-22s %s%n", e.level(), e.name(),
                    e.age().map(a -> a.toDays() + "d").orElse("?"), e.nextRotation().map(Instant::toString).orElse("-"),
                    e.certificateExpires().map(Instant::toString).orElse("-"), String.join("; ", e.findings())));
        }
        return b.toString();
    }
}
