package dev.secrets4j.jwt.internal;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import dev.secrets4j.Secret;
import dev.secrets4j.SecretFormatException;
import dev.secrets4j.SecretSpec;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

import java.io.CharArrayReader;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Reads RSA keys for a JWT key ring from PEM secrets and writes new ones. The shape of a value
 * (PEM, RSA, size) is judged by core's {@link SecretSpec}s, so boot validation and the ring say
 * the same thing about a bad key; every error names the secret, version and provider, never
 * quotes the value, and says what to store instead.
 */
public final class RsaPem {

    /** The smallest RSA modulus accepted, in bits (NIST SP 800-57: 2048 until 2030). */
    public static final int MIN_BITS = 2048;

    /** The largest RSA modulus generated, in bits: beyond it signing gets needlessly slow. */
    public static final int MAX_GENERATED_BITS = 16384;

    private static final String PRIVATE_ADVICE = "store an unencrypted RSA private key PEM (PKCS#8 BEGIN PRIVATE KEY"
            + " or PKCS#1 BEGIN RSA PRIVATE KEY) of at least " + MIN_BITS + " bits;"
            + " JwtKeyRing.generatePrivateKeyPem() makes a 4096-bit one";
    private static final String PUBLIC_ADVICE = "store the RSA public key PEM (BEGIN PUBLIC KEY or BEGIN RSA PUBLIC KEY)"
            + " of at least " + MIN_BITS + " bits; 'openssl pkey -in key.pem -pubout' prints it";

    private RsaPem() {
    }

    /**
     * The signing key in a private-key secret, with its derived public key.
     *
     * @throws SecretFormatException naming the secret and version when the value is not an RSA
     *                               private key PEM of at least 2048 bits
     */
    public static RingKey privateKey(Secret secret, JWSAlgorithm alg) {
        judge(secret, SecretSpec.rsaPrivateKey(MIN_BITS), "cannot sign JWTs", PRIVATE_ADVICE);
        Object pem = read(secret, PRIVATE_ADVICE).stream()
                .filter(o -> o instanceof PrivateKeyInfo || o instanceof PEMKeyPair)
                .findFirst().orElseThrow(() -> bad(secret, "cannot sign JWTs: no private key found", PRIVATE_ADVICE));
        PrivateKeyInfo info = pem instanceof PEMKeyPair pair ? pair.getPrivateKeyInfo() : (PrivateKeyInfo) pem;
        try {
            if (!(new JcaPEMKeyConverter().getPrivateKey(info) instanceof RSAPrivateCrtKey crt)) {
                throw bad(secret, "cannot sign JWTs: the RSA private key lacks its public exponent (CRT form)",
                        PRIVATE_ADVICE);
            }
            RSAPublicKey publicKey = (RSAPublicKey) KeyFactory.getInstance("RSA")
                    .generatePublic(new RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent()));
            return ringKey(secret, alg, publicKey, Optional.of(crt));
        } catch (java.io.IOException | GeneralSecurityException | ClassCastException e) {
            // The provider's message may carry key material: keep only the type.
            throw bad(secret, "cannot sign JWTs: the RSA private key inside is malformed ("
                    + e.getClass().getSimpleName() + ")", PRIVATE_ADVICE);
        }
    }

    /**
     * The verification key in a public-key secret.
     *
     * @throws SecretFormatException naming the secret and version when the value is not an RSA
     *                               public key PEM of at least 2048 bits
     */
    public static RingKey publicKey(Secret secret, JWSAlgorithm alg) {
        judge(secret, SecretSpec.publicKey(), "cannot verify JWTs", PUBLIC_ADVICE);
        SubjectPublicKeyInfo info = read(secret, PUBLIC_ADVICE).stream()
                .filter(SubjectPublicKeyInfo.class::isInstance).map(SubjectPublicKeyInfo.class::cast)
                .findFirst().orElseThrow(() -> bad(secret, "cannot verify JWTs: no public key found", PUBLIC_ADVICE));
        PublicKey key;
        try {
            key = new JcaPEMKeyConverter().getPublicKey(info);
        } catch (java.io.IOException e) {
            throw bad(secret, "cannot verify JWTs: the public key inside is malformed", PUBLIC_ADVICE);
        }
        if (!(key instanceof RSAPublicKey rsa)) {
            throw bad(secret, "cannot verify JWTs: it holds a public key of type " + key.getAlgorithm() + ", need RSA", PUBLIC_ADVICE);
        }
        int bits = rsa.getModulus().bitLength();
        if (bits < MIN_BITS) {
            throw bad(secret, "cannot verify JWTs: RSA key has " + bits + " bits, need " + MIN_BITS, PUBLIC_ADVICE);
        }
        return ringKey(secret, alg, rsa, Optional.empty());
    }

    /** A PKCS#8 PEM ({@code BEGIN PRIVATE KEY}) of a new RSA key of {@code bits} bits. */
    public static String generate(int bits) {
        if (bits < MIN_BITS || bits > MAX_GENERATED_BITS) {
            throw new IllegalArgumentException("bits must be between " + MIN_BITS + " and " + MAX_GENERATED_BITS
                    + ", got " + bits);
        }
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(bits);
            byte[] der = generator.generateKeyPair().getPrivate().getEncoded();
            String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
            Arrays.fill(der, (byte) 0);
            return "-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n";
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM cannot generate RSA keys (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    private static RingKey ringKey(Secret secret, JWSAlgorithm alg, RSAPublicKey publicKey,
                                   Optional<RSAPrivateCrtKey> privateKey) {
        try {
            RSAKey thumbprinted = new RSAKey.Builder(publicKey).build();
            String kid = secret.metadata("kid").filter(k -> !k.isBlank())
                    .orElse(thumbprinted.computeThumbprint().toString());
            RSAKey jwk = new RSAKey.Builder(publicKey).keyID(kid).keyUse(KeyUse.SIGNATURE).algorithm(alg).build();
            return new RingKey(kid, jwk, publicKey, privateKey.map(k -> k));
        } catch (JOSEException e) {
            throw bad(secret, "cannot be used for JWTs (" + e.getClass().getSimpleName() + ")", PUBLIC_ADVICE);
        }
    }

    private static void judge(Secret secret, SecretSpec spec, String cannot, String advice) {
        List<SecretSpec.Violation> errors = spec.check(secret, Instant.EPOCH).stream()
                .filter(v -> v.severity() == dev.secrets4j.Problem.Severity.ERROR).toList();
        if (!errors.isEmpty()) {
            throw bad(secret, cannot + ": " + errors.get(0).message(), advice);
        }
    }

    private static List<Object> read(Secret secret, String advice) {
        char[] text = secret.asChars();
        try (PEMParser parser = new PEMParser(new CharArrayReader(text))) {
            List<Object> objects = new java.util.ArrayList<>();
            Object next;
            while (objects.size() < 64 && (next = parser.readObject()) != null) {
                objects.add(next);
            }
            return objects;
        } catch (Exception e) {
            throw bad(secret, "is malformed or truncated PEM", advice);
        } finally {
            Arrays.fill(text, '\0');
        }
    }

    private static SecretFormatException bad(Secret secret, String problem, String advice) {
        return new SecretFormatException("secret '" + secret.name() + "' version " + secret.version() + " from "
                + secret.providerId() + " " + problem + "; " + advice);
    }
}
