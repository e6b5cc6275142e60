package dev.secrets4j.provider.docker.internal;

import dev.secrets4j.SecretFormatException;
import dev.secrets4j.SecretProviderException;
import dev.secrets4j.spi.ProviderHealth;
import dev.secrets4j.spi.SecretFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The base folders of one provider and the rules for finding a secret in them: a checked name,
 * the exact file name then its lower-case form, folder by folder, and a resolved path (after
 * symbolic links) that must stay inside its folder. Kubernetes' layout
 * ({@code db_password -> ..data/db_password}, {@code ..data -> ..2026_11_25_xx}) resolves inside
 * the folder and is read through its resolved path, so a concurrent {@code ..data} swap never
 * mixes two versions.
 */
public final class SecretFolders {

    private static final Logger LOG = LoggerFactory.getLogger(SecretFolders.class);

    /** How often a read is retried when a Kubernetes swap removed the old version under it. */
    private static final int SWAP_ATTEMPTS = 3;

    private final String providerId;
    private final List<Path> folders;
    private final long maxBytes;
    private final boolean trimTrailingNewline;

    /** Folders to search, in order, with the read rules. */
    public SecretFolders(String providerId, List<Path> folders, long maxBytes, boolean trimTrailingNewline) {
        this.providerId = providerId;
        this.folders = List.copyOf(folders);
        this.maxBytes = maxBytes;
        this.trimTrailingNewline = trimTrailingNewline;
    }

    /** The folders, in search order. */
    public List<Path> folders() {
        return folders;
    }

    /** {@code docker:/run/secrets} or {@code docker:/a,/b}. */
    public String describe() {
        return providerId + ":" + folders.stream().map(Path::toString).collect(Collectors.joining(","));
    }

    /**
     * {@code docker:/run/secrets (files DB_PASSWORD, db_password)}. A name that is not a plain file
     * name is not echoed: {@code docker:/run/secrets (no file: the name is not a plain file name)}.
     */
    public String describeLookup(String name) {
        try {
            SecretFiles.checkName(providerId, name);
        } catch (SecretFormatException e) {
            return describe() + " (no file: the name is not a plain file name)";
        }
        return describe() + " (files " + String.join(", ", candidateNames(name)) + ")";
    }

    /** The file names tried for {@code name}: itself, then its lower-case form when different. */
    public static List<String> candidateNames(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.equals(name) ? List.of(name) : List.of(name, lower);
    }

