package dev.secrets4j.internal.catalog;

import dev.secrets4j.Catalog;
import dev.secrets4j.SecretFormatException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Parses a secrets catalog, YAML or JSON, into its providers and entries.
 *
 * <pre>{@code
 * version: 1            # optional
 * providers:            # optional
 *   - id: docker
 *     paths: /run/secrets
 * secrets:
 *   - name: DB_PASSWORD
 *     min-length: 32
 * }</pre>
 *
 * <p>Every problem in the file is reported at once in one {@link SecretFormatException} whose
 * message names the file, the line, the key and what to do. See {@code core/docs/catalog.md}.
 */
public final class CatalogParser {

    private static final List<String> TOP_LEVEL_KEYS = List.of("secrets", "providers", "version");
    private static final String ADD_SECRETS = "add 'secrets:' followed by one '- name: ...' entry per secret";

    private CatalogParser() {
    }

    /**
     * Parses {@code text}; {@code source} names it in messages, and a {@code source} ending in
     * {@code .json} means JSON, anything else YAML.
     *
     * @throws SecretFormatException listing every error with its line
     */
    public static Catalog parse(String text, String source) {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(source, "source");
        boolean json = source.toLowerCase(Locale.ROOT).endsWith(".json");
        String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
        CatalogErrors errors = new CatalogErrors(source);
        Optional<Node> root = NodeReader.read(body, json, source, errors);
        if (root.isEmpty() || isNull(root.get())) {
            throw CatalogErrors.single(source, 1, "the file is empty; " + ADD_SECRETS);
        }
        List<Catalog.Entry> entries = entries(root.get(), errors);
        List<Catalog.ProviderConfig> providers = root.get() instanceof Node.Mapping top
                ? top.field("providers").map(f -> ProviderReader.read(f, errors)).orElse(List.of())
                : List.of();
        errors.throwIfAny();
        return Catalog.of(source, providers, entries);
    }

    private static List<Catalog.Entry> entries(Node root, CatalogErrors errors) {
        if (!(root instanceof Node.Mapping top)) {
            errors.add(root.line(), "the top level must be a mapping holding 'secrets:', got " + FieldReader.got(root)
                    + "; " + ADD_SECRETS);
            return List.of();
        }
        for (Node.Field field : top.fields()) {
            if (!TOP_LEVEL_KEYS.contains(field.key())) {
                errors.add(field.line(), "unknown top-level key '" + Names.printable(field.key()) + "'; "
                        + Names.suggest(field.key(), TOP_LEVEL_KEYS).map(k -> "did you mean '" + k + "'? ").orElse("")
                        + "known keys: " + String.join(", ", TOP_LEVEL_KEYS));
            }
        }
        top.field("version").ifPresent(field -> version(field, errors));
        Optional<Node.Field> secrets = top.field("secrets");
        if (secrets.isEmpty()) {
            errors.add(top.line(), "no 'secrets' list; " + ADD_SECRETS);
            return List.of();
        }
        if (!(secrets.get().value() instanceof Node.Sequence list)) {
            errors.add(secrets.get().line(), "'secrets' must be a list of secrets, got "
                    + FieldReader.got(secrets.get().value()) + "; write one '- name: ...' entry per secret, "
                    + "or 'secrets: []' for none");
            return List.of();
        }
        Map<String, Integer> namesSeen = new HashMap<>();
        EntryReader reader = new EntryReader(errors, namesSeen);
        List<Catalog.Entry> entries = new ArrayList<>();
        for (int i = 0; i < list.items().size(); i++) {
            reader.read(list.items().get(i), i + 1).ifPresent(entries::add);
        }
        return entries;
    }

    private static void version(Node.Field field, CatalogErrors errors) {
        if (!(field.value() instanceof Node.Scalar s) || s.type() != Node.ScalarKind.INTEGER || !s.text().equals("1")) {
            String got = field.value() instanceof Node.Scalar s && s.type() == Node.ScalarKind.INTEGER
                    ? s.text() : FieldReader.got(field.value());
            errors.add(field.line(), "unsupported 'version' " + got
                    + "; this secrets4j reads version 1: write version: 1 or remove the key");
        }
    }

    private static boolean isNull(Node node) {
        return node instanceof Node.Scalar s && s.type() == Node.ScalarKind.NULL;
    }
}
