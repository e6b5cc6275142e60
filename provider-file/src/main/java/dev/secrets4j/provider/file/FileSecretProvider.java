package dev.secrets4j.provider.file;

import dev.secrets4j.Secret;
import dev.secrets4j.SecretProviderException;
import dev.secrets4j.provider.file.internal.Crypto;
import dev.secrets4j.provider.file.internal.FileStore;
import dev.secrets4j.provider.file.internal.SecretNames;
import dev.secrets4j.provider.file.internal.SecretRecord;
import dev.secrets4j.provider.file.internal.Snapshot;
import dev.secrets4j.provider.file.internal.VersionRules;
import dev.secrets4j.spi.Capability;
import dev.secrets4j.spi.ProviderHealth;
import dev.secrets4j.spi.PutOptions;
import dev.secrets4j.spi.SecretProvider;
import dev.secrets4j.spi.SecretRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * An encrypted, versioned, writable secret store in one local folder: the default that needs no
 * server, for development, single-host deployments and tests. Provider id and reference scheme
 * {@code file} ({@code file:db_password}).
 *
 * <p>Every secret keeps its versions ({@code "1"}, {@code "2"}, ...) with creation time, stage
 * (current, previous, pending) and metadata. Values are encrypted with AES-256-GCM under the
 * store's data key, with the store, the secret's name and the version bound as associated data;
 * the data key is wrapped under a key derived from the master secret ({@link Kdf}: PBKDF2-HMAC-SHA256
 * or Argon2id), once per open. Writes replace a file atomically under a lock file, so several
 * processes on one host may write at once; a put with an expected version is a compare-and-set.
 * A read of an unchanged file costs one {@code stat}: decrypted versions are kept until the file changes.
 *
 * <pre>{@code
 * FileSecretProvider store = FileSecretProvider.builder()
 *         .folder(Path.of("/var/lib/app/secrets"))
 *         .masterSecret(System.getenv("APP_MASTER_SECRET").toCharArray())
 *         .build();                                   // opens the store, or creates it
 * store.put(SecretRef.ofName("db_password"), bytes, PutOptions.none());
 * }</pre>
 *
 * <p>A wrong master secret, an altered, truncated or moved file is a {@link SecretProviderException}
 * naming the file and what to do, never a wrong value. Nothing this class logs or throws holds a
 * value or key material.
 */
public final class FileSecretProvider implements SecretProvider {

    /** The provider id and reference scheme: {@code file}. */
    public static final String ID = "file";

    /** The largest value a version may hold: 1 MiB. */
    public static final int MAX_VALUE_BYTES = 1024 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(FileSecretProvider.class);
    private static final Set<Capability> CAPABILITIES = Set.of(Capability.READ, Capability.VERSIONS, Capability.WRITE,
            Capability.STAGES);

    private final FileStore store;
    private final VersionRules rules;
    private final Clock clock;

    private FileSecretProvider(FileStore store, int maxPreviousVersions, Clock clock) {
        this.store = store;
        this.rules = new VersionRules(store, maxPreviousVersions);
        this.clock = clock;
    }

    /** A builder; {@link Builder#folder(Path)} and a master secret are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** {@code file}. */
    @Override
    public String id() {
        return ID;
    }

    /** {@code file:/var/lib/app/secrets}. */
    @Override
    public String describe() {
        return store.where();
    }

    /** {@code file:/var/lib/app/secrets (file secrets/db_password.json)}: where the secret's versions live. */
    @Override
    public String describeLookup(SecretRef ref) {
        try {
            SecretNames.check(ID, ref.path());
        } catch (RuntimeException e) {
            return describe();
        }
        return describe() + " (file " + FileStore.SECRETS + "/" + SecretNames.fileName(ref.path()) + ")";
    }

    /** READ, VERSIONS, WRITE and STAGES. */
    @Override
    public Set<Capability> capabilities() {
        return CAPABILITIES;
    }

    /**
     * The current version of {@code ref.path()}, or empty when the secret does not exist or has
     * only pending versions.
     *
     * @throws dev.secrets4j.SecretFormatException when the name could leave the folder or is too long
     * @throws SecretProviderException             when its file is damaged, altered or unreadable
     */
    @Override
    public Optional<Secret> get(SecretRef ref) {
        String name = checked(ref);
        return store.read(name).flatMap(s -> s.record().current().map(v -> secret(s, v)));
    }

    /**
     * Version {@code version} of {@code ref.path()}, current, previous or pending; empty when it
     * never existed or was retired.
     *
     * @throws SecretProviderException when its file is damaged, altered or unreadable
     */
    @Override
    public Optional<Secret> get(SecretRef ref, String version) {
        Objects.requireNonNull(version, "version");
        String name = checked(ref);
        return store.read(name).flatMap(s -> s.record().find(version).map(v -> secret(s, v)));
    }

    /** The current version, then the previous ones (not retired), newest first; pending versions are not listed. */
    @Override
    public List<Secret> versions(SecretRef ref) {
        String name = checked(ref);
        return store.read(name).map(s -> s.record().listed().stream().map(v -> secret(s, v)).toList()).orElse(List.of());
    }

