package dev.secrets4j.examples;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Creates the example's secret folders: the development folder with every secret the catalog
 * requires (files reused when they exist), and a broken copy that lacks one required secret and
 * holds one that is too weak. Prints what it did, never a value.
 */
final class DevSecrets {

    static final String DB_PASSWORD = "DB_PASSWORD";
    static final String JWT_PRIVATE_KEY = "JWT_PRIVATE_KEY";
    static final String API_KEY = "API_KEY";

    /** Matches {@code min-length: 32} in the catalog. */
    static final int PASSWORD_LENGTH = 32;
    /** Matches {@code min-bits: 4096} in the catalog. */
    static final int KEY_BITS = 4096;
    /** Too weak for the catalog, so the fail-fast boot reports it. */
    static final int WEAK_KEY_BITS = 1024;
    static final int API_KEY_LENGTH = 40;

    private final SecretGenerator generator = new SecretGenerator();
    private final PrintStream out;

    DevSecrets(PrintStream out) {
        this.out = out;
    }

    /** Makes sure {@code folder} holds DB_PASSWORD, JWT_PRIVATE_KEY and API_KEY, creating what is missing. */
    void ensure(Path folder) throws IOException {
        boolean created = PrivateFiles.createFolder(folder);
        out.println("   folder " + folder + (created ? " created" : " exists") + modeSuffix(folder));
        ensureFile(folder.resolve(DB_PASSWORD), PASSWORD_LENGTH + " random characters",
                () -> generator.password(PASSWORD_LENGTH));
        ensureFile(folder.resolve(JWT_PRIVATE_KEY), "RSA " + KEY_BITS + " private key, PKCS#8 PEM",
                () -> generator.rsaPrivateKeyPem(KEY_BITS));
        ensureFile(folder.resolve(API_KEY), API_KEY_LENGTH + " random characters",
                () -> generator.password(API_KEY_LENGTH));
    }

    /**
     * Rebuilds {@code folder} as a broken secrets folder: no DB_PASSWORD, a JWT_PRIVATE_KEY of
     * only {@value #WEAK_KEY_BITS} bits, and a good API_KEY.
     */
    void makeBroken(Path folder) throws IOException {
        PrivateFiles.createFolder(folder);
        Files.deleteIfExists(folder.resolve(DB_PASSWORD));
        write(folder.resolve(JWT_PRIVATE_KEY), generator.rsaPrivateKeyPem(WEAK_KEY_BITS));
        write(folder.resolve(API_KEY), generator.password(API_KEY_LENGTH));
        out.println("   folder " + folder + ": no " + DB_PASSWORD + ", " + JWT_PRIVATE_KEY + " is an RSA "
                + WEAK_KEY_BITS + " key, " + API_KEY + " is fine");
    }

    /** Gives DB_PASSWORD a new random value through an atomic rename. */
    void rotatePassword(Path folder) throws IOException {
        write(folder.resolve(DB_PASSWORD), generator.password(PASSWORD_LENGTH));
    }

    /** Gives JWT_PRIVATE_KEY a new RSA key through an atomic rename. */
    void rotateJwtKey(Path folder) throws IOException {
        write(folder.resolve(JWT_PRIVATE_KEY), generator.rsaPrivateKeyPem(KEY_BITS));
    }

    private void ensureFile(Path file, String what, ValueSource source) throws IOException {
        String name = file.getFileName().toString();
        if (Files.exists(file)) {
            out.println("   reused  " + pad(name) + "  existing file" + modeSuffix(file) + " (delete it to regenerate)");
            return;
        }
        byte[] value = source.next();
        try {
            PrivateFiles.create(file, value);
        } finally {
            Arrays.fill(value, (byte) 0);
        }
        out.println("   created " + pad(name) + "  " + what + modeSuffix(file));
    }

    private static void write(Path file, byte[] value) throws IOException {
        try {
            PrivateFiles.replace(file, value);
        } finally {
            Arrays.fill(value, (byte) 0);
        }
    }

    private static String modeSuffix(Path path) throws IOException {
        return PrivateFiles.mode(path).map(m -> ", mode " + m).orElse("");
    }

    private static String pad(String name) {
        return String.format("%-15s", name);
    }

    /** Produces a fresh value. */
    @FunctionalInterface
    private interface ValueSource {
        byte[] next();
    }
}
