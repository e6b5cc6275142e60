package dev.secrets4j.generate;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.spec.RSAKeyGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * Makes RSA private keys as unencrypted PKCS#8 PEM ({@code -----BEGIN PRIVATE KEY-----}, base64 in
 * lines of 64 characters, LF line ends, a final newline) with public exponent 65537: the form
 * {@code SecretSpec.rsaPrivateKey(bits)}, the JWT key ring and OpenSSL 3 read. The public key is
 * part of the private key's structure, so nothing else needs storing.
 *
 * <pre>{@code
 * RsaKeyGenerator generator = RsaKeyGenerator.builder().bits(3072).type("signing-key").build();
 * }</pre>
 *
 * <p>A 4096-bit key takes from a fraction of a second to a few seconds to find; an 8192-bit one up
 * to a minute. Immutable and thread-safe.
 */
public final class RsaKeyGenerator implements SecretGenerator {

    /** The key size when none is set: 4096 bits. */
    public static final int DEFAULT_BITS = 4096;
    /** The key sizes accepted, in bits. */
    public static final List<Integer> ALLOWED_BITS = List.of(2048, 3072, 4096, 8192);

    private static final byte[] BEGIN = "-----BEGIN PRIVATE KEY-----\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END = "\n-----END PRIVATE KEY-----\n".getBytes(StandardCharsets.US_ASCII);
    private static final Base64.Encoder PEM_BODY = Base64.getMimeEncoder(64, new byte[] {'\n'});

    private final String type;
    private final int bits;

    private RsaKeyGenerator(Builder b) {
        this.type = b.type;
        this.bits = b.bits;
    }

    /** Starts an RSA key generator: type {@code rsa-private-key}, 4096 bits. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns the catalog type this generator serves; {@code rsa-private-key} unless set otherwise. */
    @Override
    public String type() {
        return type;
    }

    /** Returns the size of the keys' modulus in bits. */
    public int bits() {
        return bits;
    }

    /**
     * Makes a new key.
     *
     * @return the PKCS#8 PEM text as ASCII bytes, in a new array the caller clears when done
     * @throws IllegalStateException when this Java runtime cannot generate RSA keys of this size
     */
    @Override
    public byte[] generate(SecureRandom random) {
        Objects.requireNonNull(random, "random");
        PrivateKey key;
        KeyPairGenerator generator;
        try {
            generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(new RSAKeyGenParameterSpec(bits, RSAKeyGenParameterSpec.F4), random);
            key = generator.generateKeyPair().getPrivate();
        } catch (GeneralSecurityException e) {
            // The message names an algorithm or a size, never key material: there is none yet.
            throw new IllegalStateException("this Java runtime cannot generate " + bits + "-bit RSA keys for type '"
                    + type + "': " + e.getMessage(), e);
        }
        if (!"PKCS#8".equals(key.getFormat())) {
            throw new IllegalStateException("the RSA key pair generator of provider " + generator.getProvider().getName()
                    + " encodes private keys as " + key.getFormat() + ", not PKCS#8; check the installed security providers");
        }
        byte[] der = key.getEncoded();
        byte[] body = PEM_BODY.encode(der);
        Arrays.fill(der, (byte) 0);
        byte[] pem = new byte[BEGIN.length + body.length + END.length];
        System.arraycopy(BEGIN, 0, pem, 0, BEGIN.length);
        System.arraycopy(body, 0, pem, BEGIN.length, body.length);
        System.arraycopy(END, 0, pem, BEGIN.length + body.length, END.length);
        Arrays.fill(body, (byte) 0);
        return pem;
    }

    /** {@code RsaKeyGenerator[rsa-private-key: 4096 bits, PKCS#8 PEM]}. */
    @Override
    public String toString() {
        return "RsaKeyGenerator[" + type + ": " + bits + " bits, PKCS#8 PEM]";
    }

    /** Settings of an {@link RsaKeyGenerator}; each setter checks its argument at once and names the setting. */
    public static final class Builder {
        private String type = SecretType.RSA_PRIVATE_KEY.catalogName();
        private int bits = DEFAULT_BITS;

        private Builder() {
        }

        /**
         * Sets the catalog type the generator serves; default {@code rsa-private-key}. Give a
         * configured generator a type of its own to register it next to the built-in one.
         *
         * @throws IllegalArgumentException when it is not a type name
         */
        public Builder type(String type) {
            this.type = TypeNames.check("type", type);
            return this;
        }

        /**
         * Sets the size of the modulus; default 4096.
         *
         * @throws IllegalArgumentException when it is not 2048, 3072, 4096 or 8192
         */
        public Builder bits(int bits) {
            if (!ALLOWED_BITS.contains(bits)) {
                throw new IllegalArgumentException("bits must be one of 2048, 3072, 4096 or 8192, got " + bits
                        + (bits < 2048 ? "; RSA keys under 2048 bits are too weak" : ""));
            }
            this.bits = bits;
            return this;
        }

        /** Creates the generator. */
        public RsaKeyGenerator build() {
            return new RsaKeyGenerator(this);
        }
    }
}
