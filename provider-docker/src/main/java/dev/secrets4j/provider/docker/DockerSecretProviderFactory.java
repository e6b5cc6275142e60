package dev.secrets4j.provider.docker;

import dev.secrets4j.spi.ProviderOptions;
import dev.secrets4j.spi.SecretProvider;
import dev.secrets4j.spi.SecretProviderFactory;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Creates a {@link DockerSecretProvider} by id {@code docker} from string options, for catalog
 * files and Spring properties. Found through {@link java.util.ServiceLoader}.
 *
 * <p>Options (all optional):
 * <ul>
 *   <li>{@code paths}: base folders, comma-separated; default {@code /run/secrets}</li>
 *   <li>{@code trim-trailing-newline}: {@code true} or {@code false}; default {@code true}</li>
 *   <li>{@code max-file-size}: bytes, or with a unit: {@code 65536}, {@code 64KB}, {@code 1MiB}; default 1 MiB</li>
 *   <li>{@code poll-interval}: {@code 500ms}, {@code 2s}, {@code 1m} or ISO-8601 {@code PT2S}; default 2 s</li>
 *   <li>{@code watch-service}: {@code true} or {@code false} (polling only); default {@code true}</li>
 * </ul>
 */
public final class DockerSecretProviderFactory implements SecretProviderFactory {

    private static final String PATHS = "paths";
    private static final String TRIM = "trim-trailing-newline";
    private static final String MAX_FILE_SIZE = "max-file-size";
    private static final String POLL_INTERVAL = "poll-interval";
    private static final String WATCH_SERVICE = "watch-service";
    private static final Set<String> OPTIONS = Set.of(PATHS, TRIM, MAX_FILE_SIZE, POLL_INTERVAL, WATCH_SERVICE);


    /** For {@link java.util.ServiceLoader}; applications use {@link DockerSecretProvider}'s factories. */
    public DockerSecretProviderFactory() {
    }

    /** {@code docker}. */
    @Override
    public String id() {
        return DockerSecretProvider.ID;
    }

    /** {@code paths}, {@code trim-trailing-newline}, {@code max-file-size}, {@code poll-interval}, {@code watch-service}. */
    @Override
    public Set<String> options() {
        return OPTIONS;
    }

    /**
     * A provider configured by {@code options}.
     *
     * @throws IllegalArgumentException naming the option when a key is unknown or a value is bad
     */
    @Override
    public SecretProvider create(Map<String, String> options) {
        ProviderOptions o = ProviderOptions.of(DockerSecretProvider.ID, OPTIONS, options);
        DockerSecretProvider.Builder b = DockerSecretProvider.builder();
        o.list(PATHS).ifPresent(paths -> b.paths(paths(o, paths)));
        o.bool(TRIM).ifPresent(b::trimTrailingNewline);
        o.size(MAX_FILE_SIZE).ifPresent(bytes -> {
            try {
                b.maxFileSize(bytes);
            } catch (IllegalArgumentException e) {
                throw o.bad(MAX_FILE_SIZE, "a size between 1 byte and 2 GiB, such as 1048576 or 1MiB");
            }
        });
        o.duration(POLL_INTERVAL).ifPresent(interval -> {
            try {
                b.pollInterval(interval);
            } catch (IllegalArgumentException e) {
                throw o.bad(POLL_INTERVAL, "a duration between 1ms and 1 day, such as 500ms, 2s or PT2S");
            }
        });
        o.bool(WATCH_SERVICE).ifPresent(b::watchService);
        return b.build();
    }

    private static Path[] paths(ProviderOptions o, List<String> folders) {
        List<Path> out = new ArrayList<>();
        for (String folder : folders) {
            try {
                out.add(Path.of(folder));
            } catch (InvalidPathException e) {
                throw o.bad(PATHS, "valid folder paths separated by commas (" + e.getReason() + ")");
            }
        }
        return out.toArray(Path[]::new);
    }
}
