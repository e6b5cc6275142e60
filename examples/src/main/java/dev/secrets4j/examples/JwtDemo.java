package dev.secrets4j.examples;

import dev.secrets4j.Secrets;
import dev.secrets4j.Subscription;
import dev.secrets4j.jwt.JwtClaims;
import dev.secrets4j.jwt.JwtKey;
import dev.secrets4j.jwt.JwtKeyRing;
import dev.secrets4j.jwt.JwtSigner;
import dev.secrets4j.jwt.JwtVerificationException;
import dev.secrets4j.jwt.JwtVerifier;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Shows JWT signing across a key rotation: builds a {@link JwtKeyRing} on JWT_PRIVATE_KEY, signs a
 * token, replaces the key file with a new RSA key, and shows that the token signed before the
 * rotation still verifies (its key is verify-only for the grace period) while new tokens carry
 * the new key's {@code kid}, and that the JWKS publishes both public keys. Prints key ids and
 * claims, never a token or key.
 */
final class JwtDemo {

    static final String ISSUER = "https://auth.example";
    static final String AUDIENCE = "orders-api";
    /** How long the rotation may take to reach the ring (file watch, else a refresh). */
    static final Duration CHANGE_WAIT = Duration.ofSeconds(10);

    private JwtDemo() {
    }

    /** Signs, rotates and verifies; false when a step did not go as it should. */
    static boolean run(Secrets secrets, DevSecrets dev, Path folder, PrintStream out)
            throws IOException, InterruptedException {
        String name = DevSecrets.JWT_PRIVATE_KEY;
        try (JwtKeyRing ring = JwtKeyRing.builder(secrets).privateKey(name).grace(Duration.ofHours(24)).build()) {
            JwtSigner signer = JwtSigner.builder(ring).issuer(ISSUER).lifetime(Duration.ofMinutes(15)).build();
            JwtVerifier verifier = JwtVerifier.builder(ring).issuer(ISSUER).audience(AUDIENCE)
                    .requiredClaims("sub", "role").build();
            printKeys("ring:   ", ring, out);

            String before = signer.sign(JwtClaims.builder().subject("user-42").audience(AUDIENCE)
                    .claim("role", "admin").claim("permissions", List.of("orders:read", "orders:write")).build());
            String oldKid = ring.primaryKid();
            out.println("   signed a token for sub=user-42 with kid " + oldKid + " (" + before.length()
                    + " characters; tokens are not printed)");

            CountDownLatch rotated = new CountDownLatch(1);
            // Registered after the ring's own listener, on the same listener thread: it runs once the ring has the new key.
            try (Subscription s = secrets.onChange(name, change -> rotated.countDown())) {
                dev.rotateJwtKey(folder);
                out.println("   rotated " + name + ": new RSA " + DevSecrets.KEY_BITS + " key written to "
                        + folder.resolve(name));
                secrets.refresh(name); // the file watch may have noticed already; then this finds no change
                if (!rotated.await(CHANGE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                    out.println("   no change event for " + name + " within " + CHANGE_WAIT.toSeconds() + " s");
                    return false;
                }
            }
            printKeys("ring:   ", ring, out);
            if (ring.primaryKid().equals(oldKid)) {
                out.println("   unexpected: the ring still signs with " + oldKid);
                return false;
            }

            JwtClaims claims = verifier.verify(before);
            out.println("   the token signed before the rotation still verifies (grace period): sub="
                    + claims.subject().orElse("?") + " role=" + claims.stringClaim("role").orElse("?"));
            String after = signer.sign(JwtClaims.builder().subject("user-7").audience(AUDIENCE).claim("role", "viewer").build());
            out.println("   a new token is signed with kid " + ring.primaryKid() + " and verifies: sub="
                    + verifier.verify(after).subject().orElse("?"));
            out.println("   JWKS (serve at /.well-known/jwks.json) publishes " + countKeys(ring) + " public keys;"
                    + " Cache-Control max-age=" + ring.jwksMaxAge().toSeconds());
            try {
                JwtVerifier.builder(ring).audience("billing-api").build().verify(after);
                out.println("   unexpected: a token for another audience verified");
                return false;
            } catch (JwtVerificationException e) {
                out.println("   a token for another audience is refused: " + e.reason());
            }
            return true;
        }
    }

    private static void printKeys(String label, JwtKeyRing ring, PrintStream out) {
        for (JwtKey k : ring.keys()) {
            out.println("   " + label + k.kid() + "  " + k.state() + "  RSA " + k.bits() + "  " + k.secretName()
                    + " v" + k.version());
            label = "        ";
        }
    }

    private static long countKeys(JwtKeyRing ring) {
        return ring.keys().stream().map(JwtKey::kid).distinct().count();
    }
}
