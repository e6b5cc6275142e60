package dev.secrets4j.provider.env;

import dev.secrets4j.Secret;
import dev.secrets4j.SecretFormatException;
import dev.secrets4j.SecretProviderException;
import dev.secrets4j.SecretSpec;
import dev.secrets4j.spi.KeyedHash;
import dev.secrets4j.provider.env.internal.EnvNames;
import dev.secrets4j.provider.env.internal.EnvNames.LookupPlan;
import dev.secrets4j.spi.Capability;
import dev.secrets4j.spi.SecretFiles;
import dev.secrets4j.spi.SecretProvider;
import dev.secrets4j.spi.SecretRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Reads secrets from environment variables.
 *
 * <p>For a secret named {@code N} and a prefix {@code P} it looks for {@code P+N}, then (relaxed
 * names, on by default) {@code P+N} upper-cased with dots and dashes turned into underscores, so
 * that {@code db.password} and {@code db-password} find {@code DB_PASSWORD}; then the
 * {@code _FILE} variant of each ({@code DB_PASSWORD_FILE=/run/secrets/db_password}), whose file
 * is read with the rules of {@link SecretFiles}. A variable set to the empty string counts as
 * unset. Setting both {@code X} and {@code X_FILE} is an error.
 *
 * <pre>{@code
 * SecretProvider env = EnvSecretProvider.builder().prefix("APP_").build();
 * }</pre>
 *
 * <p>Read only and thread-safe. Messages and logs name variables and files, never values.
 */
public final class EnvSecretProvider implements SecretProvider {

    static final String ID = "env";
    /** Metadata key: the variable the value (or the path of its file) came from. */
    static final String META_VARIABLE = "variable";
    /** Metadata key: the file a {@code _FILE} variable named. */
    static final String META_FILE = "file";

    private static final Logger LOG = LoggerFactory.getLogger(EnvSecretProvider.class);
    private static final Set<Capability> CAPABILITIES = Set.of(Capability.READ);

    private final Map<String, String> environment;
    private final String prefix;
    private final boolean relaxedNames;
    private final boolean fileIndirection;
    private final long maxFileSize;
    private final boolean trimTrailingNewline;
    private final KeyedHash contentVersion = KeyedHash.withRandomKey();

    private EnvSecretProvider(Builder b) {
        this.environment = b.environment == null ? System.getenv() : b.environment;
        this.prefix = b.prefix;
        this.relaxedNames = b.relaxedNames;
        this.fileIndirection = b.fileIndirection;
        this.maxFileSize = b.maxFileSize;
        this.trimTrailingNewline = b.trimTrailingNewline;
    }

    /** A provider over this process's environment ({@link System#getenv()}) with the default settings. */
    public static EnvSecretProvider create() {
        return builder().build();
    }

    /** A provider over the variables given (copied) instead of the process environment, with the default settings. */
    public static EnvSecretProvider fromMap(Map<String, String> environment) {
        return builder().environment(environment).build();
    }

    /** Starts a provider with the default settings: process environment, no prefix, relaxed names, {@code _FILE} on. */
    public static Builder builder() {
        return new Builder();
    }

    /** {@code env}. */
    @Override
    public String id() {
        return ID;
    }

    /** {@code env}, or {@code env (prefix APP_)} with a prefix. */
    @Override
    public String describe() {
        return prefix.isEmpty() ? ID : ID + " (prefix " + prefix + ")";
    }

    /** The variables looked for: {@code env (looked for APP_DB_PASSWORD, APP_DB_PASSWORD_FILE)}. */
    @Override
    public String describeLookup(SecretRef ref) {
        LookupPlan plan;
        try {
            plan = plan(ref);
        } catch (SecretFormatException e) {
            return ID + " (no environment variable can be named '" + EnvNames.shown(ref.path()) + "')";
        }
        List<String> empty = new ArrayList<>();
        for (String variable : plan.all()) {
            String value = environment.get(variable);
            if (value != null && value.isEmpty()) {
                empty.add(variable);
            }
        }
        String note = empty.isEmpty() ? ""
                : "; " + String.join(", ", empty) + (empty.size() == 1 ? " is" : " are") + " set but empty, which counts as unset";
        return ID + " (looked for " + String.join(", ", plan.all()) + note + ")";
    }

    /** {@link Capability#READ} only. */
    @Override
    public Set<Capability> capabilities() {
        return CAPABILITIES;
    }

    /**
     * The value of the first variable found for {@code ref}'s path, or of the file its
     * {@code _FILE} variable names. The secret's metadata holds {@code variable} (the variable
     * used) and, for a file, {@code file}; its version is {@code "1"} for a plain variable and a
     * keyed hash of the content for a file.
     *
     * @throws SecretFormatException   when no environment variable can have the name
     * @throws SecretProviderException when both {@code X} and {@code X_FILE} are set, or the file
     *                                 is missing, too large, not a regular file or unreadable
     */
    @Override
    public Optional<Secret> get(SecretRef ref) {
        String name = ref.path();
        LookupPlan plan = plan(ref);
        for (int i = 0; i < plan.files().size(); i++) {
            String plain = plan.plain().get(i);
            String file = plan.files().get(i);
            if (isSet(plain) && isSet(file)) {
                throw SecretProviderException.permanent(ID, name, "secret '" + name + "' is set twice in " + describe()
                        + ": both " + plain + " and " + file + " are set; set one of them", null);
            }
        }
        for (String variable : plan.plain()) {
            if (isSet(variable)) {
                LOG.debug("secret '{}' found in environment variable {}", name, variable);
                return Optional.of(Secret.builder(name, environment.get(variable))
                        .version("1").providerId(ID).metadata(META_VARIABLE, variable).build());
            }
        }
        for (String variable : plan.files()) {
            if (isSet(variable)) {
                return Optional.of(readFile(name, variable, environment.get(variable)));
            }
        }
        LOG.debug("secret '{}' not found in {}", name, describeLookup(ref));
        return Optional.empty();
    }

