package dev.secrets4j.jwt;

import dev.secrets4j.Keyset;

/**
 * What a {@link JwtKeyRing} says about one of its public keys: never key material.
 *
 * @param kid        the key id put in token headers and the JWKS (RFC 7638 thumbprint unless the
 *                   secret's metadata gives a {@code kid})
 * @param state      whether the key is pending, signs (primary) or only verifies
 * @param bits       the RSA modulus size
 * @param secretName the secret the key was read from
 * @param version    the version of that secret
 */
public record JwtKey(String kid, Keyset.State state, int bits, String secretName, String version) {
}
