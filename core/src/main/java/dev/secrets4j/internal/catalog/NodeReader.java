package dev.secrets4j.internal.catalog;

import dev.secrets4j.SecretFormatException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLParser;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Streams YAML or JSON tokens from Jackson into a {@link Node} tree, keeping the line of every
 * key and value. Duplicate keys and YAML aliases, which a plain tree would hide, are reported.
 */
final class NodeReader {

    /** Immutable and thread-safe; parsers only, no data binding. */
    private static final ObjectMapper YAML = YAMLMapper.builder().build();
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    /** A SnakeYAML mark: {@code in reader, line 3, column 4:}. */
    private static final Pattern YAML_MARK = Pattern.compile("line (\\d{1,9}), column \\d+");

    private final CatalogErrors errors;
    private final boolean json;

    private NodeReader(CatalogErrors errors, boolean json) {
        this.errors = errors;
        this.json = json;
    }

    /**
     * The document's root, or empty when the text holds no value (empty, only comments).
     *
     * @throws SecretFormatException on a syntax error, naming its line
     */
    static Optional<Node> read(String text, boolean json, String source, CatalogErrors errors) {
        NodeReader reader = new NodeReader(errors, json);
        JsonParser parser = (json ? JSON : YAML).createParser(text);
        try (parser) {
            if (parser.nextToken() == null) {
                return Optional.empty();
            }
            Node root = reader.value(parser);
            if (parser.nextToken() != null) {
                errors.add(line(parser.currentTokenLocation()), json
                        ? "more content after the end of the JSON document; keep one object"
                        : "a second YAML document starts here; keep one document per catalog file");
            }
            return Optional.of(root);
        } catch (JacksonException e) {
            int line = problemLine(e, json).or(() -> Optional.ofNullable(e.getLocation()).map(NodeReader::line))
                    .orElseGet(() -> line(parser.currentLocation()));
            String format = json ? "JSON" : "YAML";
            throw CatalogErrors.single(source, line, format + " syntax error: " + reason(e, json)
                    + "; fix the " + format + " near this line");
        }
    }

    private Node value(JsonParser parser) {
        int line = line(parser.currentTokenLocation());
        JsonToken token = parser.currentToken();
        switch (token) {
            case START_OBJECT:
                return mapping(parser, line);
            case START_ARRAY:
                List<Node> items = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    items.add(value(parser));
                }
                return new Node.Sequence(items, line);
            default:
                return scalar(parser, token, line);
        }
    }

    private Node mapping(JsonParser parser, int line) {
        List<Node.Field> fields = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
            String key = parser.currentName();
            int keyLine = line(parser.currentTokenLocation());
            parser.nextToken();
            Node value = value(parser);
            Integer first = seen.putIfAbsent(key, keyLine);
            if (first != null) {
                errors.add(keyLine, "key '" + Names.printable(key) + "' appears twice in the same mapping (first on line "
                        + first + "); keep one");
            } else {
                fields.add(new Node.Field(key, keyLine, value));
            }
        }
        return new Node.Mapping(fields, line);
    }

    private Node scalar(JsonParser parser, JsonToken token, int line) {
        if (!json && parser instanceof YAMLParser yaml && yaml.isCurrentAlias()) {
            // Jackson hands an alias over as its anchor's name, which would pass for a value.
            errors.add(line, "YAML aliases (*" + Names.printable(parser.getString())
                    + ") are not supported in a secrets catalog; write the value out");
            return new Node.Scalar(Node.ScalarKind.ALIAS, "", line);
        }
        return switch (token) {
            case VALUE_STRING -> new Node.Scalar(Node.ScalarKind.TEXT, parser.getString(), line);
            case VALUE_NUMBER_INT -> new Node.Scalar(Node.ScalarKind.INTEGER, parser.getBigIntegerValue().toString(), line);
            case VALUE_NUMBER_FLOAT -> new Node.Scalar(Node.ScalarKind.DECIMAL, parser.getString(), line);
            case VALUE_TRUE, VALUE_FALSE -> new Node.Scalar(Node.ScalarKind.BOOLEAN, String.valueOf(token == JsonToken.VALUE_TRUE), line);
            case VALUE_NULL -> new Node.Scalar(Node.ScalarKind.NULL, "", line);
            default -> new Node.Scalar(Node.ScalarKind.OTHER, "", line);
        };
    }

    private static int line(TokenStreamLocation location) {
        return location == null ? 1 : Math.max(1, location.getLineNr());
    }

    /**
     * SnakeYAML's message marks the context first and the problem last; Jackson's location is
     * the context's, so the problem's line (the one to fix) is read from the message.
     */
    private static Optional<Integer> problemLine(JacksonException e, boolean json) {
        if (json || e.getOriginalMessage() == null) {
            return Optional.empty();
        }
        Matcher marks = YAML_MARK.matcher(e.getOriginalMessage());
        Integer last = null;
        while (marks.find()) {
            last = Integer.parseInt(marks.group(1));
        }
        return Optional.ofNullable(last).filter(l -> l > 0);
    }

    /**
     * The parser's reason without the excerpt of the document: SnakeYAML's messages quote lines
     * of the file under a caret, Jackson's JSON ones name the source position.
     */
    private static String reason(JacksonException e, boolean json) {
        String original = Optional.ofNullable(e.getOriginalMessage()).orElse("unreadable document");
        if (json) {
            String firstLine = original.lines().findFirst().orElse(original);
            int cut = firstLine.indexOf(" (for ");
            int marker = firstLine.indexOf(" (start marker");
            cut = cut < 0 ? marker : marker < 0 ? cut : Math.min(cut, marker);
            return cut < 0 ? firstLine : firstLine.substring(0, cut);
        }
        String reason = original.lines()
                .filter(l -> !l.isBlank() && !Character.isWhitespace(l.charAt(0)))
                .collect(Collectors.joining(": "));
        return reason.isEmpty() ? "unreadable document" : reason;
    }
}
