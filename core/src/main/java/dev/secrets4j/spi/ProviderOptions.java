package dev.secrets4j.spi;

import dev.secrets4j.internal.Durations;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The string options a {@link SecretProviderFactory} receives, read with one grammar for every
 * provider: booleans {@code true}/{@code false}, sizes {@code 65536}, {@code 64KiB}, {@code 1MiB},
 * durations {@code 500ms}, {@code 2s}, {@code PT2S}, comma-separated lists. Every error is an
 * {@link IllegalArgumentException} naming the option, the provider, what it accepts and the
 * value it got (options are configuration, never secrets).
 *
 * <pre>{@code
 * ProviderOptions o = ProviderOptions.of("docker", OPTIONS, options);
 * o.bool("watch-service").ifPresent(builder::watchService);
 * o.duration("poll-interval").ifPresent(builder::pollInterval);
 * }</pre>
 */
public final class ProviderOptions {

    private static final Pattern SIZE = Pattern.compile("(\\d{1,15})\\s*(b|k|kb|kib|m|mb|mib|g|gb|gib)?");

    private final String providerId;
    private final Map<String, String> options;

    private ProviderOptions(String providerId, Map<String, String> options) {
        this.providerId = providerId;
        this.options = Map.copyOf(options);
    }

    /**
     * The options of provider {@code providerId}, checked against the keys it knows.
     *
     * @throws IllegalArgumentException naming every unknown key and listing the known ones
     */
    public static ProviderOptions of(String providerId, Set<String> known, Map<String, String> options) {
        Set<String> unknown = new TreeSet<>(options.keySet());
        unknown.removeAll(known);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("provider '" + providerId + "' has no option " + String.join(", ", unknown)
                    + "; its options are " + String.join(", ", new TreeSet<>(known)));
        }
        return new ProviderOptions(providerId, options);
    }

    /** The option's text, stripped of surrounding whitespace. */
    public Optional<String> string(String key) {
        return Optional.ofNullable(options.get(key)).map(String::strip);
    }

    /** {@code true} or {@code false}, in any case. */
    public Optional<Boolean> bool(String key) {
        return string(key).map(v -> switch (v.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw bad(key, "true or false");
        });
    }

    /** A size in bytes: a number, optionally with a binary unit ({@code K}, {@code KB}, {@code KiB}, {@code M}..., {@code G}...). */
    public Optional<Long> size(String key) {
        return string(key).map(v -> {
            Matcher m = SIZE.matcher(v.toLowerCase(Locale.ROOT));
            if (!m.matches()) {
                throw bad(key, "a size in bytes or with a unit, such as 1048576, 64KiB or 1MiB");
            }
            String unit = m.group(2) == null ? "b" : m.group(2);
            long multiplier = switch (unit.charAt(0)) {
                case 'k' -> 1024L;
                case 'm' -> 1024L * 1024;
                case 'g' -> 1024L * 1024 * 1024;
                default -> 1L;
            };
            try {
                return Math.multiplyExact(Long.parseLong(m.group(1)), multiplier);
            } catch (ArithmeticException e) {
                throw bad(key, "a size small enough to count in bytes");
            }
        });
    }

    /** A duration: {@code 500ms}, {@code 30s}, {@code 15m}, {@code 12h}, {@code 90d} or ISO-8601 ({@code PT2S}). */
    public Optional<Duration> duration(String key) {
        return string(key).map(v -> Durations.parse(v).orElseThrow(() -> bad(key, "a duration; " + Durations.FORMS)));
    }

    /** Comma-separated entries, each stripped; an empty entry is an error. */
    public Optional<List<String>> list(String key) {
        return string(key).map(v -> {
            List<String> out = new ArrayList<>();
            for (String part : v.split(",", -1)) {
                if (part.isBlank()) {
                    throw bad(key, "entries separated by commas, without empty entries");
                }
                out.add(part.strip());
            }
            return out;
        });
    }

    /**
     * An error for the option {@code key}: {@code option 'max-file-size' of provider 'docker' must
     * be <expected>, got '<value>'}. Control characters of the value are shown as {@code ?}.
     */
    public IllegalArgumentException bad(String key, String expected) {
        String value = Optional.ofNullable(options.get(key)).orElse("").replaceAll("\\p{Cntrl}", "?");
        return new IllegalArgumentException("option '" + key + "' of provider '" + providerId + "' must be " + expected
                + ", got '" + value + "'");
    }

    /** The option names given, never their values. */
    @Override
    public String toString() {
        return "ProviderOptions[" + providerId + ": " + new TreeSet<>(options.keySet()) + "]";
    }
}
