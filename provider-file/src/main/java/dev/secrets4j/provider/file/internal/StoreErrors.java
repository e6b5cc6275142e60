package dev.secrets4j.provider.file.internal;

import dev.secrets4j.SecretProviderException;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The store's error messages, in the house order: what failed, which secret, which provider and
 * file, what to do. None quotes a value or file content.
 *
 * @param providerId the provider id, {@code file}
 * @param where      the store for messages, {@code file:/var/lib/app/secrets}
 */
public record StoreErrors(String providerId, String where) {

    /** A secret file that does not parse or failed its integrity check. */
    public SecretProviderException damaged(String name, Path file, String reason) {
        return SecretProviderException.permanent(providerId, name, "secret '" + name + "' from " + where + ": file " + file
                + " is refused: " + reason + "; restore the file from a backup of the store folder, or delete it to drop the secret", null);
    }

    /** A version whose value does not decrypt: altered ciphertext, nonce, or associated data. */
    public SecretProviderException undecryptable(String name, Path file, String version) {
        return SecretProviderException.permanent(providerId, name, "secret '" + name + "' version " + version + " from "
                + where + ": its value in file " + file + " failed AES-GCM authentication (altered, damaged, or moved from"
                + " another secret or version); restore the file from a backup of the store folder", null);
    }

    /** A path that is a link, a folder or too large where the store expects its own file. */
    public SecretProviderException badFile(String name, StoreFiles.BadFileException e) {
        return SecretProviderException.permanent(providerId, name, subject(name) + ": file " + e.getFile() + " is refused: "
                + e.getReason() + "; remove it or restore the store folder from a backup", null);
    }

    /** A failed read; denied access is permanent, anything else may pass. */
    public SecretProviderException readFailed(String name, Path file, IOException e) {
        return io(name, file, e, "read");
    }

    /** A failed write; denied access is permanent, anything else may pass. */
    public SecretProviderException writeFailed(String name, Path file, IOException e) {
        return io(name, file, e, "written");
    }

    /** The store lock stayed held by another writer for the whole timeout. */
    public SecretProviderException locked(String name, Path lockFile, Duration timeout) {
        return SecretProviderException.retryable(providerId, name, subject(name) + ": the store stayed locked by another"
                + " writer for " + timeout.toMillis() + " ms (lock file " + lockFile + "); try again, or find the process"
                + " holding the lock", null);
    }

    /** The thread was interrupted while waiting for the store lock. */
    public SecretProviderException interrupted(String name, Path lockFile) {
        return SecretProviderException.retryable(providerId, name, subject(name) + ": interrupted while waiting for the"
                + " store lock " + lockFile + "; try again", null);
    }

    /** The provider was closed. */
    public SecretProviderException closed(String name) {
        return SecretProviderException.permanent(providerId, name, subject(name) + ": the provider is closed;"
                + " build a new FileSecretProvider", null);
    }

    /** The store could not be opened or changed as a whole (no secret concerned). */
    public SecretProviderException store(String problem, boolean retryable) {
        String message = "store " + where + ": " + problem;
        return retryable ? SecretProviderException.retryable(providerId, null, message, null)
                : SecretProviderException.permanent(providerId, null, message, null);
    }

    /** A rule of versions and stages was broken: not retryable. */
    public SecretProviderException refused(String name, String problem) {
        return SecretProviderException.permanent(providerId, name, problem, null);
    }

    private SecretProviderException io(String name, Path file, IOException e, String verb) {
        if (e instanceof AccessDeniedException) {
            return SecretProviderException.permanent(providerId, name, subject(name) + ": file " + file + " could not be "
                    + verb + ": access denied; give the application's user read and write access to the store folder", null);
        }
        return SecretProviderException.retryable(providerId, name, subject(name) + ": file " + file + " could not be "
                + verb + " (" + e.getClass().getSimpleName() + "); check the disk and the folder, then try again", null);
    }

    private String subject(String name) {
        return name == null ? "store " + where : "secret '" + name + "' from " + where;
    }
}
