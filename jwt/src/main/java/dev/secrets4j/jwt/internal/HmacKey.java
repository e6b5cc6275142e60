package dev.secrets4j.jwt.internal;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import dev.secrets4j.Secret;
import dev.secrets4j.SecretFormatException;

import java.util.Set;

/**
 * One version of a legacy HS256 secret, able to verify the MAC of tokens signed with it during
 * an HS256 to RS256 migration. Never signs. {@link #toString()} shows the version only.
 */
public final class HmacKey {

    /** RFC 7518 section 3.2: an HS256 key must be at least as long as the hash output. */
    public static final int MIN_BYTES = 32;

    private final String version;
    private final MACVerifier verifier;

    private HmacKey(String version, MACVerifier verifier) {
        this.version = version;
        this.verifier = verifier;
    }

    /**
     * Makes the key from the secret's bytes (used as they are, as HS256 libraries do).
     *
     * @throws SecretFormatException naming the secret and version when it is shorter than 32 bytes
     */
    public static HmacKey parse(Secret secret) {
        byte[] bytes = secret.asBytes();
        if (bytes.length < MIN_BYTES) {
            throw new SecretFormatException("secret '" + secret.name() + "' version " + secret.version() + " from "
                    + secret.providerId() + " is too short for HS256: " + bytes.length + " bytes, need at least "
                    + MIN_BYTES + " (RFC 7518); legacy tokens MACed with so short a secret can be forged,"
                    + " so rotate it to a random value of 32 bytes or more, or drop legacyHmac(...)");
        }
        try {
            return new HmacKey(secret.version(), new MACVerifier(bytes, Set.of()));
        } catch (JOSEException e) {
            throw new SecretFormatException("secret '" + secret.name() + "' version " + secret.version() + " from "
                    + secret.providerId() + " cannot be used as an HS256 key (" + e.getClass().getSimpleName()
                    + "); store a random value of at least " + MIN_BYTES + " bytes");
        }
    }

    /** The secret version the key was made from. */
    public String version() {
        return version;
    }

    /** Verifies HS256 MACs with this key, in constant time (thread-safe). */
    public JWSVerifier verifier() {
        return verifier;
    }

    @Override
    public String toString() {
        return "HmacKey[" + version + "]";
    }
}
