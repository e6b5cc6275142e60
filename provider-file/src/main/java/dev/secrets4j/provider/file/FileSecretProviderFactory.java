package dev.secrets4j.provider.file;

import dev.secrets4j.SecretsException;
import dev.secrets4j.SecretSpec;
import dev.secrets4j.spi.ProviderOptions;
import dev.secrets4j.spi.SecretFiles;
import dev.secrets4j.spi.SecretProvider;
import dev.secrets4j.spi.SecretProviderFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Creates a {@link FileSecretProvider} by id {@code file} from string options, for catalog files
 * and Spring properties. Found through {@link java.util.ServiceLoader}.
 *
 * <p>The master secret is never an option value: it comes from an environment variable or a file
 * that the options name. Options:
 * <ul>
 *   <li>{@code folder}: the store's folder (required)</li>
 *   <li>{@code master-secret-env}: the name of an environment variable holding the master secret, or</li>
 *   <li>{@code master-secret-file}: a file holding it (one trailing newline is ignored); exactly one of the two</li>
 *   <li>{@code create}: {@code true} (default) or {@code false}: whether a missing or empty folder becomes a new store</li>
 *   <li>{@code kdf}: {@code pbkdf2} (default) or {@code argon2id}, for a new store or {@code upgrade-kdf}</li>
 *   <li>{@code kdf-iterations}: PBKDF2 iterations (default 600000, the minimum) or Argon2id passes (default 2)</li>
 *   <li>{@code kdf-memory}: Argon2id memory, a size such as {@code 19MiB} (default) or {@code 64MiB}</li>
 *   <li>{@code kdf-parallelism}: Argon2id lanes (default 1)</li>
 *   <li>{@code upgrade-kdf}: {@code true} or {@code false} (default): re-wrap at open when the store's KDF is weaker</li>
 *   <li>{@code lock-timeout}: how long a write waits for another writer, such as {@code 10s} (default)</li>
 *   <li>{@code max-previous-versions}: previous versions kept per secret (default 100)</li>
 * </ul>
 */
public final class FileSecretProviderFactory implements SecretProviderFactory {

    private static final Logger LOG = LoggerFactory.getLogger(FileSecretProviderFactory.class);

    private static final String FOLDER = "folder";
    private static final String MASTER_ENV = "master-secret-env";
    private static final String MASTER_FILE = "master-secret-file";
    private static final String CREATE = "create";
    private static final String KDF = "kdf";
    private static final String KDF_ITERATIONS = "kdf-iterations";
    private static final String KDF_MEMORY = "kdf-memory";
    private static final String KDF_PARALLELISM = "kdf-parallelism";
    private static final String UPGRADE_KDF = "upgrade-kdf";
    private static final String LOCK_TIMEOUT = "lock-timeout";
    private static final String MAX_PREVIOUS = "max-previous-versions";
    private static final Set<String> OPTIONS = Set.of(FOLDER, MASTER_ENV, MASTER_FILE, CREATE, KDF, KDF_ITERATIONS,
            KDF_MEMORY, KDF_PARALLELISM, UPGRADE_KDF, LOCK_TIMEOUT, MAX_PREVIOUS);
    private static final long MAX_MASTER_SECRET_FILE = 64 * 1024;

    private final UnaryOperator<String> environment;

    /** For {@link java.util.ServiceLoader}; applications use {@link FileSecretProvider#builder()}. */
    public FileSecretProviderFactory() {
        this(System::getenv);
    }

    /** A factory reading environment variables through {@code environment}, for tests. */
    FileSecretProviderFactory(UnaryOperator<String> environment) {
        this.environment = Objects.requireNonNull(environment, "environment");
    }

    /** {@code file}. */
    @Override
    public String id() {
        return FileSecretProvider.ID;
    }

    /** Every option key; see the class description. */
    @Override
    public Set<String> options() {
        return OPTIONS;
    }

    /**
     * A provider configured by {@code options}: opens (or creates) the store, one key derivation.
     *
     * @throws IllegalArgumentException naming the option when a key is unknown, a value is bad, or the
     *                                  master secret's variable or file is missing or empty
     * @throws dev.secrets4j.SecretProviderException when the store cannot be opened (see {@link FileSecretProvider.Builder#build()})
     */
    @Override
    public SecretProvider create(Map<String, String> options) {
        ProviderOptions o = ProviderOptions.of(FileSecretProvider.ID, OPTIONS, options);
        FileSecretProvider.Builder b = FileSecretProvider.builder();
        b.folder(folder(o));
        b.kdf(kdf(o));
        o.bool(CREATE).ifPresent(b::create);
        o.bool(UPGRADE_KDF).ifPresent(b::upgradeKdf);
        o.duration(LOCK_TIMEOUT).ifPresent(timeout -> {
            try {
                b.lockTimeout(timeout);
            } catch (IllegalArgumentException e) {
                throw o.bad(LOCK_TIMEOUT, "a duration between 1ms and 1h, such as 10s");
            }
        });
        if (o.string(MAX_PREVIOUS).isPresent()) {
            b.maxPreviousVersions(integer(o, MAX_PREVIOUS, 1, 10_000));
        }
        byte[] master = masterSecret(o);
        try {
            b.masterSecret(master);
        } finally {
            Arrays.fill(master, (byte) 0);
        }
        return b.build();
    }

