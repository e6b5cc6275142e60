package dev.secrets4j.provider.env.internal;

import dev.secrets4j.SecretFormatException;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Turns a secret name into the environment variable names to look for, in order, and rejects
 * names no environment variable can have.
 */
public final class EnvNames {

    /** The suffix of a variable that holds the path of a file with the value. */
    public static final String FILE_SUFFIX = "_FILE";

    private static final Pattern PREFIX = Pattern.compile("[A-Z0-9_]*");

    private EnvNames() {
    }

    /**
     * The variables to look for {@code name}: the exact {@code prefix + name}, then (when
     * {@code relaxed}) {@code prefix + NAME} with dots and dashes turned into underscores, each
     * paired with its {@code _FILE} variant when {@code fileIndirection}.
     *
     * @throws SecretFormatException naming the provider when no variable can have this name
     */
    public static LookupPlan plan(String providerId, String prefix, String name, boolean relaxed, boolean fileIndirection) {
        checkName(providerId, name);
        List<String> plain = new ArrayList<>(2);
        plain.add(prefix + name);
        if (relaxed) {
            String relaxedName = prefix + name.replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT);
            if (!plain.contains(relaxedName)) {
                plain.add(relaxedName);
            }
        }
        List<String> files = new ArrayList<>(2);
        if (fileIndirection) {
            plain.forEach(v -> files.add(v + FILE_SUFFIX));
        }
        return new LookupPlan(plain, files);
    }

    /**
     * Rejects a name no environment variable can have: empty, or holding {@code =}, NUL or another
     * control character.
     *
     * @throws SecretFormatException naming the provider and the (escaped) name
     */
    public static void checkName(String providerId, String name) {
        String why = null;
        if (name == null || name.isEmpty()) {
            why = "the name is empty";
        } else if (name.indexOf('=') >= 0) {
            why = "environment variable names cannot contain '='";
        } else if (name.chars().anyMatch(Character::isISOControl)) {
            why = "environment variable names cannot contain NUL or control characters";
        }
        if (why != null) {
            throw new SecretFormatException("secret '" + shown(name) + "' cannot be looked up in " + providerId + ": " + why
                    + "; rename the secret or bind it to a reference of another provider");
        }
    }

    /**
     * Checks a variable prefix: upper-case letters, digits and underscores, possibly empty.
     *
     * @throws IllegalArgumentException naming {@code setting} and the value it got
     */
    public static String checkPrefix(String setting, String prefix) {
        if (prefix == null || !PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException(setting + " must be upper-case letters, digits and underscores ([A-Z0-9_]*), such as APP_, got "
                    + (prefix == null ? "null" : "'" + shown(prefix) + "'"));
        }
        return prefix;
    }

    /** {@code s} with control characters replaced by {@code ?}, safe to put in a message or a log line. */
    public static String shown(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(s.length());
        s.codePoints().forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return out.toString();
    }

    /**
     * The variables to look for one secret.
     *
     * @param plain the variables holding the value, in lookup order
     * @param files the {@code _FILE} variables holding a path, {@code files[i]} paired with {@code plain[i]};
     *              empty when file indirection is off
     */
    public record LookupPlan(List<String> plain, List<String> files) {
        /** Copies the lists. */
        public LookupPlan {
            plain = List.copyOf(plain);
            files = List.copyOf(files);
        }

        /** Every variable looked for, in lookup order. */
        public List<String> all() {
            List<String> out = new ArrayList<>(plain);
            out.addAll(files);
            return out;
        }
    }
}
