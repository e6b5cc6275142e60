package dev.secrets4j.testing.aws;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;

/** awsJson1_1 on the wire: bodies, epoch-second timestamps, base64 blobs, error bodies. Stateless. */
final class Wire {

    static final String CONTENT_TYPE = "application/x-amz-json-1.1";
    static final JsonMapper MAPPER = JsonMapper.builder().build();

    private Wire() {
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static ArrayNode strings(Collection<String> values) {
        ArrayNode a = MAPPER.createArrayNode();
        values.forEach(a::add);
        return a;
    }

    /** Epoch seconds as a JSON number, milliseconds as the fraction when not zero ({@code 1714557600.123}). */
    static void time(ObjectNode node, String field, Instant instant) {
        if (instant != null) {
            BigDecimal seconds = BigDecimal.valueOf(instant.toEpochMilli(), 3).stripTrailingZeros();
            node.put(field, seconds.scale() < 0 ? seconds.setScale(0) : seconds);
        }
    }

    /** The request body as an object; anything else is a {@code SerializationException} (the body is never quoted). */
    static ObjectNode parse(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8).strip();
        if (text.isEmpty()) {
            return object();
        }
        try {
            JsonNode node = MAPPER.readTree(text);
            if (node != null && node.isObject()) {
                return (ObjectNode) node;
            }
        } catch (JacksonException e) {
            // fall through: the parser's message may quote the body, which can hold a secret
        }
        throw new AwsError("SerializationException", "The request body is not a valid JSON object.");
    }

    static String text(JsonNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isString()) {
            throw AwsError.invalidParameter("The parameter " + field + " must be a string.");
        }
        return n.stringValue();
    }

    static byte[] blob(JsonNode body, String field) {
        String b64 = text(body, field);
        if (b64 == null) {
            return null;
        }
        try {
            return Base64.getDecoder().decode(b64);
        } catch (IllegalArgumentException e) {
            throw AwsError.invalidParameter("The parameter " + field + " must be base64.");
        }
    }

    static List<String> textList(JsonNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isArray()) {
            throw AwsError.invalidParameter("The parameter " + field + " must be a list of strings.");
        }
        List<String> out = new ArrayList<>();
        n.forEach(e -> out.add(e.asString()));
        return out;
    }

    static boolean bool(JsonNode body, String field, boolean otherwise) {
        JsonNode n = body.get(field);
        return n == null || n.isNull() ? otherwise : n.asBoolean();
    }

    static Integer integer(JsonNode body, String field) {
        JsonNode n = body.get(field);
        return n == null || n.isNull() ? null : n.asInt();
    }

    static byte[] error(String type, String message) {
        ObjectNode n = object();
        n.put("__type", type);
        n.put("Message", message);
        return MAPPER.writeValueAsBytes(n);
    }

    static byte[] bytes(JsonNode node) {
        return MAPPER.writeValueAsBytes(node);
    }
}
