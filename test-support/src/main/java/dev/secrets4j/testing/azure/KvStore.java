package dev.secrets4j.testing.azure;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** The vault's secrets: versions per (case-insensitive) name, soft-deleted names. Guarded by its own lock. */
final class KvStore {

    static final Pattern NAME = Pattern.compile("[0-9a-zA-Z-]{1,127}");
    private static final Duration RETENTION = Duration.ofDays(90);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** One version; mutable only under the store's lock. */
    static final class Version {
        final String name;
        final String id;
        final String value;
        String contentType;
        Map<String, String> tags;
        boolean enabled;
        Long nbf;
        Long exp;
        final long created;
        long updated;

        Version(String name, String id, String value, long created) {
            this.name = name;
            this.id = id;
            this.value = value;
            this.created = created;
            this.updated = created;
        }
    }

    /** A secret: its versions in creation order and whether it is soft-deleted. */
    static final class Entry {
        final String name;
        final LinkedHashMap<String, Version> versions = new LinkedHashMap<>();
        Version latest;
        Long deletedAt;

        Entry(String name) {
            this.name = name;
        }
    }

    /** Why a store call failed, mapped to a Key Vault error by the router. */
    static final class KvException extends RuntimeException {
        final int status;
        final String code;
        final String inner;

        KvException(int status, String code, String inner, String message) {
            super(message, null, false, false);
            this.status = status;
            this.code = code;
            this.inner = inner;
        }
    }

    private final Clock clock;
    private final Map<String, Entry> entries = new HashMap<>();

    KvStore(Clock clock) {
        this.clock = clock;
    }

    long now() {
        return clock.instant().getEpochSecond();
    }

    synchronized Version set(String name, String value, SecretAttributes attributes) {
        checkName(name);
        Entry entry = entries.get(key(name));
        if (entry != null && entry.deletedAt != null) {
            throw new KvException(409, "Conflict", "ObjectIsDeletedButRecoverable", "Secret " + name
                    + " is currently in a deleted but recoverable state, and its name cannot be reused; in this state,"
                    + " the secret can only be recovered or purged.");
        }
        if (entry == null) {
            entry = new Entry(name);
            entries.put(key(name), entry);
        }
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        Version v = new Version(entry.name, HexFormat.of().formatHex(bytes), value, now());
        v.enabled = attributes.isEnabled();
        v.nbf = attributes.notBefore().map(i -> i.getEpochSecond()).orElse(null);
        v.exp = attributes.expires().map(i -> i.getEpochSecond()).orElse(null);
        v.contentType = attributes.contentType().orElse(null);
        v.tags = attributes.tags();
        entry.versions.put(v.id, v);
        entry.latest = v;
        return v;
    }

    /** The version (latest when {@code version} is empty) of a live secret; 404 when absent, not 403 checks. */
    synchronized Version get(String name, String version) {
        Entry entry = live(name);
        Version v = version.isEmpty() ? entry.latest : entry.versions.get(version.toLowerCase(Locale.ROOT));
        if (v == null) {
            throw notFound(name + "/" + version);
        }
        return v;
    }

    synchronized Version update(String name, String version, Boolean enabled, Long nbf, Long exp,
                                String contentType, Map<String, String> tags) {
        Version v = get(name, version);
        if (enabled != null) {
            v.enabled = enabled;
        }
        if (nbf != null) {
            v.nbf = nbf;
        }
        if (exp != null) {
            v.exp = exp;
        }
        if (contentType != null) {
            v.contentType = contentType;
        }
        if (tags != null) {
            v.tags = Map.copyOf(tags);
        }
        v.updated = now();
        return v;
    }

    /** Versions of a live secret in a deterministic order that is not chronological (by version id). */
    synchronized List<Version> versions(String name) {
        List<Version> list = new ArrayList<>(live(name).versions.values());
        list.sort(Comparator.comparing(v -> v.id));
        return list;
    }

    /** The latest version of every live secret, sorted by name. */
    synchronized List<Version> latestOfEach() {
        List<Version> list = new ArrayList<>();
        for (Entry e : entries.values()) {
            if (e.deletedAt == null) {
                list.add(e.latest);
            }
        }
        list.sort(Comparator.comparing(v -> v.name.toLowerCase(Locale.ROOT)));
        return list;
    }

    synchronized Entry delete(String name) {
        Entry entry = live(name);
        entry.deletedAt = now();
        return entry;
    }

    synchronized Entry deleted(String name) {
        Entry entry = entries.get(key(name));
        if (entry == null || entry.deletedAt == null) {
            throw new KvException(404, "SecretNotFound", null, "Deleted Secret not found: " + name);
        }
        return entry;
    }

    synchronized void purge(String name) {
        deleted(name);
        entries.remove(key(name));
    }

    synchronized Entry recover(String name) {
        Entry entry = deleted(name);
        entry.deletedAt = null;
        return entry;
    }

    long purgeDate(Entry entry) {
        return entry.deletedAt + RETENTION.toSeconds();
    }

    Optional<Entry> find(String name) {
        synchronized (this) {
            return Optional.ofNullable(entries.get(key(name)));
        }
    }

    private Entry live(String name) {
        Entry entry = entries.get(key(name));
        if (entry == null || entry.deletedAt != null) {
            throw notFound(name);
        }
        return entry;
    }

    private static KvException notFound(String what) {
        return new KvException(404, "SecretNotFound", null, "A secret with (name/id) " + what
                + " was not found in this key vault. If you recently deleted this secret you may be able to recover"
                + " it using the correct recovery command.");
    }

    static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new KvException(400, "BadParameter", null,
                    "The request URI contains an invalid name: " + name + " (1 to 127 letters, digits and dashes)");
        }
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
