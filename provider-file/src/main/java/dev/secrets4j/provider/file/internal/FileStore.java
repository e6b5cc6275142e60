package dev.secrets4j.provider.file.internal;

import dev.secrets4j.SecretProviderException;
import dev.secrets4j.provider.file.Kdf;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.crypto.AEADBadTagException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * One open store: its folder, its data key (unwrapped once, at open), the cache of secret files
 * by {@link StoreFiles.Stamp}, and the locked read-modify-write of a secret's file. The provider
 * adds the SPI's rules on top. Thread-safe; reads take no lock, writes take the {@link StoreLock}.
 */
public final class FileStore implements AutoCloseable {

    /** The header file's name. */
    public static final String HEADER = "store.json";
    /** The lock file's name. */
    public static final String LOCK = "store.lock";
    /** The folder holding one file per secret. */
    public static final String SECRETS = "secrets";

    private static final Logger LOG = LoggerFactory.getLogger(FileStore.class);
    private static final long MAX_HEADER_BYTES = 64 * 1024;
    private static final long MAX_SECRET_FILE_BYTES = 256L * 1024 * 1024;

    private final Path folder;
    private final Path secrets;
    private final Path headerFile;
    private final Path lockFile;
    private final StoreLock lock;
    private final Duration lockTimeout;
    private final StoreErrors errors;
    private final SecureRandom random;
    private final String storeId;
    private final byte[] dataKey;
    private final byte[] valueKey;
    private final byte[] macKey;
    private final ConcurrentHashMap<String, Snapshot> cache = new ConcurrentHashMap<>();
    private final AtomicLong decryptions = new AtomicLong();
    private volatile StoreHeader header;
    private volatile boolean closed;

    /**
     * What to open.
     *
     * @param folder      the store's folder
     * @param kdf         the KDF of a new store, and the target of {@code upgradeKdf}
     * @param create      whether a missing folder (or an empty one) becomes a new store
     * @param upgradeKdf  whether a store wrapped with another or cheaper KDF is re-wrapped with {@code kdf} at open
     * @param lockTimeout how long a write waits for another writer
     */
    public record Options(Path folder, Kdf kdf, boolean create, boolean upgradeKdf, Duration lockTimeout) {
    }

    private FileStore(StoreOpening.Opened opened, StoreErrors errors, Duration lockTimeout, SecureRandom random) {
        this.folder = opened.folder();
        this.secrets = folder.resolve(SECRETS);
        this.headerFile = folder.resolve(HEADER);
        this.lockFile = folder.resolve(LOCK);
        this.lock = opened.lock();
        this.errors = errors;
        this.lockTimeout = lockTimeout;
        this.random = random;
        this.header = opened.header();
        this.storeId = header.storeId();
        this.dataKey = opened.dataKey();
        this.valueKey = Crypto.subKey(dataKey, StoreHeader.FORMAT + " value encryption");
        this.macKey = Crypto.subKey(dataKey, StoreHeader.FORMAT + " record authentication");
    }

    /**
     * Opens the store in {@code options.folder()}, or creates it there. Costs one key derivation
     * (two when the KDF is upgraded). {@code master} is not kept.
     *
     * @throws SecretProviderException naming the folder or file, when it is not a store, the master
     *                                 secret does not unlock it, or a file cannot be read or written
     */
    public static FileStore open(String providerId, Options options, byte[] master, Clock clock) {
        Path folder = options.folder().toAbsolutePath().normalize();
        StoreErrors errors = new StoreErrors(providerId, providerId + ":" + folder);
        SecureRandom random = new SecureRandom();
        try {
            StoreOpening.Opened opened = new StoreOpening(folder, errors, options, clock, random).open(master);
            FileStore store = new FileStore(opened, errors, options.lockTimeout(), random);
            if (options.upgradeKdf() && !opened.header().kdf().atLeast(options.kdf())) {
                LOG.info("store {}: re-wrapping its data key from {} to {} (upgrade-kdf)", errors.where(),
                        opened.header().kdf(), options.kdf());
                try {
                    store.rewrap(master, options.kdf(), Optional.of(opened.header()));
                } catch (RuntimeException e) {
                    store.close();
                    throw e;
                }
            }
            return store;
        } catch (StoreFiles.BadFileException e) {
            throw errors.store("file " + e.getFile() + " is refused: " + e.getReason()
                    + "; restore the store folder from a backup", false);
        } catch (AccessDeniedException e) {
            throw errors.store("access to " + e.getFile() + " was denied; give the application's user read and write"
                    + " access to the store folder", false);
        } catch (IOException e) {
            String file = e instanceof FileSystemException f && f.getFile() != null ? " on " + f.getFile() : "";
            throw errors.store("could not be opened (" + e.getClass().getSimpleName() + file + "); check the folder,"
                    + " its permissions and the disk, then try again", true);
        }
    }

