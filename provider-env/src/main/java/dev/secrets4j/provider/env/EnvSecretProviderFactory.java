package dev.secrets4j.provider.env;

import dev.secrets4j.provider.env.internal.EnvNames;
import dev.secrets4j.spi.SecretProvider;
import dev.secrets4j.spi.SecretProviderFactory;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Creates an {@link EnvSecretProvider} by the id {@code env} from string options, for catalogs and
 * Spring properties. Options: {@code prefix} ({@code APP_}), {@code relaxed-names},
 * {@code file-indirection}, {@code trim-trailing-newline} ({@code true} or {@code false}) and
 * {@code max-file-size} (bytes, or a number with {@code KiB} or {@code MiB}). Found by
 * {@link java.util.ServiceLoader}.
 */
public final class EnvSecretProviderFactory implements SecretProviderFactory {

    static final String PREFIX = "prefix";
    static final String RELAXED_NAMES = "relaxed-names";
    static final String FILE_INDIRECTION = "file-indirection";
    static final String MAX_FILE_SIZE = "max-file-size";
    static final String TRIM_TRAILING_NEWLINE = "trim-trailing-newline";

    private static final Set<String> OPTIONS = Set.of(PREFIX, RELAXED_NAMES, FILE_INDIRECTION, MAX_FILE_SIZE, TRIM_TRAILING_NEWLINE);

    /** Creates the factory; {@link java.util.ServiceLoader} calls it. */
    public EnvSecretProviderFactory() {
    }

    /** {@code env}. */
    @Override
    public String id() {
        return EnvSecretProvider.ID;
    }

    /** {@code prefix}, {@code relaxed-names}, {@code file-indirection}, {@code max-file-size}, {@code trim-trailing-newline}. */
    @Override
    public Set<String> options() {
        return OPTIONS;
    }

    /**
     * A provider over this process's environment with the options given.
     *
     * @throws IllegalArgumentException naming the option when a key is unknown or a value is bad
     */
    @Override
    public SecretProvider create(Map<String, String> options) {
        return create(options, System.getenv());
    }

    /** As {@link #create(Map)}, over the variables given instead of the process environment. */
    EnvSecretProvider create(Map<String, String> options, Map<String, String> environment) {
        Set<String> unknown = new TreeSet<>(options.keySet());
        unknown.removeAll(OPTIONS);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("provider '" + id() + "' has no option " + String.join(", ", unknown)
                    + "; its options are " + String.join(", ", new TreeSet<>(OPTIONS)));
        }
        EnvSecretProvider.Builder b = EnvSecretProvider.builder().environment(environment);
        String prefix = options.get(PREFIX);
        if (prefix != null) {
            try {
                b.prefix(prefix.trim());
            } catch (IllegalArgumentException e) {
                throw bad(PREFIX, prefix, "upper-case letters, digits and underscores ([A-Z0-9_]*), such as APP_");
            }
        }
        b.relaxedNames(bool(options, RELAXED_NAMES, true));
        b.fileIndirection(bool(options, FILE_INDIRECTION, true));
        b.trimTrailingNewline(bool(options, TRIM_TRAILING_NEWLINE, true));
        String size = options.get(MAX_FILE_SIZE);
        if (size != null) {
            try {
                b.maxFileSize(bytes(size));
            } catch (IllegalArgumentException e) {
                throw bad(MAX_FILE_SIZE, size, "a positive number of bytes up to 2 GiB, optionally with KiB or MiB, such as 1048576 or 64KiB");
            }
        }
        return b.build();
    }

    private boolean bool(Map<String, String> options, String key, boolean defaultValue) {
        String value = options.get(key);
        if (value == null) {
            return defaultValue;
        }
        switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true":
                return true;
            case "false":
                return false;
            default:
                throw bad(key, value, "true or false");
        }
    }

    private static long bytes(String text) {
        String s = text.trim();
        long unit = 1;
        if (s.endsWith("KiB")) {
            unit = 1024;
            s = s.substring(0, s.length() - 3).trim();
        } else if (s.endsWith("MiB")) {
            unit = 1024 * 1024;
            s = s.substring(0, s.length() - 3).trim();
        }
        if (s.isEmpty() || !s.chars().allMatch(c -> c >= '0' && c <= '9') || s.length() > 12) {
            throw new IllegalArgumentException("not a size");
        }
        return Long.parseLong(s) * unit;
    }

    private IllegalArgumentException bad(String key, String value, String accepts) {
        return new IllegalArgumentException("option '" + key + "' of provider '" + id() + "' must be " + accepts
                + ", got '" + EnvNames.shown(value) + "'");
    }
}
