package dev.secrets4j.audit;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.SortedMap;

/**
 * The canonical form of an audit line: a flat JSON object whose values are strings or integers,
 * written as RFC 8785 (JCS) writes it. Members sorted by key (UTF-16 code units, which for our
 * ASCII keys is plain byte order), no whitespace, integers in shortest decimal form, strings with
 * only the escapes JCS requires, UTF-8. {@code docs/audit.md} spells it out for other tools.
 */
final class CanonicalJson {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private CanonicalJson() {
    }

    /**
     * The canonical UTF-8 bytes of {@code members}, each a {@link String} or a {@link Long}.
     * An unpaired UTF-16 surrogate is written as U+FFFD, so that the bytes are always valid UTF-8
     * and a reader that decodes them gets the text that was hashed.
     */
    static byte[] write(SortedMap<String, Object> members) {
        StringBuilder out = new StringBuilder(256).append('{');
        boolean first = true;
        for (Map.Entry<String, Object> m : members.entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            string(out, m.getKey());
            out.append(':');
            Object value = m.getValue();
            if (value instanceof Long number) {
                out.append(number.longValue());
            } else if (value instanceof String text) {
                string(out, text);
            } else {
                throw new IllegalArgumentException("audit line member '" + m.getKey() + "' must be a string or an integer, got "
                        + (value == null ? "null" : value.getClass().getSimpleName()));
            }
        }
        return out.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void string(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\f' -> out.append("\\f");
                case '\r' -> out.append("\\r");
                default -> {
                    if (c < 0x20) {
                        out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
                    } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                        out.append(c).append(s.charAt(++i));
                    } else if (Character.isSurrogate(c)) {
                        out.append('\uFFFD');
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
