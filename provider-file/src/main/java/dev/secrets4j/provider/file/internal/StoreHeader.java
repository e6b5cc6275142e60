package dev.secrets4j.provider.file.internal;

import dev.secrets4j.provider.file.Kdf;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import javax.crypto.AEADBadTagException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;

/**
 * The store's header file {@code store.json}: the store's id, the KDF and its parameters with a
 * random salt, and the data key wrapped (AES-256-GCM) under the key derived from the master
 * secret. Everything but the wrapped key itself is bound as associated data of the wrapping, so a
 * changed parameter, salt, id or date fails the unwrap just like a wrong master secret.
 *
 * @param storeId    random id of the store, bound into every value and record
 * @param createdAt  when the store was created
 * @param kdf        the key derivation and its cost
 * @param salt       the derivation's salt, fresh at every wrap
 * @param nonce      the wrapping's GCM nonce
 * @param wrappedKey the data key, encrypted, with its tag
 */
public record StoreHeader(String storeId, Instant createdAt, Kdf kdf, byte[] salt, byte[] nonce, byte[] wrappedKey) {

    /** The {@code format} field of a header. */
    public static final String FORMAT = "secrets4j-file-store";
    /** The layout version this code writes and reads. */
    public static final int FORMAT_VERSION = 1;

    private static final String AAD_LABEL = FORMAT + "/" + FORMAT_VERSION + " data key";
    private static final int ARGON2_VERSION = 0x13;

    /**
     * A header holding {@code dataKey} wrapped under a key derived from {@code master} with
     * {@code kdf} and a fresh salt. Costs one key derivation.
     */
    public static StoreHeader wrap(String storeId, Instant createdAt, Kdf kdf, byte[] master, byte[] dataKey, SecureRandom random) {
        byte[] salt = Crypto.random(random, Crypto.SALT_BYTES);
        byte[] kek = Crypto.derive(kdf, master, salt);
        try {
            Crypto.Sealed sealed = Crypto.seal(kek, dataKey, aad(storeId, createdAt, kdf, salt), random);
            return new StoreHeader(storeId, createdAt, kdf, salt, sealed.nonce(), sealed.ciphertext());
        } finally {
            Arrays.fill(kek, (byte) 0);
        }
    }

    /**
     * The data key, unwrapped with a key derived from {@code master}; to be cleared by the caller.
     * Costs one key derivation.
     *
     * @throws AEADBadTagException when the master secret is wrong or the header was altered
     */
    public byte[] unwrap(byte[] master) throws AEADBadTagException {
        byte[] kek = Crypto.derive(kdf, master, salt);
        try {
            return Crypto.open(kek, nonce, wrappedKey, aad(storeId, createdAt, kdf, salt));
        } finally {
            Arrays.fill(kek, (byte) 0);
        }
    }

    /** The header as JSON. */
    public byte[] toJson() {
        ObjectNode root = Json.object();
        root.put("format", FORMAT);
        root.put("formatVersion", FORMAT_VERSION);
        root.put("storeId", storeId);
        root.put("createdAt", createdAt.toString());
        ObjectNode k = root.putObject("kdf");
        k.put("algorithm", kdf.algorithm());
        if (kdf instanceof Kdf.Pbkdf2 p) {
            k.put("iterations", p.iterations());
        } else if (kdf instanceof Kdf.Argon2id a) {
            k.put("version", ARGON2_VERSION);
            k.put("memoryKiB", a.memoryKiB());
            k.put("iterations", a.iterations());
            k.put("parallelism", a.parallelism());
        }
        k.put("salt", Json.base64(salt));
        ObjectNode key = root.putObject("dataKey");
        key.put("algorithm", "AES-256-GCM");
        key.put("nonce", Json.base64(nonce));
        key.put("wrapped", Json.base64(wrappedKey));
        return Json.write(root);
    }

