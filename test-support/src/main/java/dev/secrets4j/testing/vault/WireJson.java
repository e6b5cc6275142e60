package dev.secrets4j.testing.vault;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Vault's JSON on the wire: the response envelope every logical answer has, the error body, RFC3339Nano
 * timestamps and Go duration strings. Stateless.
 */
final class WireJson {

    static final JsonMapper MAPPER = JsonMapper.builder().build();

    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss")
            .withZone(ZoneOffset.UTC);
    private static final Pattern GO_DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)");

    private WireJson() {
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static ArrayNode array(List<String> values) {
        ArrayNode array = MAPPER.createArrayNode();
        values.forEach(array::add);
        return array;
    }

    /**
     * The envelope of a logical response (Vault's {@code logical.HTTPResponse}): every key present even when
     * null or empty, {@code lease_id} {@code ""} when there is no lease.
     */
    static ObjectNode envelope(JsonNode dataOrNull, String mountType) {
        ObjectNode body = object();
        body.put("request_id", UUID.randomUUID().toString());
        body.put("lease_id", "");
        body.put("renewable", false);
        body.put("lease_duration", 0);
        if (dataOrNull == null) {
            body.putNull("data");
        } else {
            body.set("data", dataOrNull);
        }
        body.putNull("wrap_info");
        body.putNull("warnings");
        body.putNull("auth");
        body.put("mount_type", mountType);
        return body;
    }

    /** Sets the envelope's {@code warnings} to {@code warning}. */
    static ObjectNode warn(ObjectNode envelope, String warning) {
        envelope.set("warnings", array(List.of(warning)));
        return envelope;
    }

    /** {@code {"errors":["message"]}}, or {@code {"errors":[]}} for an empty message. */
    static String errors(String message) {
        ObjectNode body = object();
        ArrayNode errors = body.putArray("errors");
        if (!message.isEmpty()) {
            errors.add(message);
        }
        return MAPPER.writeValueAsString(body);
    }

    static byte[] bytes(JsonNode node) {
        return MAPPER.writeValueAsBytes(node);
    }

    /** Parses a request body: an empty body is an empty object; anything but a JSON object is a bad request. */
    static ObjectNode parseBody(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8).strip();
        if (text.isEmpty()) {
            return object();
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(text);
        } catch (JacksonException e) {
            // the parser's message may quote the body, which can hold a secret: keep it out of the answer
            throw new BadRequest("failed to parse JSON input: the body is not valid JSON");
        }
        if (node == null || !node.isObject()) {
            throw new BadRequest("failed to parse JSON input: expected a JSON object");
        }
        return (ObjectNode) node;
    }

    /** A JSON object from a string, for test setup. */
    static ObjectNode parseObject(String json, String what) {
        try {
            JsonNode node = MAPPER.readTree(json);
            if (node != null && node.isObject()) {
                return (ObjectNode) node;
            }
        } catch (JacksonException e) {
            throw new IllegalArgumentException(what + " must be a JSON object; it is not valid JSON");
        }
        throw new IllegalArgumentException(what + " must be a JSON object");
    }

    /** RFC3339Nano in UTC as Go prints it: trailing zeros of the fraction dropped, no fraction when zero. */
    static String time(Instant instant) {
        String base = SECONDS.format(instant);
        int nanos = instant.getNano();
        if (nanos == 0) {
            return base + "Z";
        }
        String fraction = String.format("%09d", nanos).replaceAll("0+$", "");
        return base + "." + fraction + "Z";
    }

    /** {@link #time(Instant)}, or {@code ""} for an unset time (Vault never sends null for these). */
    static String timeOrEmpty(Instant instantOrNull) {
        return instantOrNull == null ? "" : time(instantOrNull);
    }

    /** A duration as Go's {@code time.Duration.String()} prints whole seconds: {@code 0s}, {@code 30s}, {@code 10m0s}, {@code 1h0m0s}. */
    static String goDuration(Duration duration) {
        long total = Math.max(0, duration.getSeconds());
        if (total == 0) {
            return "0s";
        }
        long h = total / 3600;
        long m = (total % 3600) / 60;
        long s = total % 60;
        if (h > 0) {
            return h + "h" + m + "m" + s + "s";
        }
        if (m > 0) {
            return m + "m" + s + "s";
        }
        return s + "s";
    }

    /**
     * A duration parameter as Vault accepts it: integer seconds (number or numeric string) or a Go duration
     * string ({@code "1h"}, {@code "90m"}, {@code "1h30m"}); empty when absent or null.
     */
    static Optional<Duration> duration(JsonNode node, String name) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return Optional.empty();
        }
        if (node.isIntegralNumber()) {
            return Optional.of(Duration.ofSeconds(node.asLong()));
        }
        if (node.isString()) {
            String text = node.stringValue().strip();
            if (text.isEmpty()) {
                return Optional.empty();
            }
            if (text.matches("\\d+")) {
                return Optional.of(Duration.ofSeconds(Long.parseLong(text)));
            }
            Matcher m = GO_DURATION.matcher(text);
            long nanos = 0;
            int end = 0;
            while (m.find() && m.start() == end) {
                double value = Double.parseDouble(m.group(1));
                long unit = switch (m.group(2)) {
                    case "ns" -> 1L;
                    case "us", "µs" -> 1_000L;
                    case "ms" -> 1_000_000L;
                    case "s" -> 1_000_000_000L;
                    case "m" -> 60_000_000_000L;
                    default -> 3_600_000_000_000L;
                };
                nanos += (long) (value * unit);
                end = m.end();
            }
            if (end == text.length()) {
                return Optional.of(Duration.ofNanos(nanos));
            }
        }
        throw new BadRequest("invalid duration for " + name);
    }

    /** A 4xx answer raised from deep inside a handler: {@code {"errors":[message]}} with the status. */
    static final class BadRequest extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int status;

        BadRequest(String message) {
            this(400, message);
        }

        BadRequest(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }

        int status() {
            return status;
        }
    }
}
