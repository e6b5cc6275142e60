package dev.secrets4j.internal.catalog;

import dev.secrets4j.internal.Durations;

import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the value of one key of one secret as the type the key needs, or records an error on
 * the key's line naming the key, the secret, what it got and what to write instead.
 */
final class FieldReader {

    private final CatalogErrors errors;
    private final String owner;

    /** {@code owner} names the secret in messages: {@code secret 'DB_PASSWORD'}, {@code secret #3}. */
    FieldReader(CatalogErrors errors, String owner) {
        this.errors = errors;
        this.owner = owner;
    }

    /** The secret as messages name it. */
    String owner() {
        return owner;
    }

    /** Records an error about a key of this secret: {@code 'min-bits' in secret 'X' <problem>}. */
    void error(Node.Field field, String problem) {
        if (isAlias(field.value())) {
            return;
        }
        errors.add(field.line(), "'" + field.key() + "' in " + owner + " " + problem);
    }

    /** Non-blank text. */
    Optional<String> text(Node.Field field) {
        if (field.value() instanceof Node.Scalar s && s.type() == Node.ScalarKind.TEXT) {
            if (s.text().isBlank()) {
                error(field, "is empty; give a value or remove the key");
                return Optional.empty();
            }
            return Optional.of(s.text());
        }
        boolean number = field.value() instanceof Node.Scalar s
                && (s.type() == Node.ScalarKind.INTEGER || s.type() == Node.ScalarKind.DECIMAL);
        error(field, "must be text, got " + got(field.value()) + (number ? "; quote it" : ""));
        return Optional.empty();
    }

    /** {@code true} or {@code false}. */
    Optional<Boolean> bool(Node.Field field) {
        if (field.value() instanceof Node.Scalar s && s.type() == Node.ScalarKind.BOOLEAN) {
            return Optional.of(Boolean.parseBoolean(s.text()));
        }
        error(field, "must be true or false, got " + got(field.value()));
        return Optional.empty();
    }

    /** A whole number of at least {@code min}; {@code example} shows one, such as {@code 32}. */
    Optional<Integer> integer(Node.Field field, int min, String example) {
        if (!(field.value() instanceof Node.Scalar s) || s.type() != Node.ScalarKind.INTEGER) {
            error(field, "must be a whole number such as " + field.key() + ": " + example + ", got " + got(field.value()));
            return Optional.empty();
        }
        BigInteger value = new BigInteger(s.text());
        if (value.compareTo(BigInteger.valueOf(min)) < 0) {
            error(field, "must be at least " + min + ", got " + value);
            return Optional.empty();
        }
        if (value.bitLength() >= Integer.SIZE) {
            error(field, "must be at most " + Integer.MAX_VALUE + ", got " + value);
            return Optional.empty();
        }
        return Optional.of(value.intValueExact());
    }

    /** A list of non-blank texts; {@code example} shows one, such as {@code [username, password]}. */
    Optional<List<String>> textList(Node.Field field, String example) {
        if (!(field.value() instanceof Node.Sequence sequence)) {
            error(field, "must be a list such as " + field.key() + ": " + example + ", got " + got(field.value()));
            return Optional.empty();
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < sequence.items().size(); i++) {
            Node item = sequence.items().get(i);
            if (!(item instanceof Node.Scalar s) || s.type() != Node.ScalarKind.TEXT || s.text().isBlank()) {
                error(field, "must hold only names such as " + example + ", but item " + (i + 1) + " is " + got(item));
                return Optional.empty();
            }
            out.add(s.text());
        }
        return Optional.of(out);
    }

    /** A positive duration: {@code 90d}, {@code PT12H}. */
    Optional<Duration> duration(Node.Field field) {
        if (!(field.value() instanceof Node.Scalar s) || s.type() != Node.ScalarKind.TEXT) {
            error(field, "must be a duration with a unit, got " + got(field.value()) + "; " + Durations.FORMS);
            return Optional.empty();
        }
        Optional<Duration> duration = Durations.parse(s.text());
        if (duration.isEmpty()) {
            error(field, "is not a duration: '" + Names.printable(s.text()) + "'; " + Durations.FORMS);
            return Optional.empty();
        }
        if (duration.get().isNegative() || duration.get().isZero()) {
            error(field, "must be longer than zero, got '" + Names.printable(s.text()) + "'");
            return Optional.empty();
        }
        return duration;
    }

    private static boolean isAlias(Node node) {
        return node instanceof Node.Scalar s && s.type() == Node.ScalarKind.ALIAS;
    }

    /** What a node holds, for "got ...": {@code text 'abc'}, {@code a whole number -5}, {@code a list}. */
    static String got(Node node) {
        if (node instanceof Node.Scalar s) {
            return switch (s.type()) {
                case TEXT -> "text '" + Names.printable(s.text()) + "'";
                case INTEGER, DECIMAL -> s.kind() + " " + s.text();
                case BOOLEAN -> s.text();
                default -> s.kind();
            };
        }
        return node.kind();
    }
}
