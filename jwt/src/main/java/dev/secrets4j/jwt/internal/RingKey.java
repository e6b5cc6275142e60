package dev.secrets4j.jwt.internal;

import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.RSAKey;

import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Optional;
import java.util.Set;

/**
 * One RSA key of a JWT key ring, made from one secret version: its {@code kid}, its public JWK
 * and verifier, and, for a private-key secret, its signer. {@link #toString()} shows the
 * {@code kid} only, never key material (nimbus's own {@code RSAKey.toString()} would print the
 * private parts).
 */
public final class RingKey {

    private final String kid;
    private final int bits;
    private final RSAKey publicJwk;
    private final RSASSAVerifier verifier;
    private final Optional<RSASSASigner> signer;

    RingKey(String kid, RSAKey publicJwk, RSAPublicKey publicKey, Optional<RSAPrivateKey> privateKey) {
        this.kid = kid;
        this.bits = publicKey.getModulus().bitLength();
        this.publicJwk = publicJwk;
        // No deferred critical headers: the verifier refuses every crit header before it gets here.
        this.verifier = new RSASSAVerifier(publicKey, Set.of());
        this.signer = privateKey.map(RSASSASigner::new);
    }

    /** The key id: the RFC 7638 thumbprint, or the secret's {@code kid} metadata. */
    public String kid() {
        return kid;
    }

    /** The modulus size in bits. */
    public int bits() {
        return bits;
    }

    /** The public JWK with {@code kid}, {@code use: sig} and {@code alg}; never a private part. */
    public RSAKey publicJwk() {
        return publicJwk;
    }

    /** Verifies RS256/PS256 signatures with this key (thread-safe). */
    public JWSVerifier verifier() {
        return verifier;
    }

    /** Signs with this key, when it was made from a private key (thread-safe). */
    public Optional<RSASSASigner> signer() {
        return signer;
    }

    @Override
    public String toString() {
        return "RingKey[" + kid + ", RSA " + bits + "]";
    }
}
