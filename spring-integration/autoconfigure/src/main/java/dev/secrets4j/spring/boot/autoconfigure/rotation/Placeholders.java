package dev.secrets4j.spring.boot.autoconfigure.rotation;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the secret names that raw property values refer to through {@code ${NAME}} placeholders. */
final class Placeholders {

    private static final Pattern SOLE = Pattern.compile("\\$\\{([^:}${]+)(?::[^}]*)?}");

    private Placeholders() {
    }

    /** Whether {@code raw} holds a placeholder {@code ${name}} or {@code ${name:default}}. */
    static boolean refersTo(String raw, String name) {
        return raw.contains("${" + name + "}") || raw.contains("${" + name + ":");
    }

    /** The name of the placeholder when {@code raw} is exactly one, such as {@code ${DB_PASSWORD}}. */
    static Optional<String> soleReference(String raw) {
        Matcher m = SOLE.matcher(raw.trim());
        return m.matches() ? Optional.of(m.group(1).trim()) : Optional.empty();
    }
}
