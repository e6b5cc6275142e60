package dev.secrets4j.provider.docker;

import dev.secrets4j.spi.SecretProvider;
import dev.secrets4j.spi.SecretProviderFactory;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

    private static final Pattern SIZE = Pattern.compile("(\\d{1,19})\\s*(b|kb|kib|k|mb|mib|m)?");
    private static final Pattern SIMPLE_DURATION = Pattern.compile("(\\d{1,12})\\s*(ms|s|m|h)");

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
        Set<String> unknown = new TreeSet<>(options.keySet());
        unknown.removeAll(OPTIONS);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("provider docker has no option " + String.join(", ", unknown)
                    + "; its options are " + String.join(", ", new TreeSet<>(OPTIONS)));
        }
        DockerSecretProvider.Builder b = DockerSecretProvider.builder();
        String paths = options.get(PATHS);
        if (paths != null) {
            b.paths(paths(paths));
        }
        String trim = options.get(TRIM);
        if (trim != null) {
            b.trimTrailingNewline(bool(TRIM, trim));
        }
        String size = options.get(MAX_FILE_SIZE);
        if (size != null) {
            long bytes = size(size);
            try {
                b.maxFileSize(bytes);
            } catch (IllegalArgumentException e) {
                throw bad(MAX_FILE_SIZE, size, "a size between 1 byte and 2 GiB, such as 1048576 or 1MiB");
            }
        }
        String poll = options.get(POLL_INTERVAL);
        if (poll != null) {
            Duration interval = duration(poll);
            try {
                b.pollInterval(interval);
            } catch (IllegalArgumentException e) {
                throw bad(POLL_INTERVAL, poll, "a duration between 1ms and 1 day, such as 500ms, 2s or PT2S");
            }
        }
        String watch = options.get(WATCH_SERVICE);
        if (watch != null) {
            b.watchService(bool(WATCH_SERVICE, watch));
        }
        return b.build();
    }

    private static Path[] paths(String value) {
        List<Path> out = new ArrayList<>();
        for (String part : value.split(",", -1)) {
            String trimmed = part.strip();
            if (trimmed.isEmpty()) {
                throw bad(PATHS, value, "folders separated by commas, without empty entries, such as /run/secrets,/etc/secrets");
            }
            try {
                out.add(Path.of(trimmed));
            } catch (InvalidPathException e) {
                throw bad(PATHS, value, "valid folder paths separated by commas (" + e.getReason() + ")");
            }
        }
        return out.toArray(Path[]::new);
    }

    private static boolean bool(String option, String value) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        if (v.equals("true") || v.equals("false")) {
            return Boolean.parseBoolean(v);
        }
        throw bad(option, value, "true or false");
    }

    private static long size(String value) {
        Matcher m = SIZE.matcher(value.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw bad(MAX_FILE_SIZE, value, "a size in bytes or with a unit, such as 1048576, 64KB or 1MiB");
        }
        long multiplier = switch (m.group(2) == null ? "b" : m.group(2)) {
            case "k", "kb", "kib" -> 1024L;
            case "m", "mb", "mib" -> 1024L * 1024;
            default -> 1L;
        };
        try {
            return Math.multiplyExact(Long.parseLong(m.group(1)), multiplier);
        } catch (ArithmeticException | NumberFormatException e) {
            throw bad(MAX_FILE_SIZE, value, "a size between 1 byte and 2 GiB, such as 1048576 or 1MiB");
        }
    }

    private static Duration duration(String value) {
        String v = value.strip();
        Matcher m = SIMPLE_DURATION.matcher(v.toLowerCase(Locale.ROOT));
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
            };
        }
        try {
            return Duration.parse(v);
        } catch (DateTimeParseException e) {
            throw bad(POLL_INTERVAL, value, "a duration such as 500ms, 2s, 1m or PT2S");
        }
    }

    private static IllegalArgumentException bad(String option, String value, String expected) {
        return new IllegalArgumentException("option '" + option + "' of provider docker must be " + expected
                + ", got '" + value + "'");
    }
}
