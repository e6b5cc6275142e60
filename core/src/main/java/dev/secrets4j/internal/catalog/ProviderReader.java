package dev.secrets4j.internal.catalog;

import dev.secrets4j.Catalog;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the optional {@code providers:} list of a catalog: each entry an {@code id} and string
 * options for that provider's factory. Option keys are checked against the factory when the
 * provider is created, where its known options are at hand.
 */
final class ProviderReader {

    private static final String HOW = "write '- id: docker' followed by the provider's options, such as 'paths: /run/secrets'";

    private ProviderReader() {
    }

    static List<Catalog.ProviderConfig> read(Node.Field field, CatalogErrors errors) {
        if (!(field.value() instanceof Node.Sequence list)) {
            errors.add(field.line(), "'providers' must be a list, got " + FieldReader.got(field.value()) + "; " + HOW);
            return List.of();
        }
        List<Catalog.ProviderConfig> out = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (Node item : list.items()) {
            read(item, errors).ifPresent(p -> {
                if (ids.add(p.id())) {
                    out.add(p);
                } else {
                    errors.add(p.line(), "provider '" + p.id() + "' is listed twice; list each provider once");
                }
            });
        }
        return out;
    }

    private static Optional<Catalog.ProviderConfig> read(Node item, CatalogErrors errors) {
        if (!(item instanceof Node.Mapping entry)) {
            errors.add(item.line(), "a provider must be a mapping, got " + FieldReader.got(item) + "; " + HOW);
            return Optional.empty();
        }
        Optional<String> id = entry.field("id").flatMap(f -> text(f, errors));
        if (entry.field("id").isEmpty()) {
            errors.add(entry.line(), "a provider has no 'id'; " + HOW);
        }
        Map<String, String> options = new LinkedHashMap<>();
        for (Node.Field f : entry.fields()) {
            if (!f.key().equals("id")) {
                optionText(f, errors).ifPresent(v -> options.put(f.key(), v));
            }
        }
        return id.map(i -> new Catalog.ProviderConfig(i, options, entry.line()));
    }

    private static Optional<String> text(Node.Field f, CatalogErrors errors) {
        if (f.value() instanceof Node.Scalar s && s.type() == Node.ScalarKind.TEXT && !s.text().isBlank()) {
            return Optional.of(s.text().strip());
        }
        errors.add(f.line(), "'" + f.key() + "' of a provider must be a provider id such as docker or env, got "
                + FieldReader.got(f.value()));
        return Optional.empty();
    }

    /** A scalar as its text; a list of scalars as comma-separated text (for {@code paths: [/a, /b]}). */
    private static Optional<String> optionText(Node.Field f, CatalogErrors errors) {
        if (f.value() instanceof Node.Scalar s && isPlain(s)) {
            return Optional.of(s.text());
        }
        if (f.value() instanceof Node.Sequence seq && !seq.items().isEmpty()
                && seq.items().stream().allMatch(n -> n instanceof Node.Scalar s && isPlain(s))) {
            List<String> parts = seq.items().stream().map(n -> ((Node.Scalar) n).text()).toList();
            return Optional.of(String.join(",", parts));
        }
        errors.add(f.line(), "provider option '" + Names.printable(f.key()) + "' must be a single value or a list of values, got "
                + FieldReader.got(f.value()));
        return Optional.empty();
    }

    private static boolean isPlain(Node.Scalar s) {
        return s.type() == Node.ScalarKind.TEXT || s.type() == Node.ScalarKind.INTEGER
                || s.type() == Node.ScalarKind.BOOLEAN || s.type() == Node.ScalarKind.DECIMAL;
    }
}
