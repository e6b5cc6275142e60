package dev.secrets4j.provider.vault.internal;

import dev.secrets4j.SecretFormatException;
import dev.secrets4j.spi.SecretRef;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Turns references into {@link VaultLocation}s, refusing before any request every reference that
 * could leave the place the provider was given: {@code .} and {@code ..} segments, empty segments,
 * a leading {@code /}, backslashes, percent-escapes, query or control characters, and mounts the
 * provider was not configured with. KV paths are always resolved inside the environment prefix, so
 * no reference can name another environment's secrets.
 *
 * <ul>
 *   <li>a bare name {@code DB_PASSWORD}, or {@code vault:DB_PASSWORD}: the KV entry
 *       {@code <prefix>DB_PASSWORD} of the KV mount, name kept as written;</li>
 *   <li>{@code vault:secret/app/db#password}: mount {@code secret} (it must be the KV mount), entry
 *       {@code <prefix>app/db}, field {@code password};</li>
 *   <li>{@code vault:database/creds/app}: a configured dynamic mount, read as is (no prefix).</li>
 * </ul>
 */
public final class VaultPaths {

    /** Characters of one path segment: letters, digits and {@code _ - . @ = , + ~}. */
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_.@=,+~-]+");
    /** The longest path accepted, far above real Vault paths and far below URL limits. */
    static final int MAX_LENGTH = 512;

    private final String providerId;
    private final String kvMount;
    private final int kvVersion;
    private final String prefix;
    private final List<String> dynamicMounts;

    /**
     * @param kvMount       the KV mount, already checked with {@link #checkMount(String, String)}
     * @param prefix        the environment prefix, already normalised with {@link #normalisePrefix(String)}
     * @param dynamicMounts mounts of dynamic secrets engines, already checked
     */
    VaultPaths(String providerId, String kvMount, int kvVersion, String prefix, List<String> dynamicMounts) {
        this.providerId = Objects.requireNonNull(providerId, "providerId");
        this.kvMount = Objects.requireNonNull(kvMount, "kvMount");
        this.kvVersion = kvVersion;
        this.prefix = Objects.requireNonNull(prefix, "prefix");
        // Longest first, so that "db/creds" wins over "db" when both are configured.
        this.dynamicMounts = dynamicMounts.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList();
    }

    /**
     * Where {@code ref} lives.
     *
     * @throws SecretFormatException naming the reference and the provider when it is refused
     */
    VaultLocation resolve(SecretRef ref) {
        if (ref.scheme().isPresent() && !ref.scheme().get().equals(providerId)) {
            throw refused(ref, "it belongs to provider '" + ref.scheme().get() + "'", "ask that provider for it");
        }
        String raw = ref.path();
        checkPath(ref, raw);
        ref.field().ifPresent(f -> checkField(ref, f));
        Optional<String> field = ref.field();
        VaultLocation.Kind kvKind = kvVersion == 1 ? VaultLocation.Kind.KV1 : VaultLocation.Kind.KV2;
        if (ref.scheme().isEmpty() || raw.indexOf('/') < 0) {
            return new VaultLocation(kvKind, kvMount, prefix + raw, field);
        }
        if (raw.startsWith(kvMount + "/")) {
            return new VaultLocation(kvKind, kvMount, prefix + raw.substring(kvMount.length() + 1), field);
        }
        for (String mount : dynamicMounts) {
            if (raw.startsWith(mount + "/")) {
                return new VaultLocation(VaultLocation.Kind.DYNAMIC, mount, raw.substring(mount.length() + 1), field);
            }
        }
        String mount = raw.substring(0, raw.indexOf('/'));
        throw refused(ref, "mount '" + mount + "' is not one this provider was given (KV mount '" + kvMount + "'"
                        + (dynamicMounts.isEmpty() ? ", no dynamic mounts" : ", dynamic mounts " + String.join(", ", dynamicMounts)) + ")",
                "write " + providerId + ":" + kvMount + "/<path>, or configure the mount as the KV mount or a dynamic mount");
    }

    /**
     * The prefix in its stored form: empty, or segments ending with {@code /} ({@code prod/}).
     *
     * @throws IllegalArgumentException naming the setting when a segment is unsafe
     */
    public static String normalisePrefix(String prefix) {
        Objects.requireNonNull(prefix, "pathPrefix");
        String p = prefix.strip();
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        if (p.isEmpty()) {
            return "";
        }
        Optional<String> problem = problem(p);
        if (problem.isPresent()) {
            throw new IllegalArgumentException("pathPrefix must be path segments such as 'prod/' or 'prod/eu/' ("
                    + "letters, digits and _ - . @ = , + ~), but " + problem.get() + ", got '" + printable(prefix) + "'");
        }
        return p + "/";
    }

    /**
     * A mount as stored: segments without surrounding slashes ({@code secret}, {@code team/kv}).
     *
     * @throws IllegalArgumentException naming {@code setting} when it is unsafe
     */
    public static String checkMount(String setting, String mount) {
        Objects.requireNonNull(mount, setting);
        String m = mount.strip();
        while (m.endsWith("/")) {
            m = m.substring(0, m.length() - 1);
        }
        Optional<String> problem = m.isEmpty() ? Optional.of("it is empty") : problem(m);
        if (problem.isPresent()) {
            throw new IllegalArgumentException(setting + " must be a Vault mount such as 'secret' or 'team/kv' "
                    + "(letters, digits and _ - . @ = , + ~), but " + problem.get() + ", got '" + printable(mount) + "'");
        }
        return m;
    }

    /** The prefix applied to KV paths ({@code prod/}), or empty. */
    String prefix() {
        return prefix;
    }

    /** The KV mount. */
    String kvMount() {
        return kvMount;
    }

    /** The dynamic mounts, longest first. */
    List<String> dynamicMounts() {
        return dynamicMounts;
    }

    private void checkPath(SecretRef ref, String raw) {
        problem(raw).ifPresent(why -> {
            throw refused(ref, why, "write a relative path of plain segments, such as " + providerId + ":" + kvMount
                    + "/app/db#password; references never leave the configured mount" + (prefix.isEmpty() ? "" : " and prefix '" + prefix + "'"));
        });
    }

    private void checkField(SecretRef ref, String field) {
        if (field.length() > 256 || field.chars().anyMatch(Character::isISOControl)) {
            throw refused(ref, "its field is longer than 256 characters or holds a control character", "name the field as stored in Vault");
        }
    }

    /** Why {@code path} is unsafe, or empty when it is a plain relative path. */
    private static Optional<String> problem(String path) {
        if (path.length() > MAX_LENGTH) {
            return Optional.of("it is longer than " + MAX_LENGTH + " characters");
        }
        if (path.chars().anyMatch(Character::isISOControl)) {
            return Optional.of("it contains a control character");
        }
        if (path.indexOf('\\') >= 0) {
            return Optional.of("it contains a backslash");
        }
        if (path.startsWith("/")) {
            return Optional.of("it starts with '/' (an absolute path)");
        }
        if (path.endsWith("/")) {
            return Optional.of("it ends with '/' (a folder, not an entry)");
        }
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty()) {
                return Optional.of("it has an empty segment ('//')");
            }
            if (segment.equals(".") || segment.equals("..")) {
                return Optional.of("it has a '" + segment + "' segment");
            }
            if (!SEGMENT.matcher(segment).matches()) {
                return Optional.of("segment '" + printable(segment) + "' has a character other than letters, digits and _ - . @ = , + ~"
                        + " (percent-escapes, spaces, '?', '*' and the like are refused)");
            }
        }
        return Optional.empty();
    }

    private SecretFormatException refused(SecretRef ref, String why, String todo) {
        return new SecretFormatException("provider '" + providerId + "' refuses secret reference '" + printable(ref.toString())
                + "': " + why + "; " + todo);
    }

    /** The text with control characters as {@code ?} and shortened past 80 characters, for messages. */
    static String printable(String s) {
        String shown = s.length() > 80 ? s.substring(0, 60) + "...(" + s.length() + " characters)" : s;
        return shown.replaceAll("\\p{Cntrl}", "?");
    }
}