    /** The versions written pending and not yet promoted or retired, oldest first. */
    @Override
    public List<Secret> pendingVersions(SecretRef ref) {
        String name = checked(ref);
        return store.read(name).map(s -> s.record().pending().stream().map(v -> secret(s, v)).toList()).orElse(List.of());
    }

    /**
     * Writes a new version of {@code ref.path()} and returns it: current, the old current one
     * becoming previous; or pending with {@link PutOptions#pending()}. With an expected version, only
     * if it is still the current one. Metadata is stored with the version (the {@code stage} key
     * excepted); the oldest previous versions beyond the configured maximum are retired.
     *
     * @throws SecretProviderException not retryable when the expected version is not current or the
     *                                 value is larger than 1 MiB; retryable when the store stayed locked
     */
    @Override
    public Secret put(SecretRef ref, byte[] value, PutOptions options) {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(options, "options");
        String name = checked(ref);
        if (value.length > MAX_VALUE_BYTES) {
            throw store.errors().refused(name, "secret '" + name + "' was not written to " + describe() + ": its value is "
                    + value.length + " bytes, more than the limit of " + MAX_VALUE_BYTES + " bytes");
        }
        SecretRecord.Version written = store.update(name, existing -> rules.put(name, existing, value, options, clock.instant()));
        LOG.debug("secret '{}' version {} written to {} ({})", name, written.label(), describe(), written.stage().label());
        return toSecret(name, written, value);
    }

    /**
     * Makes the pending (or previous) {@code version} current; the version it replaces stays as a
     * previous version until retired. Promoting the current version changes nothing.
     *
     * @throws SecretProviderException not retryable, naming the secret and both versions, when the
     *                                 current version is not {@code expectedCurrent}, or when the version does not exist
     */
    @Override
    public Secret promote(SecretRef ref, String version, Optional<String> expectedCurrent) {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(expectedCurrent, "expectedCurrent");
        String name = checked(ref);
        SecretRecord.Version promoted = store.update(name, existing -> rules.promote(name, existing, version, expectedCurrent));
        LOG.debug("secret '{}' version {} promoted in {}", name, version, describe());
        return get(ref, promoted.label()).orElseThrow(() -> store.errors().refused(name, "secret '" + name
                + "' version " + version + " vanished from " + describe() + " right after its promotion; read it again"));
    }

    /**
     * Ends a previous or pending version: its value is removed from the file and its number is never
     * reused. Retiring a retired version does nothing.
     *
     * @throws SecretProviderException not retryable when the version is current or never existed
     */
    @Override
    public void retire(SecretRef ref, String version) {
        Objects.requireNonNull(version, "version");
        String name = checked(ref);
        if (store.update(name, existing -> rules.retire(name, existing, version))) {
            LOG.debug("secret '{}' version {} retired in {}", name, version, describe());
        }
    }