    /** {@code file:/var/lib/app/secrets}. */
    public String where() {
        return errors.where();
    }

    /** The store's folder, as opened. */
    public Path folder() {
        return folder;
    }

    /** The KDF the header was last wrapped with by this instance (another process may have re-wrapped since). */
    public Kdf kdf() {
        return header.kdf();
    }

    /** The store's id. */
    public String storeId() {
        return storeId;
    }

    /** The errors, for the provider's own messages. */
    public StoreErrors errors() {
        return errors;
    }

    /** The file of the checked secret name {@code name}. */
    public Path fileOf(String name) {
        return secrets.resolve(SecretNames.fileName(name));
    }

    /** Decryptions done so far, for tests that check a read of an unchanged file costs none. */
    public long decryptions() {
        return decryptions.get();
    }

    /**
     * The secret's record, from the cache when its file's stamp is unchanged, else read and checked.
     *
     * @throws SecretProviderException when the file is damaged, refused or unreadable
     */
    public Optional<Snapshot> read(String name) {
        ensureOpen(name);
        Path file = fileOf(name);
        Optional<StoreFiles.Stamp> stamp;
        try {
            stamp = StoreFiles.stamp(file);
        } catch (StoreFiles.BadFileException e) {
            throw errors.badFile(name, e);
        } catch (IOException e) {
            throw errors.readFailed(name, file, e);
        }
        if (stamp.isEmpty()) {
            cache.remove(name);
            return Optional.empty();
        }
        Snapshot cached = cache.get(name);
        if (cached != null && cached.stamp().equals(stamp.get())) {
            return Optional.of(cached);
        }
        Optional<SecretRecord> record = load(name, file);
        if (record.isEmpty()) {
            cache.remove(name);
            return Optional.empty();
        }
        Snapshot fresh = new Snapshot(stamp.get(), record.get());
        cache.put(name, fresh);
        return Optional.of(fresh);
    }

    /** What a change of one secret's record decided: the record to write (none: leave the file) and a result. */
    public record Outcome<T>(Optional<SecretRecord> write, T result) {
        /** Write {@code record}, then return {@code result}. */
        public static <T> Outcome<T> write(SecretRecord record, T result) {
            return new Outcome<>(Optional.of(record), result);
        }

        /** Leave the file as it is, and return {@code result}. */
        public static <T> Outcome<T> unchanged(T result) {
            return new Outcome<>(Optional.empty(), result);
        }
    }

    /**
     * Read-modify-write of one secret's file under the store lock: {@code change} sees the record as
     * it is on disk (or none) and decides what to write; no other writer, in this process or
     * another, runs in between. The file is replaced atomically.
     *
     * @throws SecretProviderException when the lock is not free within the timeout (retryable), the
     *                                 file is damaged, or it cannot be written; or whatever {@code change} throws
     */
    public <T> T update(String name, Function<Optional<SecretRecord>, Outcome<T>> change) {
        ensureOpen(name);
        Path file = fileOf(name);
        try {
            return locked(name, () -> {
                Optional<Snapshot> before = read(name);
                Outcome<T> outcome = change.apply(before.map(Snapshot::record));
                if (outcome.write().isPresent()) {
                    SecretRecord record = outcome.write().get();
                    StoreFiles.createPrivateFolder(secrets);
                    StoreFiles.writeAtomically(file, RecordCodec.write(record, macKey), before.map(s -> s.stamp().modified()));
                    StoreFiles.stamp(file).ifPresentOrElse(
                            stamp -> cache.put(name, new Snapshot(stamp, record)), () -> cache.remove(name));
                }
                return outcome.result();
            });
        } catch (StoreFiles.BadFileException e) {
            throw errors.badFile(name, e);
        } catch (IOException e) {
            throw errors.writeFailed(name, file, e);
        }
    }

    /** A new version of {@code name} holding {@code value}, encrypted with its name and number bound as associated data. */
    public SecretRecord.Version seal(String name, int number, SecretRecord.Stage stage, Instant createdAt,
                                     Map<String, String> metadata, byte[] value) {
        ensureOpen(name);
        byte[] aad = RecordCodec.valueAad(storeId, name, Integer.toString(number));
        Crypto.Sealed sealed = Crypto.seal(valueKey, value, aad, random);
        return new SecretRecord.Version(number, stage, createdAt, metadata, sealed.nonce(), sealed.ciphertext());
    }