    /**
     * Finds and reads the file for {@code name}, or empty when no folder has it.
     *
     * @throws dev.secrets4j.SecretFormatException   when the name could leave a folder
     * @throws SecretProviderException when the file leaves its folder, is not a regular file,
     *                                 is too large or cannot be read
     */
    public Optional<FoundFile> read(String name) {
        SecretFiles.checkName(providerId, name);
        for (Path folder : folders) {
            Optional<Path> realFolder = realFolder(folder);
            if (realFolder.isEmpty()) {
                continue;
            }
            for (String candidate : candidateNames(name)) {
                Path file = folder.resolve(candidate);
                if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                    Optional<FoundFile> found = readInside(name, file, realFolder.get());
                    if (found.isPresent()) {
                        return found;
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** Whether {@code file} is directly in one of the folders: a file this provider may judge. */
    public boolean holds(Path file) {
        Path parent = file.toAbsolutePath().normalize().getParent();
        return parent != null && folders.contains(parent);
    }

    /** UP when every folder is a readable directory, DEGRADED when some are, DOWN when none is. */
    public ProviderHealth health() {
        List<String> missing = new ArrayList<>();
        for (Path folder : folders) {
            if (!Files.isDirectory(folder) || !Files.isReadable(folder)) {
                missing.add(folder.toString());
            }
        }
        if (missing.isEmpty()) {
            return ProviderHealth.up(describe());
        }
        String detail = describe() + ": " + (missing.size() == folders.size() ? "no" : missing.size() + " of " + folders.size())
                + " secret folder(s) missing or unreadable (" + String.join(", ", missing) + "); mount the secrets volume there";
        return missing.size() == folders.size() ? ProviderHealth.down(detail) : ProviderHealth.degraded(detail);
    }

    private Optional<FoundFile> readInside(String name, Path file, Path realFolder) {
        // A Kubernetes ..data swap deletes the old version right after the switch, so a link
        // resolved just before can dangle or a resolved file vanish: resolve again then.
        for (int attempt = 1; ; attempt++) {
            boolean last = attempt >= SWAP_ATTEMPTS;
            Optional<Path> real = resolveInside(name, file, realFolder);
            if (real.isEmpty()) {
                if (last) {
                    LOG.debug("secret '{}': {} is a dangling symbolic link; treating it as absent", name, file);
                    return Optional.empty();
                }
                continue;
            }
            try {
                byte[] content = SecretFiles.read(providerId, name, real.get(), maxBytes, trimTrailingNewline);
                LOG.debug("read secret '{}' from {}", name, file);
                return Optional.of(new FoundFile(file, content, modified(real.get()), permissions(real.get())));
            } catch (SecretProviderException e) {
                if (!last && !Files.exists(real.get(), LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                throw real.get().equals(file) ? e : reachedThrough(e, file);
            }
        }
    }

    private Optional<Path> resolveInside(String name, Path file, Path realFolder) {
        Path real;
        try {
            real = file.toRealPath();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw SecretProviderException.retryable(providerId, name, "secret '" + name + "' from " + providerId
                    + ": file " + file + " could not be resolved (" + e.getClass().getSimpleName()
                    + "); check the mount and try again", null);
        }
        if (!real.startsWith(realFolder)) {
            throw SecretProviderException.permanent(providerId, name, "secret '" + name + "' from " + providerId
                    + ": file " + file + " resolves to " + real + ", outside its base folder " + realFolder
                    + "; replace the symbolic link with the file itself or a link that stays inside the folder", null);
        }
        return Optional.of(real);
    }

    private SecretProviderException reachedThrough(SecretProviderException e, Path file) {
        String message = e.getMessage() + " (reached through " + file + ")";
        return e.isRetryable()
                ? SecretProviderException.retryable(providerId, e.secretName().orElse(null), message, null)
                : SecretProviderException.permanent(providerId, e.secretName().orElse(null), message, null);
    }

    private static Optional<Path> realFolder(Path folder) {
        try {
            Path real = folder.toRealPath();
            return Files.isDirectory(real) ? Optional.of(real) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<FileTime> modified(Path real) {
        try {
            return Optional.of(Files.getLastModifiedTime(real));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> permissions(Path real) {
        try {
            return Optional.of(PosixFilePermissions.toString(Files.getPosixFilePermissions(real)));
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.empty();
        }
    }

    /** A secret file that was read: where it was found, its content and facts about it. */
    public static final class FoundFile {
        private final Path file;
        private final byte[] content;
        private final Optional<FileTime> modified;
        private final Optional<String> permissions;

        FoundFile(Path file, byte[] content, Optional<FileTime> modified, Optional<String> permissions) {
            this.file = file;
            this.content = content;
            this.modified = modified;
            this.permissions = permissions;
        }

        /** The file in the base folder the secret was found as (before following links). */
        public Path file() {
            return file;
        }

        /** The content itself, not a copy: the caller owns it and should clear it when done. */
        public byte[] content() {
            return content;
        }

        /** When the file holding the content was last modified, where known. */
        public Optional<FileTime> modified() {
            return modified;
        }

        /** The POSIX mode of the file holding the content ({@code rw-------}), where supported. */
        public Optional<String> permissions() {
            return permissions;
        }

        /** The file only, never the content. */
        @Override
        public String toString() {
            return "FoundFile[" + file + "]";
        }
    }
}
