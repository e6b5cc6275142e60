package dev.secrets4j.testing;

import dev.secrets4j.Secret;
import dev.secrets4j.SecretProviderException;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The versions of every secret of an {@link InMemorySecretProvider}: numbered {@code "1"},
 * {@code "2"}, ... per name, never reused, all kept. Package-private; thread-safe.
 */
final class VersionStore {

    private final String providerId;
    private final Clock clock;
    private final Map<String, List<Stored>> history = new HashMap<>();
    private final Map<String, Integer> lastVersion = new HashMap<>();

    VersionStore(String providerId, Clock clock) {
        this.providerId = providerId;
        this.clock = clock;
    }

    /** Adds a new version (the array is kept, not copied) and returns it. */
    synchronized Secret add(String name, byte[] value, Map<String, String> metadata) {
        return addLocked(name, value, metadata);
    }

    /**
     * Adds a new version only if the current version is {@code expected} (or unconditionally when
     * empty).
     *
     * @throws SecretProviderException not retryable, naming the secret and both versions
     */
    synchronized Secret compareAndAdd(String name, Optional<String> expected, byte[] value, Map<String, String> metadata) {
        if (expected.isPresent()) {
            String current = latest(name).map(Stored::version).orElse(null);
            if (!expected.get().equals(current)) {
                throw SecretProviderException.permanent(providerId, name, "secret '" + name + "' was not written to "
                        + providerId + ": expected current version " + expected.get() + " but "
                        + (current == null ? "the secret does not exist" : "the current version is " + current)
                        + "; read it again and retry the write", null);
            }
        }
        return addLocked(name, value, metadata);
    }

    /** Removes every version of {@code name}; whether there was one. Its version numbers stay used. */
    synchronized boolean remove(String name) {
        return history.remove(name) != null;
    }

    /** The current version. */
    synchronized Optional<Secret> current(String name) {
        return latest(name).map(s -> s.toSecret(name, providerId));
    }

    /** The version labelled {@code version}, current or not. */
    synchronized Optional<Secret> version(String name, String version) {
        return history.getOrDefault(name, List.of()).stream()
                .filter(s -> s.version().equals(version))
                .findFirst()
                .map(s -> s.toSecret(name, providerId));
    }

    /** The current version and up to {@code previous} versions before it, newest first. */
    synchronized List<Secret> newest(String name, int previous) {
        List<Stored> all = history.getOrDefault(name, List.of());
        List<Secret> out = new ArrayList<>();
        for (int i = all.size() - 1; i >= 0 && out.size() <= previous; i--) {
            out.add(all.get(i).toSecret(name, providerId));
        }
        return List.copyOf(out);
    }

    /** How many secrets have a current version. */
    synchronized int size() {
        return history.size();
    }

    private Optional<Stored> latest(String name) {
        List<Stored> versions = history.get(name);
        return versions == null ? Optional.empty() : Optional.of(versions.get(versions.size() - 1));
    }

    private Secret addLocked(String name, byte[] value, Map<String, String> metadata) {
        int version = lastVersion.merge(name, 1, Integer::sum);
        Stored stored = new Stored(Integer.toString(version), value, clock.instant(), Map.copyOf(metadata));
        history.computeIfAbsent(name, k -> new ArrayList<>()).add(stored);
        return stored.toSecret(name, providerId);
    }

    /** One stored version. The array is never handed out: {@link Secret} copies it. */
    private record Stored(String version, byte[] value, Instant createdAt, Map<String, String> metadata) {
        Secret toSecret(String name, String providerId) {
            return Secret.builder(name, value).version(version).providerId(providerId)
                    .createdAt(createdAt).metadata(metadata).build();
        }

        @Override
        public String toString() {
            return "Stored[v" + version + "]";
        }
    }
}
