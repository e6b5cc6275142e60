package dev.secrets4j.internal.catalog;

import java.util.List;
import java.util.Optional;

/** A catalog document as a tree whose every node knows the line it starts on. */
sealed interface Node permits Node.Scalar, Node.Mapping, Node.Sequence {

    /** The 1-based line the node starts on. */
    int line();

    /** What the node is, with its article, for "got ..." in messages: {@code a list}, {@code text}. */
    String kind();

    /** What kind of value a scalar holds. */
    enum ScalarKind {
        TEXT("text"), INTEGER("a whole number"), DECIMAL("a decimal number"), BOOLEAN("true/false"),
        NULL("nothing"), OTHER("an unsupported value"),
        /** A YAML alias: reported where it is read, and silently rejected by every key after that. */
        ALIAS("an alias");

        private final String words;

        ScalarKind(String words) {
            this.words = words;
        }
    }

    /** A single value; {@code text} is its text ({@code "32"}, {@code "true"}, empty for null). */
    record Scalar(ScalarKind type, String text, int line) implements Node {
        @Override
        public String kind() {
            return type.words;
        }
    }

    /** One key of a mapping with its line and value. */
    record Field(String key, int line, Node value) {
    }

    /** A mapping: keys in file order, without duplicates (the reader reports those). */
    record Mapping(List<Field> fields, int line) implements Node {
        public Mapping {
            fields = List.copyOf(fields);
        }

        /** The field with this key, if present. */
        Optional<Field> field(String key) {
            return fields.stream().filter(f -> f.key().equals(key)).findFirst();
        }

        @Override
        public String kind() {
            return "a mapping";
        }
    }

    /** A list. */
    record Sequence(List<Node> items, int line) implements Node {
        public Sequence {
            items = List.copyOf(items);
        }

        @Override
        public String kind() {
            return "a list";
        }
    }
}
