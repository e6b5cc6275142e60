package dev.secrets4j.provider.env;

import dev.secrets4j.provider.env.internal.EnvNames;
import dev.secrets4j.spi.ProviderOptions;
import dev.secrets4j.spi.SecretProvider;
import dev.secrets4j.spi.SecretProviderFactory;

import java.util.Map;
import java.util.Set;

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
        ProviderOptions o = ProviderOptions.of(EnvSecretProvider.ID, OPTIONS, options);
        EnvSecretProvider.Builder b = EnvSecretProvider.builder().environment(environment);
        o.string(PREFIX).ifPresent(prefix -> {
            try {
                b.prefix(prefix);
            } catch (IllegalArgumentException e) {
                throw o.bad(PREFIX, "upper-case letters, digits and underscores ([A-Z0-9_]*), such as APP_");
            }
        });
        o.bool(RELAXED_NAMES).ifPresent(b::relaxedNames);
        o.bool(FILE_INDIRECTION).ifPresent(b::fileIndirection);
        o.bool(TRIM_TRAILING_NEWLINE).ifPresent(b::trimTrailingNewline);
        o.size(MAX_FILE_SIZE).ifPresent(bytes -> {
            try {
                b.maxFileSize(bytes);
            } catch (IllegalArgumentException e) {
                throw o.bad(MAX_FILE_SIZE, "a positive number of bytes up to 2 GiB, optionally with KiB or MiB, such as 1048576 or 64KiB");
            }
        });
        return b.build();
    }
}
