package dev.secrets4j.provider.file.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Everything the store holds about one secret, as read from or written to its file: the versions
 * still alive (current, previous, pending), newest first, each with its encrypted value, and the
 * next version number. Retired versions are gone, values included; their numbers are never
 * reused. Immutable: every change returns a new record.
 *
 * @param storeId     the id of the store it belongs to
 * @param name        the secret's name
 * @param nextVersion the number the next version written gets
 * @param versions    the live versions, newest (highest number) first
 */
public record SecretRecord(String storeId, String name, int nextVersion, List<Version> versions) {

    private static final Pattern NUMBER = Pattern.compile("[1-9][0-9]{0,9}");

    /** The stage of a live version. */
    public enum Stage {
        /** The value {@code get} returns; at most one version is current. */
        CURRENT,
        /** Replaced by a newer current version and not retired yet: still valid, listed by {@code versions}. */
        PREVIOUS,
        /** Written but not promoted: readable by version only. */
        PENDING;

        /** The stage as written in files and metadata: {@code current}, {@code previous}, {@code pending}. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The stage for {@code label}, if it is one. */
        public static Optional<Stage> of(String label) {
            for (Stage s : values()) {
                if (s.label().equals(label)) {
                    return Optional.of(s);
                }
            }
            return Optional.empty();
        }
    }

    /**
     * One live version.
     *
     * @param number     its number, from 1
     * @param stage      current, previous or pending
     * @param createdAt  when it was written
     * @param metadata   the non-secret metadata written with it
     * @param nonce      the GCM nonce of its value
     * @param ciphertext its value, encrypted, with the tag
     */
    public record Version(int number, Stage stage, Instant createdAt, Map<String, String> metadata, byte[] nonce, byte[] ciphertext) {

        /** Copies the metadata. */
        public Version {
            metadata = Map.copyOf(metadata);
        }

        /** The version label the SPI uses: {@code "3"}. */
        public String label() {
            return Integer.toString(number);
        }

        /** This version in another stage. */
        public Version in(Stage next) {
            return new Version(number, next, createdAt, metadata, nonce, ciphertext);
        }

        /** Number and stage; never the value. */
        @Override
        public String toString() {
            return "Version[" + number + " " + stage.label() + "]";
        }
    }

    /** Copies the list and orders it newest first. */
    public SecretRecord {
        List<Version> sorted = new ArrayList<>(versions);
        sorted.sort(Comparator.comparingInt(Version::number).reversed());
        versions = List.copyOf(sorted);
    }

    /** A secret with no version yet. */
    public static SecretRecord empty(String storeId, String name) {
        return new SecretRecord(storeId, name, 1, List.of());
    }

    /** The number a version label stands for, when it is one the store could have written ({@code "1"} to {@code "2147483647"}). */
    public static Optional<Integer> number(String label) {
        if (label == null || !NUMBER.matcher(label).matches()) {
            return Optional.empty();
        }
        long n = Long.parseLong(label);
        return n > Integer.MAX_VALUE ? Optional.empty() : Optional.of((int) n);
    }

    /** The current version, if any. */
    public Optional<Version> current() {
        return versions.stream().filter(v -> v.stage() == Stage.CURRENT).findFirst();
    }

    /** The live version labelled {@code label}, in any stage. */
    public Optional<Version> find(String label) {
        return number(label).flatMap(n -> versions.stream().filter(v -> v.number() == n).findFirst());
    }

    /** Whether {@code label} names a version this secret had and retired. */
    public boolean retired(String label) {
        return number(label).filter(n -> n < nextVersion).isPresent() && find(label).isEmpty();
    }

    /** The pending versions, oldest first. */
    public List<Version> pending() {
        return versions.stream().filter(v -> v.stage() == Stage.PENDING).toList();
    }

    /** The current version, then the previous ones, newest first: what {@code versions(ref)} lists. */
    public List<Version> listed() {
        List<Version> out = new ArrayList<>();
        current().ifPresent(out::add);
        versions.stream().filter(v -> v.stage() == Stage.PREVIOUS).forEach(out::add);
        return out;
    }

    /**
     * This record with {@code added} (numbered {@link #nextVersion()}, current or pending). A new
     * current version turns the old one into a previous one; beyond {@code maxPrevious} previous
     * versions, the oldest are retired.
     */
    public SecretRecord add(Version added, int maxPrevious) {
        if (added.number() != nextVersion || added.stage() == Stage.PREVIOUS) {
            throw new IllegalArgumentException("a new version must be numbered " + nextVersion + " and current or pending");
        }
        List<Version> out = new ArrayList<>(added.stage() == Stage.CURRENT ? demoteCurrent() : versions);
        out.add(added);
        return new SecretRecord(storeId, name, nextVersion + 1, pruned(out, maxPrevious));
    }

    /** This record with the live version {@code number} current and the old current one previous. */
    public SecretRecord promote(int number, int maxPrevious) {
        List<Version> out = new ArrayList<>();
        for (Version v : demoteCurrent()) {
            out.add(v.number() == number ? v.in(Stage.CURRENT) : v);
        }
        return new SecretRecord(storeId, name, nextVersion, pruned(out, maxPrevious));
    }

    /** This record without the version {@code number}, whose value is thereby destroyed. */
    public SecretRecord retire(int number) {
        return new SecretRecord(storeId, name, nextVersion, versions.stream().filter(v -> v.number() != number).toList());
    }

    /** Name, next number and versions; never a value. */
    @Override
    public String toString() {
        return "SecretRecord[" + name + ", next " + nextVersion + ", " + versions + "]";
    }

    private List<Version> demoteCurrent() {
        return versions.stream().map(v -> v.stage() == Stage.CURRENT ? v.in(Stage.PREVIOUS) : v).toList();
    }

    private static List<Version> pruned(List<Version> versions, int maxPrevious) {
        List<Version> sorted = new ArrayList<>(versions);
        sorted.sort(Comparator.comparingInt(Version::number).reversed());
        List<Version> out = new ArrayList<>();
        int previous = 0;
        for (Version v : sorted) {
            if (v.stage() == Stage.PREVIOUS && ++previous > maxPrevious) {
                continue;
            }
            out.add(v);
        }
        return out;
    }
}
