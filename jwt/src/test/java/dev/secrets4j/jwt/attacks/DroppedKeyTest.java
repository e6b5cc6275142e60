package dev.secrets4j.jwt.attacks;

import dev.secrets4j.jwt.JwtClaims;
import dev.secrets4j.jwt.JwtFixture;
import dev.secrets4j.jwt.JwtKeyRing;
import dev.secrets4j.jwt.JwtSigner;
import dev.secrets4j.jwt.JwtVerificationException.Reason;
import dev.secrets4j.jwt.TokenForge;
import dev.secrets4j.testing.LeakCheck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** A key dropped after its grace period signs nothing the verifier accepts, whatever the token claims. */
class DroppedKeyTest {

    @RegisterExtension
    final LeakCheck leaks = LeakCheck.create();

    private final JwtFixture fx = JwtFixture.create(leaks);
    private final AttackFixture at;

    DroppedKeyTest() {
        fx.set(JwtFixture.PRIVATE_KEY, fx.pem("rsa-2048-a.pem"));
        JwtKeyRing ring = fx.ring().grace(Duration.ofHours(1)).build();
        at = new AttackFixture(leaks, fx, ring);
    }

    @AfterEach
    void close() {
        at.close();
    }

    @Test
    void verify_whenSignedByAKeyDroppedAfterItsGrace_rejectsWithUnknownKid() {
        String oldKid = at.ring.primaryKid();
        JwtSigner signer = fx.signer(at.ring).lifetime(Duration.ofDays(7)).build();
        String longLived = fx.canary(signer.sign(JwtClaims.builder().subject("user-42").build()));
        fx.rotate(JwtFixture.PRIVATE_KEY, fx.pem("rsa-2048-b.pem"));
        fx.advance(Duration.ofHours(1));

        at.assertRefused(longLived, Reason.UNKNOWN_KID);
        // A token freshly forged with the stolen old key, with a fresh iat, fails the same way ...
        at.assertRefused(fx.canary(TokenForge.rs256(at.ringKey, TokenForge.header("RS256", oldKid), at.claims())),
                Reason.UNKNOWN_KID);
        // ... and without a kid it is tried against the new primary only.
        at.assertRefused(fx.canary(TokenForge.rs256(at.ringKey, TokenForge.header("RS256", null), at.claims())),
                Reason.BAD_SIGNATURE);
        assertThat(at.ring.jwks()).doesNotContain(oldKid);
    }
}
