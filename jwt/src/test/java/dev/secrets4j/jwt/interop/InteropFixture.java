package dev.secrets4j.jwt.interop;

import dev.secrets4j.Secrets;
import dev.secrets4j.jwt.JwtAlgorithm;
import dev.secrets4j.jwt.JwtClaims;
import dev.secrets4j.jwt.JwtKeyRing;
import dev.secrets4j.jwt.JwtSigner;
import dev.secrets4j.jwt.JwtVerifier;
import dev.secrets4j.testing.FakeTime;
import dev.secrets4j.testing.InMemorySecretProvider;
import dev.secrets4j.testing.LeakCheck;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

/**
 * One key ring, signer and verifier of ours over an in-memory provider and a fake clock, plus the
 * same keys as plain JDK objects for the other libraries. The PEMs are read and turned into keys
 * with the JDK only, so that nothing of ours stands between a test key and a peer library.
 */
final class InteropFixture implements AutoCloseable {

    /** The instant every test starts at; all libraries are told this is "now". */
    static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    static final String ISSUER = "https://auth.example";
    static final String AUDIENCE = "api";
    static final String KEY_SECRET = "JWT_PRIVATE_KEY";

    static final String KEY_A = "rsa-2048-a.pem";
    static final String KEY_B = "rsa-2048-b.pem";
    static final String OUTSIDER = "rsa-2048-outsider.pem";
    static final String KEY_4096 = "rsa-4096.pem";

    final FakeTime time = FakeTime.startingAt(NOW);
    final InMemorySecretProvider memory = InMemorySecretProvider.builder().clock(time.clock()).build();
    final Secrets secrets;
    final JwtKeyRing ring;
    final JwtSigner signer;
    final JwtVerifier verifier;

    private InteropFixture(String keyPem, JwtAlgorithm algorithm) {
        memory.set(KEY_SECRET, keyPem);
        secrets = Secrets.builder().provider(memory).require(KEY_SECRET)
                .listenerExecutor(Runnable::run).clock(time.clock()).scheduler(time).build();
        ring = JwtKeyRing.builder(secrets).privateKey(KEY_SECRET).algorithm(algorithm)
                .clock(time.clock()).build();
        signer = JwtSigner.builder(ring).issuer(ISSUER).lifetime(Duration.ofMinutes(15))
                .clock(time.clock()).build();
        verifier = JwtVerifier.builder(ring).issuer(ISSUER).audience(AUDIENCE)
                .requiredClaims("sub", "role").clock(time.clock()).build();
    }

    /** A ring whose primary key is the PEM resource {@code keyResource}, signing with {@code algorithm}. */
    static InteropFixture start(LeakCheck leaks, String keyResource, JwtAlgorithm algorithm) {
        return new InteropFixture(canaryPem(leaks, keyResource), algorithm);
    }

    /** Reads a PEM resource and registers it, and its Base64 body on one line, as canaries. */
    static String canaryPem(LeakCheck leaks, String resource) {
        String pem = pem(resource);
        leaks.canary(pem);
        leaks.canary(body(pem));
        return pem;
    }

    /** Registers a token and its signature part as canaries; returns the token. */
    static String canaryToken(LeakCheck leaks, String token) {
        leaks.canary(token);
        leaks.canary(token.substring(token.lastIndexOf('.') + 1));
        return token;
    }

    /** Rotates the ring's key secret to the PEM resource {@code keyResource}, synchronously. */
    void rotateTo(LeakCheck leaks, String keyResource) {
        memory.set(KEY_SECRET, canaryPem(leaks, keyResource));
        secrets.refresh(KEY_SECRET);
    }

    /** The claims every test token carries: standard ones plus {@code role}, {@code permissions}, {@code user_id}. */
    static JwtClaims standardClaims() {
        return JwtClaims.builder()
                .subject("user-42")
                .audience(AUDIENCE)
                .claim("role", "admin")
                .claim("permissions", List.of("read", "write"))
                .claim("user_id", 42)
                .build();
    }

    /** The text of a resource under {@code interop/}. */
    static String pem(String resource) {
        try (InputStream in = InteropFixture.class.getResourceAsStream("/interop/" + resource)) {
            if (in == null) {
                throw new IllegalStateException("test resource interop/" + resource + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The private key of a PKCS#8 PEM resource, decoded by the JDK. */
    static RSAPrivateCrtKey privateKey(String resource) {
        try {
            byte[] der = Base64.getDecoder().decode(body(pem(resource)));
            return (RSAPrivateCrtKey) KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("test key " + resource + " is not an RSA PKCS#8 key", e);
        }
    }

    /** The public half of a PKCS#8 PEM resource, derived by the JDK. */
    static RSAPublicKey publicKey(String resource) {
        RSAPrivateCrtKey key = privateKey(resource);
        try {
            return (RSAPublicKey) KeyFactory.getInstance("RSA")
                    .generatePublic(new RSAPublicKeySpec(key.getModulus(), key.getPublicExponent()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("test key " + resource + " has no usable public key", e);
        }
    }

    /** A PEM text block of {@code type} around {@code der}, 64 characters a line (RFC 7468). */
    static String toPem(String type, byte[] der) {
        String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + base64 + "\n-----END " + type + "-----\n";
    }

    private static String body(String pem) {
        return pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    }

    @Override
    public void close() {
        ring.close();
        secrets.close();
    }
}
