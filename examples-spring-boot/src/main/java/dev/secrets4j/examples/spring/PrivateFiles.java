package dev.secrets4j.examples.spring;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;

/**
 * Writes secret files the way operations should: folders mode {@code 0700}, files mode
 * {@code 0600} from the moment they exist (never created readable and tightened afterwards), and
 * replacements as an atomic rename so a reader sees the old content or the new, never half.
 * On file systems without POSIX permissions the modes are left to the platform.
 */
final class PrivateFiles {

    /** {@code rw-------}. */
    static final String FILE_MODE = "rw-------";
    /** {@code rwx------}. */
    static final String FOLDER_MODE = "rwx------";

    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private PrivateFiles() {
    }

    /** Creates {@code folder} (and missing parents) with mode {@code 0700} for the folder itself; true when it was created. */
    static boolean createFolder(Path folder) throws IOException {
        if (Files.isDirectory(folder)) {
            return false;
        }
        Path parent = folder.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.createDirectory(folder, attributes(FOLDER_MODE));
        return true;
    }

    /** Creates {@code file}, which must not exist, with mode {@code 0600} and writes {@code content}. */
    static void create(Path file, byte[] content) throws IOException {
        try (SeekableByteChannel channel = Files.newByteChannel(file,
                Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), attributes(FILE_MODE))) {
            writeFully(channel, content);
        }
    }

    /**
     * Replaces {@code file} atomically: writes a {@code 0600} temporary file in the same folder,
     * then renames it over {@code file} with {@link StandardCopyOption#ATOMIC_MOVE}.
     */
    static void replace(Path file, byte[] content) throws IOException {
        Path folder = file.toAbsolutePath().getParent();
        Path temp = Files.createTempFile(folder, "." + file.getFileName() + "-", ".tmp", attributes(FILE_MODE));
        try {
            try (SeekableByteChannel channel = Files.newByteChannel(temp, StandardOpenOption.WRITE)) {
                writeFully(channel, content);
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** The file's mode as {@code rw-------}, or empty where the file system has no POSIX permissions. */
    static Optional<String> mode(Path path) throws IOException {
        if (!POSIX) {
            return Optional.empty();
        }
        return Optional.of(PosixFilePermissions.toString(Files.getPosixFilePermissions(path)));
    }

    private static void writeFully(SeekableByteChannel channel, byte[] content) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(content);
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    private static FileAttribute<?>[] attributes(String mode) {
        if (!POSIX) {
            return new FileAttribute<?>[0];
        }
        FileAttribute<Set<PosixFilePermission>> attribute =
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(mode));
        return new FileAttribute<?>[] {attribute};
    }
}
