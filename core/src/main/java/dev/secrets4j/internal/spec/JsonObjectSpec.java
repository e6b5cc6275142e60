package dev.secrets4j.internal.spec;

import dev.secrets4j.Secret;
import dev.secrets4j.SecretSpec;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code format json-object, fields a, b}: the value is one JSON object (nothing after it, no
 * duplicate keys) in which each required field is present and not {@code null}.
 */
record JsonObjectSpec(List<String> requiredFields) implements SecretSpec {

    /** Immutable and thread-safe: one for every check. */
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private static final String NOT_AN_OBJECT = "not a JSON object";

    JsonObjectSpec {
        requiredFields = List.copyOf(requiredFields);
    }

    @Override
    public String describe() {
        return requiredFields.isEmpty()
                ? "format json-object"
                : "format json-object, fields " + String.join(", ", requiredFields);
    }

    @Override
    public List<Violation> check(Secret secret, Instant now) {
        if (!secret.isUtf8()) {
            return List.of(Violation.error(Values.NOT_UTF8));
        }
        byte[] bytes = secret.asBytes();
        JsonNode root;
        try {
            root = MAPPER.readTree(bytes);
        } catch (JacksonException e) {
            // Jackson's messages quote the offending token: keep only where it is.
            return List.of(Violation.error(NOT_AN_OBJECT + " (invalid JSON" + where(e.getLocation()) + ")"));
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
        if (root == null || root.isMissingNode()) {
            return List.of(Violation.error(NOT_AN_OBJECT + " (empty)"));
        }
        if (!root.isObject()) {
            return List.of(Violation.error(NOT_AN_OBJECT + " (found " + kind(root) + ")"));
        }
        List<Violation> violations = new ArrayList<>();
        for (String field : requiredFields) {
            JsonNode value = root.get(field);
            if (value == null || value.isMissingNode()) {
                violations.add(Violation.error("JSON object lacks field '" + field + "'"));
            } else if (value.isNull()) {
                violations.add(Violation.error("JSON object field '" + field + "' is null"));
            }
        }
        return violations;
    }

    @Override
    public String toString() {
        return describe();
    }

    private static String where(TokenStreamLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    private static String kind(JsonNode node) {
        String type = node.getNodeType().name().toLowerCase(Locale.ROOT);
        return switch (type) {
            case "array" -> "an array";
            case "null" -> "null";
            default -> "a " + type;
        };
    }
}
