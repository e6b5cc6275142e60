package dev.secrets4j.spi;

import dev.secrets4j.SecretSpec;

import java.nio.file.Path;
import java.util.List;

/**
 * Reads secret files the way Docker and Kubernetes mount them, with the same rules for every
 * provider that reads files (the Docker provider, the environment provider's {@code NAME_FILE}):
 * a size limit checked before reading, one trailing newline trimmed, only regular files, and
 * permission checks. Error messages name the secret, the provider and the file, never content.
 */
public final class SecretFiles {

    /** The default largest secret file: 1 MiB. */
    public static final long DEFAULT_MAX_BYTES = 1024 * 1024;

    private SecretFiles() {
    }

    /**
     * Rejects a secret name that could leave a base folder: path separators, {@code ..},
     * NUL and other control characters, absolute paths, an empty name.
     *
     * @throws dev.secrets4j.SecretFormatException naming the secret and the provider
     */
    public static void checkName(String providerId, String name) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /**
     * Reads a secret file: it must be a regular file (after following symlinks) no larger than
     * {@code maxBytes}; one trailing {@code \n} (or {@code \r\n}) is removed when
     * {@code trimTrailingNewline}.
     *
     * @throws dev.secrets4j.SecretProviderException naming the secret, provider and file when it is
     *                                               too large, not a regular file or unreadable
     */
    public static byte[] read(String providerId, String secretName, Path file, long maxBytes, boolean trimTrailingNewline) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /**
     * Permission findings for a secret file on a POSIX file system: group- or world-readable is a
     * warning, world-writable an error. Nothing on file systems without POSIX permissions.
     */
    public static List<SecretSpec.Violation> permissionViolations(Path file) {
        throw new UnsupportedOperationException("not implemented yet");
    }
}