    private static Path folder(ProviderOptions o) {
        String folder = o.string(FOLDER).filter(s -> !s.isEmpty()).orElseThrow(() -> new IllegalArgumentException(
                "provider '" + FileSecretProvider.ID + "' needs option '" + FOLDER + "': the store's folder, such as /var/lib/app/secrets"));
        try {
            return Path.of(folder);
        } catch (InvalidPathException e) {
            throw o.bad(FOLDER, "a valid folder path (" + e.getReason() + ")");
        }
    }

    private static Kdf kdf(ProviderOptions o) {
        String algorithm = o.string(KDF).map(s -> s.toLowerCase(Locale.ROOT)).orElse("pbkdf2");
        try {
            switch (algorithm) {
                case "pbkdf2" -> {
                    if (o.string(KDF_MEMORY).isPresent() || o.string(KDF_PARALLELISM).isPresent()) {
                        throw new IllegalArgumentException("options '" + KDF_MEMORY + "' and '" + KDF_PARALLELISM
                                + "' of provider '" + FileSecretProvider.ID + "' apply only with kdf=argon2id");
                    }
                    int iterations = o.string(KDF_ITERATIONS).isPresent()
                            ? integer(o, KDF_ITERATIONS, 1, Integer.MAX_VALUE) : Kdf.Pbkdf2.MIN_ITERATIONS;
                    return Kdf.pbkdf2(iterations);
                }
                case "argon2id" -> {
                    Kdf.Argon2id minimum = Kdf.argon2id();
                    long memoryBytes = o.size(KDF_MEMORY).orElse(minimum.memoryKiB() * 1024L);
                    if (memoryBytes / 1024 > Integer.MAX_VALUE) {
                        throw o.bad(KDF_MEMORY, "a size up to 4GiB, such as 64MiB");
                    }
                    int passes = o.string(KDF_ITERATIONS).isPresent()
                            ? integer(o, KDF_ITERATIONS, 1, Integer.MAX_VALUE) : minimum.iterations();
                    int lanes = o.string(KDF_PARALLELISM).isPresent()
                            ? integer(o, KDF_PARALLELISM, 1, Integer.MAX_VALUE) : minimum.parallelism();
                    return Kdf.argon2id((int) (memoryBytes / 1024), passes, lanes);
                }
                default -> throw o.bad(KDF, "pbkdf2 or argon2id");
            }
        } catch (IllegalArgumentException e) {
            if (e.getMessage().startsWith("option") || e.getMessage().startsWith("options")) {
                throw e;
            }
            throw new IllegalArgumentException("options kdf* of provider '" + FileSecretProvider.ID + "' are refused: "
                    + e.getMessage(), e);
        }
    }

    private byte[] masterSecret(ProviderOptions o) {
        boolean env = o.string(MASTER_ENV).isPresent();
        boolean file = o.string(MASTER_FILE).isPresent();
        if (env == file) {
            throw new IllegalArgumentException("provider '" + FileSecretProvider.ID + "' needs exactly one of the options '"
                    + MASTER_ENV + "' (the name of an environment variable holding the master secret) and '" + MASTER_FILE
                    + "' (a file holding it), got " + (env ? "both" : "neither"));
        }
        if (env) {
            String name = o.string(MASTER_ENV).orElseThrow();
            String value = environment.apply(name);
            if (value == null || value.isEmpty()) {
                throw new IllegalArgumentException("option '" + MASTER_ENV + "' of provider '" + FileSecretProvider.ID
                        + "' names environment variable '" + name + "', which is not set or empty; set it to the store's master secret");
            }
            return value.getBytes(StandardCharsets.UTF_8);
        }
        Path path;
        try {
            path = Path.of(o.string(MASTER_FILE).orElseThrow());
        } catch (InvalidPathException e) {
            throw o.bad(MASTER_FILE, "a valid file path (" + e.getReason() + ")");
        }
        byte[] value;
        try {
            value = SecretFiles.read(FileSecretProvider.ID, "master secret", path, MAX_MASTER_SECRET_FILE, true);
        } catch (SecretsException e) {
            throw new IllegalArgumentException("option '" + MASTER_FILE + "' of provider '" + FileSecretProvider.ID
                    + "': " + e.getMessage(), e);
        }
        if (value.length == 0) {
            throw new IllegalArgumentException("option '" + MASTER_FILE + "' of provider '" + FileSecretProvider.ID
                    + "' names file " + path + ", which is empty; write the store's master secret into it");
        }
        for (SecretSpec.Violation v : SecretFiles.permissionViolations(path)) {
            LOG.warn("master secret of provider '{}': {}", FileSecretProvider.ID, v.message());
        }
        return value;
    }

    private static int integer(ProviderOptions o, String key, int min, int max) {
        String text = o.string(key).orElseThrow();
        try {
            int value = Integer.parseInt(text);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below, naming the option
        }
        throw o.bad(key, "a whole number between " + min + " and " + max);
    }
}
