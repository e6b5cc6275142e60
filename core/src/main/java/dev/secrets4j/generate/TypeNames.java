package dev.secrets4j.generate;

import java.util.regex.Pattern;

/** The rule for type names, shared by every place that accepts one. */
final class TypeNames {

    /** Like catalog keys: lower case, readable in YAML without quotes. */
    static final Pattern TYPE = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    private TypeNames() {
    }

    /**
     * The name when it is valid.
     *
     * @param setting the setting or method that received it, for the message
     * @throws IllegalArgumentException naming the setting and the name it got
     */
    static String check(String setting, String name) {
        if (name == null || !TYPE.matcher(name).matches()) {
            throw new IllegalArgumentException(setting + " must be a type name matching " + TYPE.pattern()
                    + " (lower-case letters, digits, '.', '_', '-'), such as acme-api-token, got "
                    + (name == null ? "null" : "'" + printable(name) + "'"));
        }
        return name;
    }

    /** The text with control characters replaced by {@code ?} and cut to a readable length. */
    static String printable(String text) {
        String clean = text.replaceAll("\\p{Cntrl}", "?");
        return clean.length() <= 80 ? clean : clean.substring(0, 80) + "...";
    }
}
