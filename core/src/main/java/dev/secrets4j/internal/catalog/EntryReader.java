package dev.secrets4j.internal.catalog;

import dev.secrets4j.internal.Durations;

import dev.secrets4j.Catalog;
import dev.secrets4j.SecretFormatException;
import dev.secrets4j.SecretSpec;
import dev.secrets4j.internal.spec.Specs;
import dev.secrets4j.spi.SecretRef;

import dev.secrets4j.rotation.RotationStrategy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads one {@code - name: ...} entry of a catalog into a {@link Catalog.Entry}: checks every
 * key, every value and every pairing of a format with its modifiers, and maps them to specs.
 */
final class EntryReader {

    /** Every key an entry may have, in the order the documentation lists them. */
    static final List<String> KEYS = List.of("name", "description", "required", "from", "type", "format",
            "min-length", "not-blank", "pattern", "min-bits", "min-bytes", "cert-warn-days", "fields",
            "rotate-every", "warn-before", "grace", "strategy");

    /** Every format, in the order the documentation lists them. */
    static final List<String> FORMATS = List.of("rsa-private-key", "public-key", "x509-certificate", "base64",
            "json-object", "url");

    /** Each modifier and the one format it belongs to. */
    private static final Map<String, String> MODIFIER_FORMAT = Map.of(
            "min-bits", "rsa-private-key",
            "min-bytes", "base64",
            "cert-warn-days", "x509-certificate",
            "fields", "json-object");

    static final int DEFAULT_MIN_BITS = 2048;
    static final int DEFAULT_MIN_BYTES = 32;
    static final int DEFAULT_CERT_WARN_DAYS = 30;

    private final CatalogErrors errors;
    private final Map<String, Integer> namesSeen;

    /** {@code namesSeen} maps each name read so far to its line, across the whole catalog. */
    EntryReader(CatalogErrors errors, Map<String, Integer> namesSeen) {
        this.errors = errors;
        this.namesSeen = namesSeen;
    }

    /** The entry, or empty when it has errors (recorded). {@code number} counts from 1. */
    Optional<Catalog.Entry> read(Node node, int number) {
        if (!(node instanceof Node.Mapping entry)) {
            errors.add(node.line(), "secret #" + number + " must be a mapping with at least a name, such as "
                    + "'- name: DB_PASSWORD', got " + FieldReader.got(node));
            return Optional.empty();
        }
        int errorsBefore = errors.count();
        Optional<String> name = name(entry, number);
        FieldReader fields = new FieldReader(errors,
                name.map(n -> "secret '" + Names.printable(n) + "'").orElse("secret #" + number));
        for (Node.Field field : entry.fields()) {
            if (!KEYS.contains(field.key())) {
                errors.add(field.line(), "unknown key '" + Names.printable(field.key()) + "' in " + fields.owner() + "; "
                        + Names.suggest(field.key(), KEYS).map(k -> "did you mean '" + k + "'? ").orElse("")
                        + "known keys: " + String.join(", ", KEYS));
            }
        }
        Optional<String> description = entry.field("description").flatMap(fields::text);
        boolean required = entry.field("required").flatMap(fields::bool).orElse(true);
        Optional<String> from = entry.field("from").flatMap(f -> reference(fields, f));
        Optional<String> type = entry.field("type").flatMap(fields::text);
        List<SecretSpec> specs = specs(entry, fields);
        Optional<Duration> rotateEvery = entry.field("rotate-every").flatMap(fields::duration);
        Optional<Duration> warnBefore = entry.field("warn-before").flatMap(fields::duration);
        Optional<Duration> grace = entry.field("grace").flatMap(fields::duration);
        Optional<RotationStrategy> strategy = entry.field("strategy").flatMap(f -> strategy(fields, f));
        checkRotation(entry, fields, rotateEvery, warnBefore);
        checkRotationExtras(entry, fields, rotateEvery, grace);
        if (errors.count() > errorsBefore || name.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Catalog.Entry(name.get(), required, from, specs, type, rotateEvery, warnBefore,
                description, grace, strategy));
    }

    /** The entry's name, also when it is invalid (an error is recorded), so that later messages can use it. */
    private Optional<String> name(Node.Mapping entry, int number) {
        Optional<Node.Field> field = entry.field("name");
        if (field.isEmpty()) {
            errors.add(entry.line(), "secret #" + number + " has no 'name'; add one, such as name: DB_PASSWORD");
            return Optional.empty();
        }
        Optional<String> name = new FieldReader(errors, "secret #" + number).text(field.get());
        if (name.isEmpty()) {
            return name;
        }
        if (name.get().codePoints().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            errors.add(field.get().line(), "name '" + Names.printable(name.get()) + "' of secret #" + number
                    + " contains whitespace or control characters; use letters, digits, '_', '-' or '.'");
            return name;
        }
        Integer first = namesSeen.putIfAbsent(name.get(), field.get().line());
        if (first != null) {
            errors.add(field.get().line(), "duplicate secret '" + name.get() + "' (first declared on line " + first
                    + "); declare each secret once");
        }
        return name;
    }

    private Optional<String> reference(FieldReader fields, Node.Field field) {
        Optional<String> text = fields.text(field);
        try {
            text.ifPresent(SecretRef::parse);
            return text;
        } catch (SecretFormatException e) {
            fields.error(field, "is not a reference: " + e.getMessage());
            return Optional.empty();
        }
    }

