package dev.secrets4j.provider.file.internal;

import dev.secrets4j.provider.file.Kdf;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.generators.PKCS5S2ParametersGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.bouncycastle.crypto.params.KeyParameter;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * The store's cryptography, in one place: AES-256-GCM with a random 96-bit nonce and a 128-bit
 * tag, HMAC-SHA256, the key derivation from a master secret, and the length-prefixed encoding of
 * associated data. Stateless and thread-safe; every call makes its own {@link Cipher} or {@link Mac}.
 */
public final class Crypto {

    /** Bytes of every key: AES-256 and HMAC-SHA256. */
    public static final int KEY_BYTES = 32;
    /** Bytes of a GCM nonce. */
    public static final int NONCE_BYTES = 12;
    /** Bytes of a KDF salt. */
    public static final int SALT_BYTES = 16;

    private static final int TAG_BITS = 128;
    private static final String AES_GCM = "AES/GCM/NoPadding";
    private static final String HMAC = "HmacSHA256";

    private Crypto() {
    }

    /** A nonce and the ciphertext with its tag appended. */
    public record Sealed(byte[] nonce, byte[] ciphertext) {

        /** Shows lengths only. */
        @Override
        public String toString() {
            return "Sealed[" + ciphertext.length + " bytes]";
        }
    }

    /** Encrypts {@code plaintext} under {@code key} with a fresh random nonce, binding {@code aad}. */
    public static Sealed seal(byte[] key, byte[] plaintext, byte[] aad, SecureRandom random) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance(AES_GCM);
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(aad);
            return new Sealed(nonce, cipher.doFinal(plaintext));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(AES_GCM + " is not available in this Java runtime", e);
        }
    }

    /**
     * Decrypts and authenticates; the result is the plaintext, to be cleared by the caller.
     *
     * @throws AEADBadTagException when the key, nonce, ciphertext or associated data differ from the sealed ones
     */
    public static byte[] open(byte[] key, byte[] nonce, byte[] ciphertext, byte[] aad) throws AEADBadTagException {
        if (nonce.length != NONCE_BYTES || ciphertext.length < TAG_BITS / 8) {
            throw new AEADBadTagException("nonce or ciphertext has the wrong length");
        }
        try {
            Cipher cipher = Cipher.getInstance(AES_GCM);
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(aad);
            return cipher.doFinal(ciphertext);
        } catch (AEADBadTagException e) {
            throw e;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(AES_GCM + " is not available in this Java runtime", e);
        }
    }

    /** HMAC-SHA256 of {@code data} under {@code key}. */
    public static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(key, HMAC));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(HMAC + " is not available in this Java runtime", e);
        }
    }

    /** Whether two MACs are equal, compared in constant time. */
    public static boolean sameMac(byte[] a, byte[] b) {
        return MessageDigest.isEqual(a, b);
    }

    /** A sub-key of {@code dataKey} for one purpose: HMAC-SHA256(dataKey, label), as HKDF-Expand's first block. */
    public static byte[] subKey(byte[] dataKey, String label) {
        byte[] info = (label + "\u0001").getBytes(StandardCharsets.UTF_8);
        return hmac(dataKey, info);
    }

    /** The UTF-8 bytes of {@code chars}, leaving no other copy behind; to be cleared by the caller. */
    public static byte[] utf8(char[] chars) {
        ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(chars));
        byte[] out = new byte[encoded.remaining()];
        encoded.get(out);
        if (encoded.hasArray()) {
            Arrays.fill(encoded.array(), (byte) 0);
        }
        return out;
    }

    /** {@code n} random bytes. */
    public static byte[] random(SecureRandom random, int n) {
        byte[] out = new byte[n];
        random.nextBytes(out);
        return out;
    }

    /**
     * The key-encryption key derived from {@code secret} and {@code salt} with {@code kdf}: 32 bytes,
     * to be cleared by the caller.
     */
    public static byte[] derive(Kdf kdf, byte[] secret, byte[] salt) {
        if (kdf instanceof Kdf.Pbkdf2 p) {
            return pbkdf2(secret, salt, p.iterations(), KEY_BYTES);
        }
        Kdf.Argon2id a = (Kdf.Argon2id) kdf;
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(a.memoryKiB())
                .withIterations(a.iterations())
                .withParallelism(a.parallelism())
                .withSalt(salt)
                .build());
        byte[] out = new byte[KEY_BYTES];
        generator.generateBytes(secret, out);
        return out;
    }

    /** PBKDF2-HMAC-SHA256 at any iteration count: {@link Kdf.Pbkdf2} enforces the minimum, this is for test vectors. */
    static byte[] pbkdf2(byte[] secret, byte[] salt, int iterations, int length) {
        PKCS5S2ParametersGenerator generator = new PKCS5S2ParametersGenerator(new SHA256Digest());
        generator.init(secret, salt, iterations);
        byte[] key = ((KeyParameter) generator.generateDerivedParameters(length * 8)).getKey();
        byte[] out = key.clone();
        Arrays.fill(key, (byte) 0);
        return out;
    }

    /**
     * Associated data: a label and parts, each written as a 4-byte big-endian length and its
     * UTF-8 bytes, so that no two different lists encode alike.
     */
    public static byte[] aad(String label, String... parts) {
        Canonical c = new Canonical();
        c.string(label);
        for (String part : parts) {
            c.string(part);
        }
        return c.toBytes();
    }

    /** An unambiguous binary encoding of fields, for associated data and MACs. Not thread-safe. */
    public static final class Canonical {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream(256);

        /** Appends a string as its length and UTF-8 bytes. */
        public Canonical string(String s) {
            return bytes(s.getBytes(StandardCharsets.UTF_8));
        }

        /** Appends bytes with their length first. */
        public Canonical bytes(byte[] b) {
            integer(b.length);
            out.writeBytes(b);
            return this;
        }

        /** Appends a 4-byte big-endian integer. */
        public Canonical integer(int i) {
            out.writeBytes(ByteBuffer.allocate(4).putInt(i).array());
            return this;
        }

        /** Appends an 8-byte big-endian integer. */
        public Canonical longInteger(long l) {
            out.writeBytes(ByteBuffer.allocate(8).putLong(l).array());
            return this;
        }

        /** The bytes appended so far. */
        public byte[] toBytes() {
            return out.toByteArray();
        }
    }
}