    /**
     * The value of {@code version} of {@code record}, to be cleared by the caller.
     *
     * @throws SecretProviderException naming the file and version when it does not authenticate
     */
    public byte[] unseal(SecretRecord record, SecretRecord.Version version) {
        ensureOpen(record.name());
        decryptions.incrementAndGet();
        byte[] aad = RecordCodec.valueAad(storeId, record.name(), version.label());
        try {
            return Crypto.open(valueKey, version.nonce(), version.ciphertext(), aad);
        } catch (AEADBadTagException e) {
            ensureOpen(record.name());
            throw errors.undecryptable(record.name(), fileOf(record.name()), version.label());
        }
    }

    /**
     * Wraps the data key anew under a key derived from {@code master} with {@code kdf} and a fresh
     * salt, and replaces the header atomically under the store lock. No secret file changes.
     *
     * @throws SecretProviderException when the header on disk belongs to another store, or cannot be written
     */
    public void rewrap(byte[] master, Kdf kdf) {
        rewrap(master, kdf, Optional.empty());
    }

    /** Re-wraps; with {@code onlyIfStill}, only when the header on disk is still that one (an upgrade must not undo another process's re-wrap). */
    private void rewrap(byte[] master, Kdf kdf, Optional<StoreHeader> onlyIfStill) {
        ensureOpen(null);
        try {
            locked(null, () -> {
                StoreHeader onDisk = readHeader(headerFile, errors);
                if (!onDisk.storeId().equals(storeId)) {
                    throw errors.store("file " + headerFile + " now belongs to another store (" + onDisk.storeId()
                            + "); the store was re-created: open it anew", false);
                }
                if (onlyIfStill.isPresent() && !Arrays.equals(onlyIfStill.get().wrappedKey(), onDisk.wrappedKey())) {
                    LOG.info("store {}: not upgrading the KDF, another process re-wrapped the data key meanwhile", errors.where());
                    return null;
                }
                StoreHeader next = StoreHeader.wrap(storeId, onDisk.createdAt(), kdf, master, dataKey, random);
                StoreFiles.writeAtomically(headerFile, next.toJson(), StoreFiles.stamp(headerFile).map(StoreFiles.Stamp::modified));
                header = next;
                LOG.info("store {}: data key re-wrapped with {}", errors.where(), kdf);
                return null;
            });
        } catch (StoreFiles.BadFileException e) {
            throw errors.badFile(null, e);
        } catch (IOException e) {
            throw errors.writeFailed(null, headerFile, e);
        }
    }

    /** Whether the header file is still there and the provider open: the cheap health check. */
    public Optional<String> problem() {
        if (closed) {
            return Optional.of("the provider is closed");
        }
        if (!Files.isRegularFile(headerFile)) {
            return Optional.of("file " + headerFile + " is missing; restore the store folder from a backup");
        }
        return Optional.empty();
    }

    /** Forgets the keys and the cache; later calls fail. Idempotent. */
    @Override
    public void close() {
        closed = true;
        cache.clear();
        Arrays.fill(dataKey, (byte) 0);
        Arrays.fill(valueKey, (byte) 0);
        Arrays.fill(macKey, (byte) 0);
    }

    /** The store's folder and KDF; never key material. */
    @Override
    public String toString() {
        return "FileStore[" + errors.where() + ", " + header.kdf() + "]";
    }

    /** Reads and parses a header file, with errors naming it. */
    static StoreHeader readHeader(Path headerFile, StoreErrors errors) throws IOException {
        byte[] json = StoreFiles.read(headerFile, MAX_HEADER_BYTES);
        try {
            return StoreHeader.parse(json);
        } catch (FormatProblem p) {
            throw errors.store("file " + headerFile + " is refused: " + p.getMessage()
                    + "; restore it from a backup of the store folder", false);
        }
    }

    /** The record in {@code file}; empty when the file went away between the stat and the read. */
    private Optional<SecretRecord> load(String name, Path file) {
        byte[] json;
        try {
            json = StoreFiles.read(file, MAX_SECRET_FILE_BYTES);
        } catch (StoreFiles.BadFileException e) {
            throw errors.badFile(name, e);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw errors.readFailed(name, file, e);
        }
        try {
            return Optional.of(RecordCodec.read(json, macKey, storeId, name));
        } catch (FormatProblem p) {
            ensureOpen(name);
            throw errors.damaged(name, file, p.getMessage());
        }
    }

    /** Work done under the store lock. */
    private interface LockedWork<T> {
        T run() throws IOException;
    }

    private <T> T locked(String name, LockedWork<T> work) throws IOException {
        StoreLock.Held held = lockOrThrow(name);
        try {
            return work.run();
        } finally {
            held.close();
        }
    }

    private StoreLock.Held lockOrThrow(String name) throws IOException {
        try {
            return lock.acquire(lockTimeout).orElseThrow(() -> errors.locked(name, lockFile, lockTimeout));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw errors.interrupted(name, lockFile);
        }
    }

    private void ensureOpen(String name) {
        if (closed) {
            throw errors.closed(name);
        }
    }
}