    /**
     * Re-wraps the store's data key under a key derived from {@code newMasterSecret} with
     * {@code kdf}: to change the master secret, or to raise the KDF's cost. Secret files are not
     * touched. Other processes that have the store open keep working; new opens need the new master
     * secret. The array is not kept; clear it afterwards.
     *
     * @throws SecretProviderException when the header cannot be written or the store lock stays held
     */
    public void rewrap(char[] newMasterSecret, Kdf kdf) {
        byte[] bytes = Crypto.utf8(Objects.requireNonNull(newMasterSecret, "newMasterSecret"));
        try {
            rewrap(bytes, kdf);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /**
     * Re-wraps the store's data key under a key derived from the bytes {@code newMasterSecret} with
     * {@code kdf}; see {@link #rewrap(char[], Kdf)}.
     */
    public void rewrap(byte[] newMasterSecret, Kdf kdf) {
        Objects.requireNonNull(newMasterSecret, "newMasterSecret");
        Objects.requireNonNull(kdf, "kdf");
        if (newMasterSecret.length == 0) {
            throw new IllegalArgumentException("newMasterSecret must not be empty");
        }
        store.rewrap(newMasterSecret, kdf);
    }

    /** The KDF the store's data key was last wrapped with by this provider. */
    public Kdf kdf() {
        return store.kdf();
    }

    /** The store's folder. */
    public Path folder() {
        return store.folder();
    }

    /** UP while the store's header is in place, DOWN when it is gone or the provider is closed. */
    @Override
    public ProviderHealth health() {
        return store.problem().map(p -> ProviderHealth.down(describe() + ": " + p)).orElseGet(() -> ProviderHealth.up(describe()));
    }

    /** Forgets the keys and cached values; later calls fail. Calling it twice is harmless. */
    @Override
    public void close() {
        store.close();
    }

    /** {@code FileSecretProvider[file:/var/lib/app/secrets, pbkdf2-hmac-sha256(600000 iterations)]}: never a value or key. */
    @Override
    public String toString() {
        return "FileSecretProvider[" + describe() + ", " + store.kdf() + "]";
    }

    /** Decryptions done so far, for tests of the read cache. */
    long decryptions() {
        return store.decryptions();
    }

    private static String checked(SecretRef ref) {
        Objects.requireNonNull(ref, "ref");
        SecretNames.check(ID, ref.path());
        return ref.path();
    }

    private Secret secret(Snapshot snapshot, SecretRecord.Version version) {
        return snapshot.secret(version, v -> {
            byte[] value = store.unseal(snapshot.record(), v);
            try {
                return toSecret(snapshot.record().name(), v, value);
            } finally {
                Arrays.fill(value, (byte) 0);
            }
        });
    }

    private static Secret toSecret(String name, SecretRecord.Version version, byte[] value) {
        return Secret.builder(name, value)
                .version(version.label())
                .providerId(ID)
                .createdAt(version.createdAt())
                .metadata(version.metadata())
                .metadata(PutOptions.STAGE, version.stage().label())
                .build();
    }

    /**
     * Configures and opens a {@link FileSecretProvider}; each setter rejects a bad argument at once,
     * naming the setting. {@link #build()} clears the builder's copy of the master secret.
     */
    public static final class Builder {
        private Path folder;
        private byte[] masterSecret;
        private Kdf kdf = Kdf.pbkdf2();
        private boolean create = true;
        private boolean upgradeKdf;
        private Duration lockTimeout = Duration.ofSeconds(10);
        private int maxPreviousVersions = 100;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /** The store's folder: required. It is created (mode {@code 0700}) when missing and {@link #create(boolean)} allows. */
        public Builder folder(Path folder) {
            this.folder = Objects.requireNonNull(folder, "folder");
            return this;
        }

        /** The master secret as text, used as its UTF-8 bytes; copied, so clear your array afterwards. Required. */
        public Builder masterSecret(char[] masterSecret) {
            Objects.requireNonNull(masterSecret, "masterSecret");
            return keep(Crypto.utf8(masterSecret));
        }

        /** The master secret as bytes; copied, so clear your array afterwards. Required. */
        public Builder masterSecret(byte[] masterSecret) {
            Objects.requireNonNull(masterSecret, "masterSecret");
            return keep(masterSecret.clone());
        }

        /** The KDF of a new store, and the target of {@link #upgradeKdf(boolean)}; default {@link Kdf#pbkdf2()}. */
        public Builder kdf(Kdf kdf) {
            this.kdf = Objects.requireNonNull(kdf, "kdf");
            return this;
        }

        /** Whether a missing or empty folder becomes a new store; default true. False: only open an existing store. */
        public Builder create(boolean create) {
            this.create = create;
            return this;
        }

        /**
         * Whether to re-wrap an existing store at open when it was wrapped with another algorithm or
         * a lower cost than {@link #kdf(Kdf)}; default false. Costs a second key derivation, once.
         */
        public Builder upgradeKdf(boolean upgrade) {
            this.upgradeKdf = upgrade;
            return this;
        }

        /** How long a write waits for another writer's lock before failing retryable; default 10 s, between 1 ms and 1 h. */
        public Builder lockTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "lockTimeout");
            if (timeout.compareTo(Duration.ofMillis(1)) < 0 || timeout.compareTo(Duration.ofHours(1)) > 0) {
                throw new IllegalArgumentException("lockTimeout must be between 1 ms and 1 hour, got " + timeout);
            }
            this.lockTimeout = timeout;
            return this;
        }

        /** How many previous versions a secret keeps before the oldest are retired; default 100, between 1 and 10,000. */
        public Builder maxPreviousVersions(int max) {
            if (max < 1 || max > 10_000) {
                throw new IllegalArgumentException("maxPreviousVersions must be between 1 and 10000, got " + max);
            }
            this.maxPreviousVersions = max;
            return this;
        }

        /** The clock that stamps new versions; default the system clock in UTC. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Opens the store, or creates it: one key derivation (about half a second with the default
         * PBKDF2 cost). Clears the builder's copy of the master secret, also when it fails.
         *
         * @throws IllegalStateException   when the folder or the master secret is not set
         * @throws SecretProviderException when the folder holds no store and may not become one, the
         *                                 master secret does not unlock it, or a file cannot be read or written
         */
        public FileSecretProvider build() {
            if (folder == null) {
                throw new IllegalStateException("folder must be set: the store's folder, such as /var/lib/app/secrets");
            }
            if (masterSecret == null) {
                throw new IllegalStateException("masterSecret must be set (again: build() clears it): read it from an"
                        + " environment variable or a file, never from source code");
            }
            try {
                FileStore store = FileStore.open(ID, new FileStore.Options(folder, kdf, create, upgradeKdf, lockTimeout),
                        masterSecret, clock);
                return new FileSecretProvider(store, maxPreviousVersions, clock);
            } finally {
                Arrays.fill(masterSecret, (byte) 0);
                masterSecret = null;
            }
        }

        private Builder keep(byte[] copy) {
            if (copy.length == 0) {
                throw new IllegalArgumentException("masterSecret must not be empty");
            }
            if (masterSecret != null) {
                Arrays.fill(masterSecret, (byte) 0);
            }
            masterSecret = copy;
            return this;
        }
    }
}
