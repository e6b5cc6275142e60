package dev.secrets4j.provider.file.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.crypto.AEADBadTagException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

/**
 * Opening a store folder: create it (and the store) when allowed, refuse a folder that holds
 * something else, read the header and unwrap the data key. Creation runs under the store lock, so
 * two processes starting at once on a new folder end up with one store.
 */
final class StoreOpening {

    private static final Logger LOG = LoggerFactory.getLogger(StoreOpening.class);

    private final Path folder;
    private final StoreErrors errors;
    private final FileStore.Options options;
    private final Clock clock;
    private final SecureRandom random;

    /** What an opening yields: the folder, its lock, the header read or written, and the unwrapped data key. */
    record Opened(Path folder, StoreLock lock, StoreHeader header, byte[] dataKey) {
        /** Never shows the key. */
        @Override
        public String toString() {
            return "Opened[" + folder + "]";
        }
    }

    StoreOpening(Path folder, StoreErrors errors, FileStore.Options options, Clock clock, SecureRandom random) {
        this.folder = folder;
        this.errors = errors;
        this.options = options;
        this.clock = clock;
        this.random = random;
    }

    /** Opens or creates the store; costs one key derivation. */
    Opened open(byte[] master) throws IOException {
        if (!Files.exists(folder)) {
            if (!options.create()) {
                throw errors.store("folder " + folder + " does not exist; fix the folder, or allow creating a new"
                        + " store there (create=true)", false);
            }
            StoreFiles.createPrivateFolder(folder);
        }
        if (!Files.isDirectory(folder)) {
            throw errors.store(folder + " is not a folder; point the provider at a store folder", false);
        }
        // File locks are per process: key the JVM-wide lock by the real path, whatever links lead to it.
        StoreLock lock = new StoreLock(folder.resolve(FileStore.LOCK), folder.toRealPath().resolve(FileStore.LOCK));
        Path headerFile = folder.resolve(FileStore.HEADER);
        if (Files.exists(headerFile, LinkOption.NOFOLLOW_LINKS)) {
            warnIfLoose(folder);
            Opened opened = unlock(lock, FileStore.readHeader(headerFile, errors), master);
            cleanUp(lock);
            return opened;
        }
        if (!options.create()) {
            throw errors.store("folder " + folder + " holds no store (file " + headerFile + " is missing); restore the"
                    + " folder from a backup, or allow creating a new store (create=true)", false);
        }
        // Checked before taking the lock too, so that no lock file is left in a folder that is not a store;
        // leniently, as another process may be creating the store right now.
        checkEmpty(true);
        StoreLock.Held held = lockForCreation(lock);
        try {
            if (Files.exists(headerFile, LinkOption.NOFOLLOW_LINKS)) {
                // Another process created the store while this one waited for the lock.
                return unlock(lock, FileStore.readHeader(headerFile, errors), master);
            }
            checkEmpty(false);
            return create(lock, headerFile, master);
        } finally {
            held.close();
        }
    }

    private Opened create(StoreLock lock, Path headerFile, byte[] master) throws IOException {
        String storeId = Base64.getUrlEncoder().withoutPadding().encodeToString(Crypto.random(random, 16));
        byte[] dataKey = Crypto.random(random, Crypto.KEY_BYTES);
        StoreHeader header = StoreHeader.wrap(storeId, clock.instant(), options.kdf(), master, dataKey, random);
        if (StoreFiles.posix(folder)) {
            // An empty folder someone else made becomes the store's: as private as one the store creates.
            Files.setPosixFilePermissions(folder, StoreFiles.FOLDER_MODE);
        }
        StoreFiles.createPrivateFolder(folder.resolve(FileStore.SECRETS));
        StoreFiles.writeAtomically(headerFile, header.toJson(), Optional.empty());
        LOG.info("store {}: created with {}", errors.where(), options.kdf());
        return new Opened(folder, lock, header, dataKey);
    }

    private Opened unlock(StoreLock lock, StoreHeader header, byte[] master) {
        byte[] dataKey;
        try {
            dataKey = header.unwrap(master);
        } catch (AEADBadTagException e) {
            throw errors.store("the master secret does not unlock file " + folder.resolve(FileStore.HEADER)
                    + " (wrong master secret, or the file was altered); supply the master secret the store was"
                    + " created with, or restore store.json from a backup of the store folder", false);
        }
        if (dataKey.length != Crypto.KEY_BYTES) {
            Arrays.fill(dataKey, (byte) 0);
            throw errors.store("file " + folder.resolve(FileStore.HEADER) + " holds a data key of the wrong size;"
                    + " restore it from a backup of the store folder", false);
        }
        return new Opened(folder, lock, header, dataKey);
    }

    private StoreLock.Held lockForCreation(StoreLock lock) throws IOException {
        try {
            return lock.acquire(options.lockTimeout())
                    .orElseThrow(() -> errors.locked(null, folder.resolve(FileStore.LOCK), options.lockTimeout()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw errors.interrupted(null, folder.resolve(FileStore.LOCK));
        }
    }

    /**
     * Removes what a crashed writer left, if no writer holds the lock now; otherwise leaves it for
     * a later open. Never fails the open: the leftovers are harmless, only untidy.
     */
    private void cleanUp(StoreLock lock) {
        try {
            Optional<StoreLock.Held> held = lock.acquire(Duration.ZERO);
            if (held.isPresent()) {
                try {
                    StoreFiles.deleteTemporaries(folder);
                    StoreFiles.deleteTemporaries(folder.resolve(FileStore.SECRETS));
                } finally {
                    held.get().close();
                }
            }
        } catch (IOException e) {
            LOG.debug("store {}: temporary files left by a crashed writer not removed ({})", errors.where(),
                    e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Refuses a folder holding anything but the store's own entries: the lock file, temporary
     * files, and an empty {@code secrets} folder (a creation that stopped before writing the
     * header). While another process may be creating the store, its header and any {@code secrets}
     * folder are accepted too.
     */
    private void checkEmpty(boolean creationUnderWay) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                boolean ours = name.equals(FileStore.LOCK) || StoreFiles.isTemporary(name)
                        || (name.equals(FileStore.SECRETS) && (creationUnderWay || isEmptyFolder(entry)))
                        || (name.equals(FileStore.HEADER) && creationUnderWay);
                if (!ours) {
                    throw errors.store("folder " + folder + " is not empty and holds no store (no " + FileStore.HEADER
                            + "); point the provider at an empty or missing folder to create a store there", false);
                }
            }
        }
    }

    private static boolean isEmptyFolder(Path path) throws IOException {
        if (!Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(path)) {
            return !entries.iterator().hasNext();
        }
    }

    private void warnIfLoose(Path path) {
        StoreFiles.looseMode(path).ifPresent(mode -> LOG.warn("store {}: folder {} has mode {}, other users can list it;"
                + " chmod 700 {}", errors.where(), path, mode, path));
    }
}
