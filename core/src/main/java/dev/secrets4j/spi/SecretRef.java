package dev.secrets4j.spi;

import dev.secrets4j.SecretFormatException;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where a secret lives: {@code scheme:path#field}, such as {@code docker:db_password},
 * {@code env:DB_PASSWORD} or {@code vault:secret/app/db#password}. The scheme is a provider id;
 * {@code #field} picks one field of a JSON-object value. A logical name looked up through the
 * providers in order is a reference without a scheme ({@link #ofName(String)}).
 *
 * <p>References are not secret: they may appear in messages and logs.
 */
public final class SecretRef {

    private static final Pattern SCHEME = Pattern.compile("[a-z][a-z0-9-]*");

    private final String scheme;
    private final String path;
    private final String field;

    private SecretRef(String scheme, String path, String field) {
        this.scheme = scheme;
        this.path = path;
        this.field = field;
    }

    /**
     * Parses {@code scheme:path} or {@code scheme:path#field}.
     *
     * @throws SecretFormatException naming the reference when it is malformed
     */
    public static SecretRef parse(String reference) {
        Objects.requireNonNull(reference, "reference");
        int colon = reference.indexOf(':');
        if (colon <= 0) {
            throw malformed(reference, "it has no scheme; write provider:path, such as docker:db_password or env:DB_PASSWORD");
        }
        String scheme = reference.substring(0, colon);
        if (!SCHEME.matcher(scheme).matches()) {
            throw malformed(reference, "scheme '" + scheme + "' must be a provider id of lower-case letters, digits and dashes");
        }
        String rest = reference.substring(colon + 1);
        int hash = rest.lastIndexOf('#');
        String path = hash < 0 ? rest : rest.substring(0, hash);
        String field = hash < 0 ? null : rest.substring(hash + 1);
        if (path.isBlank()) {
            throw malformed(reference, "the path after '" + scheme + ":' is empty");
        }
        if (field != null && field.isBlank()) {
            throw malformed(reference, "the field after '#' is empty; drop the '#' or name a field");
        }
        if (hasControl(path) || (field != null && hasControl(field))) {
            throw malformed(reference, "it contains a control character");
        }
        return new SecretRef(scheme, path, field);
    }

    /** A logical name without a scheme, looked up through the providers in order. */
    public static SecretRef ofName(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("secret name must not be null or blank, got " + (name == null ? "null" : "'" + name + "'"));
        }
        return new SecretRef(null, name, null);
    }

    /** The provider id before the colon, if any. */
    public Optional<String> scheme() {
        return Optional.ofNullable(scheme);
    }

    /** What the provider looks up: a name, a file, a KV path. */
    public String path() {
        return path;
    }

    /** The JSON field to pick from the value, if any. */
    public Optional<String> field() {
        return Optional.ofNullable(field);
    }

    /** The same reference without its field. */
    public SecretRef withoutField() {
        return field == null ? this : new SecretRef(scheme, path, null);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SecretRef r && Objects.equals(scheme, r.scheme) && path.equals(r.path) && Objects.equals(field, r.field);
    }

    @Override
    public int hashCode() {
        return Objects.hash(scheme, path, field);
    }

    /** The reference as written: {@code scheme:path#field}, or the bare name. */
    @Override
    public String toString() {
        return (scheme == null ? "" : scheme + ":") + path + (field == null ? "" : "#" + field);
    }

    private static boolean hasControl(String s) {
        return s.chars().anyMatch(Character::isISOControl);
    }

    private static SecretFormatException malformed(String reference, String why) {
        String shown = reference.chars().anyMatch(Character::isISOControl)
                ? reference.replaceAll("\\p{Cntrl}", "?") : reference;
        return new SecretFormatException("malformed secret reference '" + shown + "': " + why);
    }
}
