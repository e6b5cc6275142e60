package dev.secrets4j.provider.file.internal;

import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.util.Arrays;
import java.util.Base64;

/**
 * Reading and writing the store's JSON files with field checks whose messages name the field and
 * never quote content: Jackson's own messages quote the offending token, so only its location is kept.
 */
public final class Json {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    private Json() {
    }

    /** A new empty object. */
    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** The object as indented UTF-8 JSON with a final newline. */
    public static byte[] write(ObjectNode node) {
        byte[] json = MAPPER.writeValueAsBytes(node);
        byte[] out = Arrays.copyOf(json, json.length + 1);
        out[json.length] = '\n';
        return out;
    }

    /**
     * Parses a JSON object.
     *
     * @throws FormatProblem when it is not valid JSON (with the line and column) or not an object
     */
    public static JsonNode parse(byte[] json) throws FormatProblem {
        JsonNode node;
        try {
            node = MAPPER.readTree(json);
        } catch (JacksonException e) {
            throw new FormatProblem("it is not valid JSON" + where(e.getLocation()) + ": truncated or altered");
        }
        if (node == null || !node.isObject()) {
            throw new FormatProblem("it is not a JSON object: truncated or altered");
        }
        return node;
    }

    /** A string field. */
    public static String text(JsonNode node, String field) throws FormatProblem {
        JsonNode value = node.get(field);
        if (value == null || !value.isString()) {
            throw new FormatProblem("field '" + field + "' is missing or not a string");
        }
        return value.stringValue();
    }

    /** An integer field between {@code min} and {@code max}. */
    public static int integer(JsonNode node, String field, int min, int max) throws FormatProblem {
        JsonNode value = node.get(field);
        if (value == null || !value.isIntegralNumber() || !value.canConvertToInt()
                || value.intValue() < min || value.intValue() > max) {
            throw new FormatProblem("field '" + field + "' is missing or not an integer between " + min + " and " + max);
        }
        return value.intValue();
    }

    /** A Base64 field of {@code min} to {@code max} decoded bytes. */
    public static byte[] base64(JsonNode node, String field, int min, int max) throws FormatProblem {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(text(node, field));
        } catch (IllegalArgumentException e) {
            throw new FormatProblem("field '" + field + "' is not valid Base64");
        }
        if (bytes.length < min || bytes.length > max) {
            throw new FormatProblem("field '" + field + "' has " + bytes.length + " bytes, expected " + (min == max ? min : min + " to " + max));
        }
        return bytes;
    }

    /** An object field. */
    public static JsonNode child(JsonNode node, String field) throws FormatProblem {
        JsonNode value = node.get(field);
        if (value == null || !value.isObject()) {
            throw new FormatProblem("field '" + field + "' is missing or not an object");
        }
        return value;
    }

    /** An array field. */
    public static JsonNode array(JsonNode node, String field) throws FormatProblem {
        JsonNode value = node.get(field);
        if (value == null || !value.isArray()) {
            throw new FormatProblem("field '" + field + "' is missing or not an array");
        }
        return value;
    }

    /** Base64 text of {@code bytes}. */
    public static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static String where(TokenStreamLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }
}