    /**
     * Permission findings of the file a {@code _FILE} variable named (group- or world-readable
     * is a warning, world-writable an error); nothing for a plain variable.
     */
    @Override
    public List<SecretSpec.Violation> inspect(Secret secret) {
        Optional<String> file = secret.metadata(META_FILE);
        Optional<String> variable = secret.metadata(META_VARIABLE);
        if (file.isEmpty() || variable.isEmpty()) {
            return List.of();
        }
        List<SecretSpec.Violation> out = new ArrayList<>();
        for (SecretSpec.Violation v : SecretFiles.permissionViolations(Path.of(file.get()))) {
            out.add(new SecretSpec.Violation(v.severity(), v.message() + " (file named by " + variable.get() + ")"));
        }
        return List.copyOf(out);
    }

    /** {@code EnvSecretProvider[env (prefix APP_)]}: settings only, never variables' values. */
    @Override
    public String toString() {
        return "EnvSecretProvider[" + describe() + ", relaxed names " + relaxedNames + ", _FILE " + fileIndirection + "]";
    }

    private LookupPlan plan(SecretRef ref) {
        return EnvNames.plan(ID, prefix, ref.path(), relaxedNames, fileIndirection);
    }

    private boolean isSet(String variable) {
        String value = environment.get(variable);
        return value != null && !value.isEmpty();
    }

    private Secret readFile(String name, String variable, String pathText) {
        String fix = "; create the file, correct " + variable + " or unset it";
        Path path;
        try {
            path = Path.of(pathText);
        } catch (InvalidPathException e) {
            throw SecretProviderException.permanent(ID, name, "secret '" + name + "' cannot be read from " + describe()
                    + ": " + variable + " holds '" + EnvNames.shown(pathText) + "', which is not a valid path" + fix, null);
        }
        if (!Files.exists(path)) {
            throw SecretProviderException.permanent(ID, name, "secret '" + name + "' cannot be read from " + describe()
                    + ": " + variable + " names the file " + EnvNames.shown(pathText) + ", which does not exist" + fix, null);
        }
        byte[] content;
        try {
            content = SecretFiles.read(ID, name, path, maxFileSize, trimTrailingNewline);
        } catch (SecretProviderException e) {
            String message = e.getMessage() + " (the file is named by " + variable + ")";
            throw e.isRetryable()
                    ? SecretProviderException.retryable(ID, name, message, e)
                    : SecretProviderException.permanent(ID, name, message, e);
        }
        try {
            LOG.debug("secret '{}' read from file {} named by environment variable {}", name, path, variable);
            return Secret.builder(name, content).version(contentVersion.version(content)).providerId(ID)
                    .metadata(META_VARIABLE, variable).metadata(META_FILE, path.toString()).build();
        } finally {
            Arrays.fill(content, (byte) 0);
        }
    }

    /** Builds an {@link EnvSecretProvider}; every setter checks its argument at once. */
    public static final class Builder {
        private Map<String, String> environment;
        private String prefix = "";
        private boolean relaxedNames = true;
        private boolean fileIndirection = true;
        private long maxFileSize = SecretFiles.DEFAULT_MAX_BYTES;
        private boolean trimTrailingNewline = true;

        private Builder() {
        }

        /** Reads these variables (copied) instead of {@link System#getenv()}; for tests and embedding. */
        public Builder environment(Map<String, String> environment) {
            Objects.requireNonNull(environment, "environment");
            Map<String, String> copy = new LinkedHashMap<>();
            environment.forEach((k, v) -> {
                if (k == null || v == null) {
                    throw new IllegalArgumentException("environment must not hold null names or values, got a null "
                            + (k == null ? "variable name" : "value for variable " + EnvNames.shown(k)));
                }
                copy.put(k, v);
            });
            this.environment = Map.copyOf(copy);
            return this;
        }

        /** Prepends {@code prefix} to every variable name ({@code APP_}); upper-case letters, digits and underscores. Default none. */
        public Builder prefix(String prefix) {
            this.prefix = EnvNames.checkPrefix("prefix", prefix);
            return this;
        }

        /** Whether {@code db.password}, {@code db-password} and {@code Db_Password} also find {@code DB_PASSWORD}. Default true. */
        public Builder relaxedNames(boolean relaxedNames) {
            this.relaxedNames = relaxedNames;
            return this;
        }

        /** Whether {@code NAME_FILE} variables are followed to the file they name. Default true. */
        public Builder fileIndirection(boolean fileIndirection) {
            this.fileIndirection = fileIndirection;
            return this;
        }

        /** The largest file a {@code _FILE} variable may name, in bytes. Default {@link SecretFiles#DEFAULT_MAX_BYTES} (1 MiB). */
        public Builder maxFileSize(long maxFileSize) {
            this.maxFileSize = SecretFiles.checkLimit("maxFileSize", maxFileSize);
            return this;
        }

        /** Whether one trailing newline ({@code \n} or {@code \r\n}) of a file's content is removed. Default true. */
        public Builder trimTrailingNewline(boolean trimTrailingNewline) {
            this.trimTrailingNewline = trimTrailingNewline;
            return this;
        }

        /** The provider. */
        public EnvSecretProvider build() {
            return new EnvSecretProvider(this);
        }
    }
}
