package dev.secrets4j.internal.catalog;

import dev.secrets4j.SecretFormatException;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The errors found in one catalog, each with its line. All of them are reported at once, in line
 * order, so a user fixes the file in one pass.
 */
final class CatalogErrors {

    private final String source;
    private final List<LineError> errors = new ArrayList<>();

    CatalogErrors(String source) {
        this.source = source;
    }

    /** Records an error on a 1-based line. */
    void add(int line, String message) {
        errors.add(new LineError(Math.max(1, line), message));
    }

    /** How many errors so far: a reader compares counts to tell whether its part had any. */
    int count() {
        return errors.size();
    }

    /** Throws one exception holding every error, if there is any. */
    void throwIfAny() {
        if (errors.isEmpty()) {
            return;
        }
        List<LineError> sorted = errors.stream().sorted(Comparator.comparingInt(LineError::line)).toList();
        if (sorted.size() == 1) {
            throw single(source, sorted.get(0).line(), sorted.get(0).message());
        }
        StringBuilder message = new StringBuilder("secrets catalog ").append(source).append(" has ")
                .append(sorted.size()).append(" errors; fix each:");
        for (LineError e : sorted) {
            message.append("\n  line ").append(e.line()).append(": ").append(e.message());
        }
        throw new SecretFormatException(message.toString());
    }

    /** {@code secrets catalog app.yaml, line 7: <message>}. */
    static SecretFormatException single(String source, int line, String message) {
        return new SecretFormatException("secrets catalog " + source + ", line " + Math.max(1, line) + ": " + message);
    }

    private record LineError(int line, String message) {
    }
}
