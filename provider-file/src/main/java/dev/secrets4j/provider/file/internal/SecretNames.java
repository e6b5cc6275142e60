package dev.secrets4j.provider.file.internal;

import dev.secrets4j.SecretFormatException;
import dev.secrets4j.spi.SecretFiles;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Maps a secret's name to the name of its file, so that no name can leave the store's folder or
 * collide with another: names of lower-case letters, digits, {@code _} and {@code -} (not a
 * Windows device name) are used as they are, {@code db_password.json}; every other name becomes
 * {@code ~} and the unpadded lower-case Base32 of its UTF-8 bytes, {@code ~irbf6ucbknjvot2siq.json}
 * for {@code DB_PASSWORD}. Plain names never contain {@code ~}, so the mapping is one-to-one, and
 * it is case-insensitive-file-system safe. The name itself is stored inside the file and bound
 * into its encryption, so a renamed file is detected.
 */
public final class SecretNames {

    /** The longest name accepted, in UTF-8 bytes: its Base32 form must fit a 255-byte file name. */
    public static final int MAX_NAME_BYTES = 150;

    /** The suffix of every secret file. */
    public static final String SUFFIX = ".json";

    private static final Pattern PLAIN = Pattern.compile("[a-z0-9][a-z0-9_-]*");
    private static final Set<String> WINDOWS_DEVICES = Set.of("con", "prn", "aux", "nul",
            "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8", "com9",
            "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9");
    private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

    private SecretNames() {
    }

    /**
     * Rejects a name that is empty, holds a path separator, {@code ..}, a control character or a
     * drive prefix (the shared {@link SecretFiles#checkName} rules), or is longer than
     * {@value #MAX_NAME_BYTES} UTF-8 bytes.
     *
     * @throws SecretFormatException naming the (shortened) name and the provider
     */
    public static void check(String providerId, String name) {
        SecretFiles.checkName(providerId, name);
        int bytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_NAME_BYTES) {
            String shown = name.length() > 40 ? name.substring(0, 40) + "..." : name;
            throw new SecretFormatException("secret name '" + shown + "' rejected by provider " + providerId + ": it is "
                    + bytes + " bytes long, more than the limit of " + MAX_NAME_BYTES + " bytes; use a shorter name");
        }
    }

    /** The file name for a checked {@code name}: {@code db_password.json} or {@code ~<base32>.json}. */
    public static String fileName(String name) {
        if (PLAIN.matcher(name).matches() && !WINDOWS_DEVICES.contains(name)) {
            return name + SUFFIX;
        }
        return "~" + base32(name.getBytes(StandardCharsets.UTF_8)) + SUFFIX;
    }

    /** RFC 4648 Base32, lower case, without padding. */
    static String base32(byte[] data) {
        StringBuilder out = new StringBuilder((data.length * 8 + 4) / 5);
        int buffer = 0;
        int bits = 0;
        for (byte b : data) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                out.append(BASE32[(buffer >>> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        if (bits > 0) {
            out.append(BASE32[(buffer << (5 - bits)) & 31]);
        }
        return out.toString();
    }
}