    /**
     * Parses a header.
     *
     * @throws FormatProblem naming the field that is missing or wrong, or the format that is unknown
     */
    public static StoreHeader parse(byte[] json) throws FormatProblem {
        JsonNode root = Json.parse(json);
        if (!FORMAT.equals(Json.text(root, "format"))) {
            throw new FormatProblem("field 'format' is not '" + FORMAT + "': this is not a secrets4j file store header");
        }
        int version = Json.integer(root, "formatVersion", 1, Integer.MAX_VALUE);
        if (version != FORMAT_VERSION) {
            throw new FormatProblem("it has format version " + version + ", this secrets4j reads version "
                    + FORMAT_VERSION + "; open it with the secrets4j release that wrote it");
        }
        String storeId = Json.text(root, "storeId");
        Instant createdAt;
        try {
            createdAt = Instant.parse(Json.text(root, "createdAt"));
        } catch (DateTimeParseException e) {
            throw new FormatProblem("field 'createdAt' is not an ISO-8601 instant");
        }
        JsonNode k = Json.child(root, "kdf");
        Kdf kdf = kdf(k);
        byte[] salt = Json.base64(k, "salt", Crypto.SALT_BYTES, 64);
        JsonNode key = Json.child(root, "dataKey");
        if (!"AES-256-GCM".equals(Json.text(key, "algorithm"))) {
            throw new FormatProblem("field 'dataKey.algorithm' is not 'AES-256-GCM'");
        }
        byte[] nonce = Json.base64(key, "nonce", Crypto.NONCE_BYTES, Crypto.NONCE_BYTES);
        byte[] wrapped = Json.base64(key, "wrapped", Crypto.KEY_BYTES + 16, Crypto.KEY_BYTES + 16);
        return new StoreHeader(storeId, createdAt, kdf, salt, nonce, wrapped);
    }

    /** The id, creation time and KDF; no key material. */
    @Override
    public String toString() {
        return "StoreHeader[" + storeId + ", created " + createdAt + ", " + kdf + "]";
    }

    private static Kdf kdf(JsonNode k) throws FormatProblem {
        String algorithm = Json.text(k, "algorithm");
        try {
            if (Kdf.Pbkdf2.NAME.equals(algorithm)) {
                return Kdf.pbkdf2(Json.integer(k, "iterations", 1, Integer.MAX_VALUE));
            }
            if (Kdf.Argon2id.NAME.equals(algorithm)) {
                if (Json.integer(k, "version", 0, Integer.MAX_VALUE) != ARGON2_VERSION) {
                    throw new FormatProblem("field 'kdf.version' is not 19 (Argon2 version 1.3)");
                }
                return Kdf.argon2id(Json.integer(k, "memoryKiB", 1, Integer.MAX_VALUE),
                        Json.integer(k, "iterations", 1, Integer.MAX_VALUE),
                        Json.integer(k, "parallelism", 1, Integer.MAX_VALUE));
            }
        } catch (IllegalArgumentException e) {
            throw new FormatProblem("its KDF parameters are refused: " + e.getMessage());
        }
        throw new FormatProblem("field 'kdf.algorithm' is '" + algorithm.replaceAll("\\p{Cntrl}", "?")
                + "', expected '" + Kdf.Pbkdf2.NAME + "' or '" + Kdf.Argon2id.NAME + "'");
    }

    private static byte[] aad(String storeId, Instant createdAt, Kdf kdf, byte[] salt) {
        Crypto.Canonical c = new Crypto.Canonical()
                .string(AAD_LABEL)
                .string(storeId)
                .string(createdAt.toString())
                .string(kdf.algorithm());
        // The parameters as numbers, not through toString(), so that wording never changes the format.
        if (kdf instanceof Kdf.Pbkdf2 p) {
            c.integer(p.iterations());
        } else if (kdf instanceof Kdf.Argon2id a) {
            c.integer(ARGON2_VERSION).integer(a.memoryKiB()).integer(a.iterations()).integer(a.parallelism());
        }
        return c.bytes(salt).toBytes();
    }
}
