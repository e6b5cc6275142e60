package dev.secrets4j.rotation;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a rotation run would do now, written nowhere: the dry run of
 * {@code Secrets.rotationPlan()}. {@link #toString()} prints one line per secret.
 *
 * @param at      when the plan was made
 * @param entries one entry per secret with a rotation policy, due ones first
 */
public record RotationPlan(Instant at, List<Entry> entries) {

    /** Copies the entries. */
    public RotationPlan {
        Objects.requireNonNull(at, "at");
        entries = List.copyOf(entries);
    }

    /** The entries that would rotate now. */
    public List<Entry> due() {
        return entries.stream().filter(Entry::due).toList();
    }

    /**
     * One secret in the plan.
     *
     * @param name     the logical name
     * @param provider where it lives (the provider's description)
     * @param strategy how it would rotate
     * @param due      whether it would rotate now
     * @param dueAt    when it is (or was) due
     * @param action   what would happen, in words: {@code rotate (due since ...)}, {@code resume
     *                 PROMOTED: retire version 3 at ...}, {@code wait: rotating on another instance}
     */
    public record Entry(String name, String provider, RotationStrategy strategy, boolean due, Instant dueAt, String action) {

        /** Checks that no part is null. */
        public Entry {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(provider, "provider");
            Objects.requireNonNull(strategy, "strategy");
            Objects.requireNonNull(dueAt, "dueAt");
            Objects.requireNonNull(action, "action");
        }
    }

    /** A table: one line per secret, due ones marked {@code *}. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("rotation plan at ").append(at).append(": ").append(due().size())
                .append(" of ").append(entries.size()).append(" due\n");
        int width = entries.stream().mapToInt(e -> e.name().length()).max().orElse(4);
        for (Entry e : entries) {
            b.append(e.due() ? "* " : "  ").append(String.format("%-" + width + "s", e.name())).append("  ")
                    .append(String.format("%-7s", e.strategy())).append("  due ").append(e.dueAt()).append("  ")
                    .append(e.action()).append("  (").append(e.provider()).append(")\n");
        }
        return b.toString();
    }
}
