package dev.secrets4j.spi;

import dev.secrets4j.SecretFormatException;
import dev.secrets4j.SecretProviderException;
import dev.secrets4j.SecretSpec;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Reads secret files the way Docker and Kubernetes mount them, with the same rules for every
 * provider that reads files (the Docker provider, the environment provider's {@code NAME_FILE}):
 * a size limit checked before reading, one trailing newline trimmed, only regular files, and
 * permission checks. Error messages name the secret, the provider and the file, never content.
 */
public final class SecretFiles {

    /** The default largest secret file: 1 MiB. */
    public static final long DEFAULT_MAX_BYTES = 1024 * 1024;

    /** The largest limit {@link #read} accepts: what one Java array can hold. */
    public static final long MAX_LIMIT_BYTES = Integer.MAX_VALUE - 16;

    private static final int FIRST_BUFFER = 8192;

    private SecretFiles() {
    }

    /**
     * Rejects a secret name that could leave a base folder: path separators, {@code ..},
     * NUL and other control characters, absolute paths, an empty name.
     *
     * @throws dev.secrets4j.SecretFormatException naming the secret and the provider
     */
    public static void checkName(String providerId, String name) {
        if (name == null || name.isEmpty()) {
            throw badName(providerId, name == null ? "" : name, "it is empty");
        }
        if (name.chars().anyMatch(Character::isISOControl)) {
            throw badName(providerId, name, "it contains a NUL or other control character");
        }
        if (name.indexOf('/') >= 0 || name.indexOf('\\') >= 0) {
            throw badName(providerId, name, "it contains a path separator");
        }
        if (name.contains("..")) {
            throw badName(providerId, name, "it contains '..'");
        }
        if (name.equals(".")) {
            throw badName(providerId, name, "it names the folder itself");
        }
        // A drive-relative name such as C:x would leave the folder on Windows.
        if (name.length() >= 2 && name.charAt(1) == ':' && Character.isLetter(name.charAt(0))) {
            throw badName(providerId, name, "it is an absolute or drive path");
        }
    }

    /**
     * Checks a file size limit a provider was configured with: between 1 and {@link #MAX_LIMIT_BYTES}.
     *
     * @param setting the setting's name for the message ({@code maxFileSize})
     * @return the limit
     * @throws IllegalArgumentException naming the setting and the value otherwise
     */
    public static long checkLimit(String setting, long maxBytes) {
        if (maxBytes < 1 || maxBytes > MAX_LIMIT_BYTES) {
            throw new IllegalArgumentException(setting + " must be between 1 and " + MAX_LIMIT_BYTES + " bytes, got " + maxBytes);
        }
        return maxBytes;
    }

    /**
     * Reads a secret file: it must be a regular file (after following symlinks) no larger than
     * {@code maxBytes}; one trailing {@code \n} (or {@code \r\n}) is removed when
     * {@code trimTrailingNewline}.
     *
     * <p>The size is checked on the open file before any buffer is allocated, and reading stops
     * one byte past the limit, so a file that grows while it is read is rejected too.
     *
     * @throws dev.secrets4j.SecretProviderException naming the secret, provider and file when it is
     *                                               too large, not a regular file or unreadable
     * @throws IllegalArgumentException when {@code maxBytes} is not between 1 and {@link #MAX_LIMIT_BYTES}
     */
    public static byte[] read(String providerId, String secretName, Path file, long maxBytes, boolean trimTrailingNewline) {
        checkLimit("maxBytes", maxBytes);
        String where = where(providerId, secretName, file);
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            if (!attributes.isRegularFile()) {
                throw SecretProviderException.permanent(providerId, secretName, where + " is "
                        + kind(attributes) + ", not a regular file; mount the secret as a file", null);
            }
            try (SeekableByteChannel channel = Files.newByteChannel(file, StandardOpenOption.READ)) {
                long size = channel.size();
                if (size > maxBytes) {
                    throw tooLarge(providerId, secretName, where, size + " bytes", maxBytes);
                }
                byte[] content = readAtMost(channel, size, maxBytes, providerId, secretName, where);
                return trimTrailingNewline ? trimmed(content) : content;
            }
        } catch (NoSuchFileException e) {
            throw SecretProviderException.permanent(providerId, secretName, where + " does not exist;"
                    + " create the file or fix the path", null);
        } catch (AccessDeniedException e) {
            throw SecretProviderException.permanent(providerId, secretName, where + " is not readable by this process;"
                    + " grant the application's user read access", null);
        } catch (IOException e) {
            throw SecretProviderException.retryable(providerId, secretName, where + " could not be read ("
                    + e.getClass().getSimpleName() + "); check the mount and try again", null);
        }
    }

    /**
     * Permission findings for a secret file on a POSIX file system: group- or world-readable is a
     * warning, world-writable an error. Nothing on file systems without POSIX permissions.
     * Symbolic links are followed: the mode of the file that holds the content counts.
     */
    public static List<SecretSpec.Violation> permissionViolations(Path file) {
        Set<PosixFilePermission> permissions;
        try {
            permissions = Files.getPosixFilePermissions(file);
        } catch (UnsupportedOperationException e) {
            return List.of();
        } catch (IOException e) {
            return List.of(SecretSpec.Violation.warning("the permissions of file " + file
                    + " could not be read (" + e.getClass().getSimpleName() + "); check that it exists and is readable"));
        }
        String mode = PosixFilePermissions.toString(permissions);
        List<SecretSpec.Violation> out = new ArrayList<>(2);
        if (permissions.contains(PosixFilePermission.OTHERS_WRITE)) {
            out.add(SecretSpec.Violation.error("file " + file + " is writable by others (mode " + mode
                    + "): anyone on the host can replace the secret; chmod 600 " + file + " (or 400)"));
        }
        if (permissions.contains(PosixFilePermission.GROUP_READ) || permissions.contains(PosixFilePermission.OTHERS_READ)) {
            out.add(SecretSpec.Violation.warning("file " + file + " is readable by group/others (mode " + mode
                    + "); chmod 600 " + file + " (or 400) so that only the application's user can read it"));
        }
        return List.copyOf(out);
    }

    private static byte[] readAtMost(SeekableByteChannel channel, long size, long maxBytes,
                                     String providerId, String secretName, String where) throws IOException {
        // One byte more than expected so that a file growing past its reported size is noticed.
        // Some files (procfs, FUSE) report size 0 and still have content: start small then.
        long expected = size > 0 ? size + 1 : FIRST_BUFFER;
        byte[] buffer = new byte[(int) Math.min(maxBytes + 1, expected)];
        int filled = 0;
        while (true) {
            int read = channel.read(ByteBuffer.wrap(buffer, filled, buffer.length - filled));
            if (read < 0) {
                break;
            }
            filled += read;
            if (filled > maxBytes) {
                Arrays.fill(buffer, (byte) 0);
                throw tooLarge(providerId, secretName, where, "more than " + maxBytes + " bytes (it grew while read)", maxBytes);
            }
            if (filled == buffer.length) {
                byte[] bigger = Arrays.copyOf(buffer, (int) Math.min(maxBytes + 1, (long) buffer.length * 2));
                Arrays.fill(buffer, (byte) 0);
                buffer = bigger;
            }
        }
        byte[] content = Arrays.copyOf(buffer, filled);
        Arrays.fill(buffer, (byte) 0);
        return content;
    }

    private static byte[] trimmed(byte[] content) {
        int end = content.length;
        if (end > 0 && content[end - 1] == '\n') {
            end--;
            if (end > 0 && content[end - 1] == '\r') {
                end--;
            }
        }
        if (end == content.length) {
            return content;
        }
        byte[] out = Arrays.copyOf(content, end);
        Arrays.fill(content, (byte) 0);
        return out;
    }

    private static SecretProviderException tooLarge(String providerId, String secretName, String where, String size, long maxBytes) {
        return SecretProviderException.permanent(providerId, secretName, where + " is " + size
                + ", more than the limit of " + maxBytes + " bytes; shrink the file or raise the provider's max-file-size", null);
    }

    private static String kind(BasicFileAttributes attributes) {
        if (attributes.isDirectory()) {
            return "a directory";
        }
        return attributes.isOther() ? "a device, pipe or socket" : "not a regular file";
    }

    private static String where(String providerId, String secretName, Path file) {
        return "secret '" + secretName + "' from " + providerId + ": file " + file;
    }

    private static SecretFormatException badName(String providerId, String name, String why) {
        return new SecretFormatException("secret name '" + escape(name) + "' rejected by provider " + providerId
                + ": " + why + "; use a plain file name such as db_password");
    }

    /** The name with control characters written as {@code \\uXXXX}, safe for one log line. */
    static String escape(String name) {
        StringBuilder out = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
