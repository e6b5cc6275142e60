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
 * {@code "2"}, ... per name, never reused, all kept. A version is current, pending (written but
 * not promoted), previous or retired. Package-private; thread-safe.
 */
final class VersionStore {

    private final String providerId;
    private final Clock clock;
    private final Map<String, List<Stored>> history = new HashMap<>();
    private final Map<String, Integer> lastVersion = new HashMap<>();
    private final Map<String, String> current = new HashMap<>();
    private final java.util.Set<String> pending = new java.util.HashSet<>();
    private final java.util.Set<String> retired = new java.util.HashSet<>();

    VersionStore(String providerId, Clock clock) {
        this.providerId = providerId;
        this.clock = clock;
    }

    /** Adds a new version (the array is kept, not copied) and returns it. */
    synchronized Secret add(String name, byte[] value, Map<String, String> metadata) {
        return addLocked(name, value, metadata, false);
    }

    /**
     * Adds a new version only if the current version is {@code expected} (or unconditionally when
     * empty).
     *
     * @throws SecretProviderException not retryable, naming the secret and both versions
     */
    synchronized Secret compareAndAdd(String name, Optional<String> expected, byte[] value, Map<String, String> metadata,
            boolean asPending) {
        if (expected.isPresent()) {
            String current = latest(name).map(Stored::version).orElse(dev.secrets4j.spi.PutOptions.ABSENT);
            if (!expected.get().equals(current)) {
                throw SecretProviderException.permanent(providerId, name, "secret '" + name + "' was not written to "
                        + providerId + ": expected " + (expected.get().isEmpty() ? "no secret" : "current version "
                        + expected.get()) + " but " + (current.isEmpty() ? "the secret does not exist" : "the current version is "
                        + current)
                        + "; read it again and retry the write", null);
            }
        }
        return addLocked(name, value, metadata, asPending);
    }

    /**
     * Makes the pending or previous {@code version} current; with {@code expectedCurrent}, only if
     * that is still the current version.
     *
     * @throws SecretProviderException not retryable, naming the secret and the versions
     */
    synchronized Secret promote(String name, String version, Optional<String> expectedCurrent) {
        Stored stored = live(name, version, "promoted");
        String now = current.get(name);
        if (expectedCurrent.isPresent() && !expectedCurrent.get().equals(now)) {
            throw SecretProviderException.permanent(providerId, name, "version " + version + " of secret '" + name
                    + "' was not promoted in " + providerId + ": expected current version " + expectedCurrent.get()
                    + " but it is " + now + "; read it again and retry", null);
        }
        current.put(name, version);
        pending.remove(name + "/" + version);
        return stored.toSecret(name, providerId);
    }

    /**
     * Retires a version that is not current; retiring a retired one does nothing.
     *
     * @throws SecretProviderException not retryable, when it is the current version or does not exist
     */
    synchronized void retire(String name, String version) {
        if (retired.contains(name + "/" + version)) {
            return;
        }
        live(name, version, "retired");
        if (version.equals(current.get(name))) {
            throw SecretProviderException.permanent(providerId, name, "version " + version + " of secret '" + name
                    + "' is current in " + providerId + " and cannot be retired; promote another version first", null);
        }
        pending.remove(name + "/" + version);
        retired.add(name + "/" + version);
    }

    private Stored live(String name, String version, String what) {
        return history.getOrDefault(name, List.of()).stream()
                .filter(s -> s.version().equals(version) && !retired.contains(name + "/" + s.version()))
                .findFirst()
                .orElseThrow(() -> SecretProviderException.permanent(providerId, name, "version " + version + " of secret '"
                        + name + "' cannot be " + what + " in " + providerId + ": it does not exist or is retired", null));
    }

    /** Removes every version of {@code name}; whether there was one. Its version numbers stay used. */
    synchronized boolean remove(String name) {
        current.remove(name);
        return history.remove(name) != null;
    }

    /** The current version. */
    synchronized Optional<Secret> current(String name) {
        return latest(name).map(s -> s.toSecret(name, providerId));
    }

    /** The version labelled {@code version}, current, pending or previous; empty once retired. */
    synchronized Optional<Secret> version(String name, String version) {
        return history.getOrDefault(name, List.of()).stream()
                .filter(s -> s.version().equals(version) && !retired.contains(name + "/" + version))
                .findFirst()
                .map(s -> s.toSecret(name, providerId));
    }

    /** The current version and up to {@code previous} earlier ones neither pending nor retired, newest first. */
    synchronized List<Secret> newest(String name, int previous) {
        List<Stored> all = history.getOrDefault(name, List.of());
        List<Secret> out = new ArrayList<>();
        latest(name).ifPresent(s -> out.add(s.toSecret(name, providerId)));
        int currentNumber = out.isEmpty() ? Integer.MAX_VALUE : Integer.parseInt(out.get(0).version());
        for (int i = all.size() - 1; i >= 0 && out.size() <= previous && !out.isEmpty(); i--) {
            Stored s = all.get(i);
            String key = name + "/" + s.version();
            if (Integer.parseInt(s.version()) < currentNumber && !pending.contains(key) && !retired.contains(key)) {
                out.add(s.toSecret(name, providerId));
            }
        }
        return List.copyOf(out);
    }

    /** The pending versions of {@code name}, oldest first. */
    synchronized List<Secret> pending(String name) {
        return history.getOrDefault(name, List.of()).stream().filter(s -> pending.contains(name + "/" + s.version()))
                .map(s -> s.toSecret(name, providerId)).toList();
    }

    /** How many secrets have a current version. */
    synchronized int size() {
        return current.size();
    }

    private Optional<Stored> latest(String name) {
        String version = current.get(name);
        return version == null ? Optional.empty() : history.getOrDefault(name, List.of()).stream()
                .filter(s -> s.version().equals(version)).findFirst();
    }

    private Secret addLocked(String name, byte[] value, Map<String, String> metadata, boolean asPending) {
        int version = lastVersion.merge(name, 1, Integer::sum);
        Map<String, String> kept = new HashMap<>(metadata);
        kept.remove(dev.secrets4j.spi.PutOptions.STAGE);
        Stored stored = new Stored(Integer.toString(version), value, clock.instant(), Map.copyOf(kept));
        history.computeIfAbsent(name, k -> new ArrayList<>()).add(stored);
        if (asPending) {
            pending.add(name + "/" + version);
        } else {
            current.put(name, stored.version());
        }
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
