package dev.secrets4j.provider.azure.internal;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Maps logical secret names to Key Vault names: letters, digits and dashes, 1 to 127 characters,
 * case-insensitive. A logical name is lower-cased and {@code .} and {@code _} become {@code -}
 * ({@code db.password}, {@code DB_PASSWORD} -> {@code db-password}); any other character is an
 * error naming it. A direct reference ({@code azure:db-password}) is checked but only lower-cased.
 */
public final class VaultNames {

    /** The longest vault secret name. */
    public static final int MAX_LENGTH = 127;

    private VaultNames() {
    }

    /**
     * The vault name of logical name {@code logical}.
     *
     * @throws IllegalArgumentException naming the name and the first character Key Vault refuses
     */
    public static String map(String logical) {
        return check(logical, logical.toLowerCase(Locale.ROOT).replace('.', '-').replace('_', '-'));
    }

    /**
     * The vault name of a direct reference such as {@code azure:db-password}: only letters,
     * digits and dashes are accepted; lower-cased because the service ignores case.
     *
     * @throws IllegalArgumentException naming the name and the first character Key Vault refuses
     */
    public static String direct(String name) {
        return check(name, name.toLowerCase(Locale.ROOT));
    }

    /**
     * The logical names among {@code logicalNames} that share their vault name with another one,
     * each with a message naming both; names Key Vault refuses are left to {@link #map(String)}.
     */
    public static Map<String, String> collisions(Collection<String> logicalNames) {
        Map<String, String> firstByVaultName = new LinkedHashMap<>();
        Map<String, String> out = new LinkedHashMap<>();
        for (String logical : logicalNames) {
            String vault;
            try {
                vault = map(logical);
            } catch (IllegalArgumentException e) {
                continue;
            }
            String previous = firstByVaultName.putIfAbsent(vault, logical);
            if (previous != null && !previous.equals(logical)) {
                String message = "secret names '" + previous + "' and '" + logical + "' both map to the Key Vault secret '"
                        + vault + "'; rename one of them or reference the vault name directly with azure:<name>";
                out.putIfAbsent(previous, message);
                out.put(logical, message);
            }
        }
        return out;
    }

    private static String check(String original, String mapped) {
        if (mapped.isEmpty() || mapped.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("secret name '" + printable(original) + "' has " + mapped.length()
                    + " characters; a Key Vault secret name has 1 to " + MAX_LENGTH);
        }
        for (int i = 0; i < mapped.length(); i++) {
            char c = mapped.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-')) {
                throw new IllegalArgumentException("secret name '" + printable(original) + "' has the character '"
                        + printable(String.valueOf(original.charAt(i))) + "' at position " + (i + 1)
                        + "; a Key Vault secret name has only letters, digits and dashes (. and _ become -)");
            }
        }
        return mapped;
    }

    private static String printable(String s) {
        return s.replaceAll("\\p{Cntrl}", "?");
    }
}
