package dev.secrets4j.provider.file.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * File operations of the store: private folders ({@code 0700}) and files ({@code 0600}) on POSIX
 * file systems, atomic replacement (temporary file in the same folder, {@code fsync}, atomic
 * rename, {@code fsync} of the folder), reads that never follow a symbolic link and stop at a
 * size limit, and the cheap {@link Stamp} that tells whether a file changed.
 */
public final class StoreFiles {

    /** The mode of every file the store writes. */
    public static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");
    /** The mode of every folder the store creates. */
    public static final Set<PosixFilePermission> FOLDER_MODE = PosixFilePermissions.fromString("rwx------");

    private static final Logger LOG = LoggerFactory.getLogger(StoreFiles.class);
    private static final String TEMP_PREFIX = ".tmp-";
    private static final String TEMP_SUFFIX = ".part";
    private static final Duration MTIME_STEP = Duration.ofMillis(1);

    private StoreFiles() {
    }

    /**
     * What identifies one version of a file without reading it: size, modification time and file
     * key (device and inode on POSIX). Every write replaces the file by a rename (a new inode) and
     * moves its modification time forward, so an equal stamp means unchanged content.
     */
    public record Stamp(long size, FileTime modified, Object fileKey) {
    }

    /** A file that is not what the store writes: a link, a folder, a device, or too large. */
    public static final class BadFileException extends FileSystemException {
        private static final long serialVersionUID = 1L;

        BadFileException(Path file, String reason) {
            super(file.toString(), null, reason);
        }
    }

    /** Whether {@code path}'s file system has POSIX permissions. */
    public static boolean posix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    /** Creates {@code folder} and missing parents, the folder itself with mode {@code 0700}. */
    public static void createPrivateFolder(Path folder) throws IOException {
        if (Files.isDirectory(folder)) {
            return;
        }
        Path parent = folder.getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try {
            if (posix(folder)) {
                Files.createDirectory(folder, PosixFilePermissions.asFileAttribute(FOLDER_MODE));
                Files.setPosixFilePermissions(folder, FOLDER_MODE);
            } else {
                Files.createDirectory(folder);
            }
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(folder)) {
                throw e;
            }
        }
    }

    /** The stamp of {@code file}, not following a link; empty when it does not exist. */
    public static Optional<Stamp> stamp(Path file) throws IOException {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            checkRegular(file, a);
            return Optional.of(new Stamp(a.size(), a.lastModifiedTime(), a.fileKey()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /**
     * Reads a regular file, never through a symbolic link, of at most {@code limit} bytes.
     *
     * @throws NoSuchFileException when it does not exist
     * @throws BadFileException    when it is a link or not a regular file, or larger than the limit
     */
    public static byte[] read(Path file, long limit) throws IOException {
        checkRegular(file, Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
        try (SeekableByteChannel channel = Files.newByteChannel(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            long size = channel.size();
            if (size > limit) {
                throw new BadFileException(file, "it is " + size + " bytes, more than the limit of " + limit);
            }
            ByteBuffer buffer = ByteBuffer.allocate((int) size + 1);
            while (channel.read(buffer) > 0) {
                if (!buffer.hasRemaining()) {
                    throw new BadFileException(file, "it grew while it was read");
                }
            }
            return Arrays.copyOf(buffer.array(), buffer.position());
        }
    }

    /**
     * Replaces {@code file} atomically with {@code content}: a reader sees the old file or the new
     * one, never a part, and after a crash the old or the new one is there. The new file's
     * modification time is after {@code previous} (the replaced file's), so its stamp differs even
     * on a coarse clock.
     */
    public static void writeAtomically(Path file, byte[] content, Optional<FileTime> previous) throws IOException {
        Path folder = Objects.requireNonNull(file.getParent(), "file has no folder");
        Path temp = folder.resolve(TEMP_PREFIX + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()) + TEMP_SUFFIX);
        boolean moved = false;
        try {
            Set<OpenOption> options = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            boolean posix = posix(file);
            FileAttribute<?>[] attributes = posix
                    ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE_MODE)} : new FileAttribute<?>[0];
            try (FileChannel channel = FileChannel.open(temp, options, attributes)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            if (posix) {
                Files.setPosixFilePermissions(temp, FILE_MODE);
            }
            if (previous.isPresent()) {
                FileTime written = Files.getLastModifiedTime(temp);
                if (written.compareTo(previous.get()) <= 0) {
                    Files.setLastModifiedTime(temp, FileTime.from(previous.get().toInstant().plus(MTIME_STEP)));
                }
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            moved = true;
            syncFolder(folder);
        } finally {
            if (!moved) {
                Files.deleteIfExists(temp);
            }
        }
    }

    /** Deletes temporary files a crashed writer left in {@code folder}; call only while holding the store lock. */
    public static void deleteTemporaries(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return;
        }
        try (DirectoryStream<Path> temps = Files.newDirectoryStream(folder, TEMP_PREFIX + "*" + TEMP_SUFFIX)) {
            for (Path temp : temps) {
                LOG.debug("deleting {}, left by a writer that stopped before renaming it", temp);
                Files.deleteIfExists(temp);
            }
        }
    }

    /** Whether {@code name} is a temporary file of a writer. */
    public static boolean isTemporary(String name) {
        return name.startsWith(TEMP_PREFIX) && name.endsWith(TEMP_SUFFIX);
    }

    /**
     * The mode of {@code path} when group or others have any access to it ({@code rwxr-x---}); empty
     * when they have none or the file system has no POSIX permissions.
     */
    public static Optional<String> looseMode(Path path) {
        if (!posix(path)) {
            return Optional.empty();
        }
        try {
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
            boolean loose = mode.stream().anyMatch(p -> !p.name().startsWith("OWNER_"));
            return loose ? Optional.of(PosixFilePermissions.toString(mode)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Flushes the folder's entries (the rename) to disk where the platform can; Windows cannot open a folder. */
    private static void syncFolder(Path folder) {
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            LOG.debug("folder {} could not be synced ({}); the rename is durable once the file system flushes it",
                    folder, e.getClass().getSimpleName());
        }
    }

    private static void checkRegular(Path file, BasicFileAttributes a) throws BadFileException {
        if (a.isSymbolicLink()) {
            throw new BadFileException(file, "it is a symbolic link; the store writes only regular files");
        }
        if (!a.isRegularFile()) {
            throw new BadFileException(file, a.isDirectory() ? "it is a folder, not a file" : "it is not a regular file");
        }
    }
}
