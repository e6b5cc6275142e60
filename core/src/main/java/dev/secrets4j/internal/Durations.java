package dev.secrets4j.internal;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads durations written by people, in catalogs and provider options: {@code 500ms}, {@code 30s},
 * {@code 15m}, {@code 12h}, {@code 90d}, or ISO-8601 ({@code P90D}, {@code PT12H}).
 */
public final class Durations {

    /** How a user is told to write a duration. */
    public static final String FORMS = "write 30s, 15m, 12h, 90d or ISO-8601 such as P90D or PT12H";

    private static final Pattern SHORT = Pattern.compile("(\\d{1,9})(ms|[smhd])");

    private Durations() {
    }

    /** The duration the text spells, or empty when it spells none (or one too large to hold). */
    public static Optional<Duration> parse(String text) {
        String s = text.strip();
        Matcher m = SHORT.matcher(s);
        try {
            if (m.matches()) {
                long amount = Long.parseLong(m.group(1));
                return Optional.of(switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(amount);
                    case "s" -> Duration.ofSeconds(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    case "h" -> Duration.ofHours(amount);
                    default -> Duration.ofDays(amount);
                });
            }
            if (s.startsWith("P") || s.startsWith("p")) {
                return Optional.of(Duration.parse(s));
            }
        } catch (DateTimeParseException | ArithmeticException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** The duration in the shortest catalog spelling that is exact: {@code 90d}, {@code 12h}, {@code PT1H30M}. */
    public static String format(Duration d) {
        long seconds = d.getSeconds();
        if (d.getNano() == 0 && seconds > 0) {
            if (seconds % 86_400 == 0) {
                return seconds / 86_400 + "d";
            }
            if (seconds % 3_600 == 0) {
                return seconds / 3_600 + "h";
            }
            if (seconds % 60 == 0) {
                return seconds / 60 + "m";
            }
            return seconds + "s";
        }
        return d.toString();
    }
}