    private List<SecretSpec> specs(Node.Mapping entry, FieldReader fields) {
        List<SecretSpec> specs = new ArrayList<>();
        entry.field("not-blank").flatMap(fields::bool).filter(b -> b).ifPresent(b -> specs.add(Specs.notBlank()));
        entry.field("min-length").flatMap(f -> fields.integer(f, 1, "32")).ifPresent(n -> specs.add(Specs.minLength(n)));
        entry.field("pattern").flatMap(f -> pattern(fields, f)).ifPresent(specs::add);
        Optional<String> format = entry.field("format").flatMap(f -> format(fields, f));
        Optional<Integer> minBits = entry.field("min-bits").flatMap(f -> fields.integer(f, 1, "4096"));
        Optional<Integer> minBytes = entry.field("min-bytes").flatMap(f -> fields.integer(f, 1, "32"));
        Optional<Integer> warnDays = entry.field("cert-warn-days").flatMap(f -> fields.integer(f, 0, "14"));
        Optional<List<String>> jsonFields = entry.field("fields").flatMap(f -> fields.textList(f, "[username, password]"));
        boolean formatBroken = entry.field("format").isPresent() && format.isEmpty();
        for (Map.Entry<String, String> modifier : MODIFIER_FORMAT.entrySet()) {
            entry.field(modifier.getKey()).ifPresent(f -> {
                if (format.isEmpty() && !formatBroken) {
                    fields.error(f, "needs 'format: " + modifier.getValue() + "'; add it or remove '" + f.key() + "'");
                } else if (format.isPresent() && !format.get().equals(modifier.getValue())) {
                    fields.error(f, "applies only to format " + modifier.getValue() + ", not " + format.get()
                            + "; remove '" + f.key() + "' or change the format");
                }
            });
        }
        format.map(f -> switch (f) {
            case "rsa-private-key" -> Specs.rsaPrivateKey(minBits.orElse(DEFAULT_MIN_BITS));
            case "public-key" -> Specs.publicKey();
            case "x509-certificate" -> Specs.x509Certificate(Duration.ofDays(warnDays.orElse(DEFAULT_CERT_WARN_DAYS)));
            case "base64" -> Specs.base64(minBytes.orElse(DEFAULT_MIN_BYTES));
            case "json-object" -> Specs.jsonObject(jsonFields.orElse(List.of()));
            default -> Specs.url();
        }).ifPresent(specs::add);
        return specs;
    }

    private Optional<SecretSpec> pattern(FieldReader fields, Node.Field field) {
        Optional<String> regex = fields.text(field);
        try {
            regex.ifPresent(Pattern::compile);
        } catch (PatternSyntaxException e) {
            fields.error(field, "is not a valid regular expression: " + e.getDescription() + " near index "
                    + e.getIndex() + "; fix it (quote it in YAML if it holds ': ' or starts with a special character)");
            return Optional.empty();
        }
        return regex.map(Specs::pattern);
    }

    private Optional<String> format(FieldReader fields, Node.Field field) {
        Optional<String> format = fields.text(field);
        if (format.isPresent() && !FORMATS.contains(format.get())) {
            fields.error(field, "has unknown format '" + Names.printable(format.get()) + "'; "
                    + Names.suggest(format.get(), FORMATS).map(f -> "did you mean '" + f + "'? ").orElse("")
                    + "known formats: " + String.join(", ", FORMATS));
            return Optional.empty();
        }
        return format;
    }

    private static Optional<RotationStrategy> strategy(FieldReader fields, Node.Field field) {
        Optional<String> text = fields.text(field);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        for (RotationStrategy s : RotationStrategy.values()) {
            if (s.name().equalsIgnoreCase(text.get())) {
                return Optional.of(s);
            }
        }
        fields.error(field, "must be single, dual or staged, got '" + Names.printable(text.get()) + "'");
        return Optional.empty();
    }

    private void checkRotationExtras(Node.Mapping entry, FieldReader fields, Optional<Duration> rotateEvery,
                                     Optional<Duration> grace) {
        for (String key : List.of("grace", "strategy")) {
            Optional<Node.Field> field = entry.field(key);
            if (field.isPresent() && entry.field("rotate-every").isEmpty()) {
                fields.error(field.get(), "needs 'rotate-every' (it is part of the rotation policy); add rotate-every or remove "
                        + key);
            }
        }
        if (grace.isPresent() && rotateEvery.isPresent() && grace.get().compareTo(rotateEvery.get()) >= 0) {
            fields.error(entry.field("grace").orElseThrow(), "must be shorter than 'rotate-every' ("
                    + Durations.format(grace.get()) + " is not shorter than " + Durations.format(rotateEvery.get()) + ")");
        }
    }

    private void checkRotation(Node.Mapping entry, FieldReader fields, Optional<Duration> rotateEvery,
                               Optional<Duration> warnBefore) {
        Optional<Node.Field> warnField = entry.field("warn-before");
        if (warnField.isEmpty() || warnBefore.isEmpty()) {
            return;
        }
        if (entry.field("rotate-every").isEmpty()) {
            fields.error(warnField.get(), "needs 'rotate-every' (it warns that long before rotation is due); "
                    + "add rotate-every or remove warn-before");
        } else if (rotateEvery.isPresent() && warnBefore.get().compareTo(rotateEvery.get()) >= 0) {
            fields.error(warnField.get(), "must be shorter than 'rotate-every' (" + Durations.format(warnBefore.get())
                    + " is not shorter than " + Durations.format(rotateEvery.get()) + ")");
        }
    }
}
