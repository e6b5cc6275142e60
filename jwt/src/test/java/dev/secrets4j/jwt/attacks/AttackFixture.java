package dev.secrets4j.jwt.attacks;

import dev.secrets4j.jwt.JwtFixture;
import dev.secrets4j.jwt.JwtKeyRing;
import dev.secrets4j.jwt.JwtVerificationException;
import dev.secrets4j.jwt.JwtVerificationException.Reason;
import dev.secrets4j.jwt.JwtVerifier;
import dev.secrets4j.jwt.TokenForge;
import dev.secrets4j.testing.LeakCheck;

import java.security.PrivateKey;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** A ring on {@code rsa-2048-a.pem}, its signing key for forging, and one assertion: refused for this reason. */
final class AttackFixture implements AutoCloseable {

    final JwtFixture fx;
    final LeakCheck leaks;
    final PrivateKey ringKey;
    final PrivateKey attackerKey;
    final JwtKeyRing ring;
    final JwtVerifier verifier;

    AttackFixture(LeakCheck leaks) {
        this(leaks, JwtFixture.create(leaks), null);
    }

    AttackFixture(LeakCheck leaks, JwtFixture fx, JwtKeyRing ring) {
        this.leaks = leaks;
        this.fx = fx;
        String pem = fx.pem("rsa-2048-a.pem");
        this.ringKey = TokenForge.privateKey(pem);
        this.attackerKey = TokenForge.privateKey(fx.pem("rsa-2048-attacker.pem"));
        if (ring == null) {
            fx.set(JwtFixture.PRIVATE_KEY, pem);
            ring = fx.ring().build();
        }
        this.ring = ring;
        this.verifier = fx.verifier(ring).build();
    }

    Instant now() {
        return fx.time().now();
    }

    /** A good claims set for now. */
    String claims() {
        return TokenForge.claims(now());
    }

    /** An RS256 token with this header, signed by the ring's own key. */
    String signedByRing(String headerJson) {
        return fx.canary(TokenForge.rs256(ringKey, headerJson, claims()));
    }

    /** Asserts the token is refused for {@code reason}, by a message that leaks neither token nor kid. */
    JwtVerificationException assertRefused(String token, Reason reason) {
        return assertRefused(verifier, token, reason);
    }

    JwtVerificationException assertRefused(JwtVerifier v, String token, Reason reason) {
        JwtVerificationException e = catchThrowableOfType(JwtVerificationException.class, () -> v.verify(token));
        assertThat(e).as("a JwtVerificationException").isNotNull();
        assertThat(e.reason()).isEqualTo(reason);
        if (token.length() >= 8) { // shorter ones ("." or "a.b") occur in any sentence
            assertThat(e.getMessage()).doesNotContain(token);
        }
        leaks.assertNoLeak(e);
        return e;
    }

    @Override
    public void close() {
        ring.close();
        fx.close();
    }
}
