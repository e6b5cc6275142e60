package dev.secrets4j.provider.docker;

import dev.secrets4j.Secret;
import dev.secrets4j.SecretSpec;
import dev.secrets4j.Subscription;
import dev.secrets4j.spi.KeyedHash;
import dev.secrets4j.provider.docker.internal.FolderWatcher;
import dev.secrets4j.provider.docker.internal.SecretFolders;
import dev.secrets4j.spi.Capability;
import dev.secrets4j.spi.ProviderHealth;
import dev.secrets4j.spi.SecretFiles;
import dev.secrets4j.spi.SecretProvider;
import dev.secrets4j.spi.SecretRef;
import dev.secrets4j.spi.WatchListener;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Secrets from files in one or more base folders: Docker's {@code /run/secrets}, Kubernetes secret
 * volumes, any folder of one-file-per-secret.
 *
 * <p>A name is checked before it touches the file system (no separators, {@code ..}, control
 * characters or absolute paths), then looked up as the exact file name and then in lower case,
 * folder by folder. A file reached through symbolic links must stay inside its folder; the
 * Kubernetes layout ({@code db_password -> ..data/db_password}) does. One trailing newline is
 * trimmed by default; a file larger than the limit (default 1 MiB) is an error, not an allocation.
 *
 * <p>{@link #watch(SecretRef, WatchListener)} signals a reference when its content changed, from
 * one daemon thread ({@code secrets4j-docker-watch-1}) started on the first watch and stopped by
 * {@link #close()}: driven by a {@link java.nio.file.WatchService} where the file system has one,
 * and by polling every poll interval in any case.
 *
 * <pre>{@code
 * SecretProvider docker = DockerSecretProvider.atDefaultPath();            // /run/secrets
 * SecretProvider k8s = DockerSecretProvider.builder()
 *         .paths(Path.of("/etc/secrets/db"), Path.of("/etc/secrets/api"))
 *         .maxFileSize(64 * 1024)
 *         .build();
 * }</pre>
 *
 * <p>A secret's version is a keyed hash of its content (HMAC-SHA256 under a random key of this
 * provider instance, 16 hex characters), so it moves when the content does and reveals nothing.
 * Its metadata holds {@code path} and, on POSIX file systems, {@code permissions}.
 */
public final class DockerSecretProvider implements SecretProvider {

    /** The provider id and reference scheme: {@code docker}. */
    public static final String ID = "docker";

    /** Docker's secrets folder, the default base folder. */
    public static final Path DEFAULT_PATH = Path.of("/run/secrets");

    private static final Set<Capability> CAPABILITIES = Set.of(Capability.READ, Capability.WATCH);

    private final SecretFolders folders;
    private final KeyedHash hasher = KeyedHash.withRandomKey();
    private final FolderWatcher watcher;
    private final Duration pollInterval;
    private final boolean watchService;

    private DockerSecretProvider(Builder b) {
        this.folders = new SecretFolders(ID, b.paths, b.maxFileSize, b.trimTrailingNewline);
        this.pollInterval = b.pollInterval;
        this.watchService = b.watchService;
        this.watcher = new FolderWatcher("secrets4j-docker-watch-1", b.paths, b.pollInterval, b.watchService, this::state);
    }

    /** A provider reading the given base folders, in order, with default settings. */
    public static DockerSecretProvider atPath(Path... baseFolders) {
        return builder().paths(baseFolders).build();
    }

    /** A provider reading {@code /run/secrets} with default settings. */
    public static DockerSecretProvider atDefaultPath() {
        return atPath(DEFAULT_PATH);
    }

    /** A builder; every setting has a default, the folder is {@code /run/secrets}. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String id() {
        return ID;
    }

    /** {@code docker:/run/secrets}, or every folder comma-separated: {@code docker:/a,/b}. */
    @Override
    public String describe() {
        return folders.describe();
    }

    /** {@code docker:/run/secrets (files DB_PASSWORD, db_password)}: the files looked for. */
    @Override
    public String describeLookup(SecretRef ref) {
        return folders.describeLookup(ref.path());
    }

    /** READ and WATCH. */
    @Override
    public Set<Capability> capabilities() {
        return CAPABILITIES;
    }

    /**
     * Reads the file for {@code ref.path()}, or empty when no base folder has it (or none exists).
     *
     * @throws dev.secrets4j.SecretFormatException   when the name could leave a base folder
     * @throws dev.secrets4j.SecretProviderException when the file leaves its folder, is a directory
     *                                               or other non-regular file, is too large or unreadable
     */
    @Override
    public Optional<Secret> get(SecretRef ref) {
        return folders.read(ref.path()).map(found -> {
            byte[] content = found.content();
            try {
                Secret.Builder b = Secret.builder(ref.path(), content)
                        .version(hasher.version(content))
                        .providerId(ID)
                        .metadata("path", found.file().toString());
                found.permissions().ifPresent(p -> b.metadata("permissions", p));
                found.modified().ifPresent(t -> b.createdAt(t.toInstant()));
                return b.build();
            } finally {
                Arrays.fill(content, (byte) 0);
            }
        });
    }

    /**
     * Calls {@code listener} when the content of {@code ref} changes, appears, disappears or
     * starts or stops failing. The listener runs on the thread {@code secrets4j-docker-watch-1}.
     *
     * @throws dev.secrets4j.SecretFormatException when the name could leave a base folder
     * @throws IllegalStateException               after {@link #close()}
     */
    @Override
    public Subscription watch(SecretRef ref, WatchListener listener) {
        Objects.requireNonNull(listener, "listener");
        SecretFiles.checkName(ID, ref.path());
        return watcher.watch(ref, listener);
    }

    /**
     * The file's permission findings: readable by group or others is a warning, writable by others
     * an error. Only for secrets this provider read (it judges the file named by their
     * {@code path} metadata).
     */
    @Override
    public List<SecretSpec.Violation> inspect(Secret secret) {
        if (!ID.equals(secret.providerId())) {
            return List.of();
        }
        return secret.metadata("path").map(Path::of).filter(folders::holds)
                .map(SecretFiles::permissionViolations).orElse(List.of());
    }

    /** UP when every base folder exists, DEGRADED when some do, DOWN when none does. */
    @Override
    public ProviderHealth health() {
        return folders.health();
    }

    /** Stops the watcher thread, if started; reads still work afterwards. */
    @Override
    public void close() {
        watcher.close();
    }

    /** Completed watcher scans, for tests that must know a scan ran after a change. */
    long scans() {
        return watcher.scans();
    }

    /** Whether the watcher thread runs. */
    boolean watching() {
        return watcher.isRunning();
    }

    /** Whether a watch service drives the watcher (false: polling only). */
    boolean usesWatchService() {
        return watcher.usesWatchService();
    }

    /** The folders and settings; never a value. */
    @Override
    public String toString() {
        return "DockerSecretProvider[" + describe() + ", poll " + pollInterval + ", watch service " + watchService + "]";
    }

    private String state(SecretRef ref) {
        try {
            return folders.read(ref.path()).map(found -> {
                byte[] content = found.content();
                try {
                    return hasher.hash(content);
                } finally {
                    Arrays.fill(content, (byte) 0);
                }
            }).orElse(FolderWatcher.ABSENT);
        } catch (RuntimeException e) {
            return FolderWatcher.FAILED;
        }
    }

    /** Configures a {@link DockerSecretProvider}; each setter rejects a bad argument at once. */
    public static final class Builder {
        private List<Path> paths = List.of(DEFAULT_PATH);
        private boolean trimTrailingNewline = true;
        private long maxFileSize = SecretFiles.DEFAULT_MAX_BYTES;
        private Duration pollInterval = Duration.ofSeconds(2);
        private boolean watchService = true;

        private Builder() {
        }

        /** The base folders, searched in order; default {@code /run/secrets}. */
        public Builder paths(Path... baseFolders) {
            Objects.requireNonNull(baseFolders, "paths");
            if (baseFolders.length == 0) {
                throw new IllegalArgumentException("paths must name at least one folder, got none");
            }
            List<Path> out = new ArrayList<>();
            for (Path p : baseFolders) {
                if (p == null) {
                    throw new IllegalArgumentException("paths must not contain null, got " + Arrays.toString(baseFolders));
                }
                Path normal = p.toAbsolutePath().normalize();
                if (!out.contains(normal)) {
                    out.add(normal);
                }
            }
            this.paths = List.copyOf(out);
            return this;
        }

        /** Whether one trailing {@code \n} or {@code \r\n} is removed; default true. */
        public Builder trimTrailingNewline(boolean trim) {
            this.trimTrailingNewline = trim;
            return this;
        }

        /** The largest file read, in bytes; default 1 MiB. A larger file is an error. */
        public Builder maxFileSize(long bytes) {
            this.maxFileSize = SecretFiles.checkLimit("maxFileSize", bytes);
            return this;
        }

        /** How often watched secrets are re-read even without a file event; default 2 s. */
        public Builder pollInterval(Duration interval) {
            Objects.requireNonNull(interval, "pollInterval");
            if (interval.compareTo(Duration.ofMillis(1)) < 0 || interval.compareTo(Duration.ofDays(1)) > 0) {
                throw new IllegalArgumentException("pollInterval must be between 1 ms and 1 day, got " + interval);
            }
            this.pollInterval = interval;
            return this;
        }

        /** Whether to use the file system's watch service; default true. False forces polling. */
        public Builder watchService(boolean use) {
            this.watchService = use;
            return this;
        }

        /** The provider. No thread starts until the first watch. */
        public DockerSecretProvider build() {
            return new DockerSecretProvider(this);
        }
    }
}
