package dev.secrets4j.jwt.attacks;

import dev.secrets4j.jwt.JwtVerificationException;
import dev.secrets4j.jwt.JwtVerificationException.Reason;
import dev.secrets4j.jwt.TokenForge;
import dev.secrets4j.testing.LeakCheck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile {@code kid} values (paths, SQL, log and lookup injection) are only ever a map key: they
 * find nothing, fail as UNKNOWN_KID, and appear in no message and no log line.
 */
class KidInjectionTest {

    @RegisterExtension
    final LeakCheck leaks = LeakCheck.create();

    private final AttackFixture at = new AttackFixture(leaks);

    @AfterEach
    void close() {
        at.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "../../../../../../etc/passwd", "/dev/null", "file:///etc/passwd", "..\\\\..\\\\windows\\\\win.ini",
            "' OR '1'='1", "1; DROP TABLE jwt_keys; --", "\\u0000", "kid\\r\\n12:00:00 INFO forged log line",
            "${jndi:ldap://127.0.0.1:1389/a}", "<script>alert(1)</script>", "%2e%2e%2f%2e%2e%2fetc%2fpasswd"})
    void verify_whenKidIsHostile_rejectsWithUnknownKid_withoutEchoingIt(String kidJson) {
        String token = at.fx.canary(TokenForge.rs256(at.attackerKey,
                "{\"alg\":\"RS256\",\"kid\":\"" + kidJson + "\"}", at.claims()));
        JwtVerificationException e = at.assertRefused(token, Reason.UNKNOWN_KID);
        String raw = kidJson.replace("\\\\", "\\").replace("\\r", "\r").replace("\\n", "\n").replace("\\u0000", "\0");
        assertThat(e.getMessage()).doesNotContain(raw);
        assertThat(leaks.capturedLines()).noneMatch(l -> l.contains(raw));
    }

    @Test
    void verify_whenKidIsHostileButTokenIsRingSigned_stillUnknownKid() {
        // Even the ring's own key is not found under a path-like kid: kids are compared, never resolved.
        at.assertRefused(at.signedByRing("{\"alg\":\"RS256\",\"kid\":\"./" + at.ring.primaryKid() + "\"}"), Reason.UNKNOWN_KID);
    }

    @Test
    void verify_whenKidIsHuge_rejectsWithUnknownKid() {
        String token = at.fx.canary(TokenForge.rs256(at.attackerKey,
                "{\"alg\":\"RS256\",\"kid\":\"" + "k".repeat(4000) + "\"}", at.claims()));
        assertThat(at.assertRefused(token, Reason.UNKNOWN_KID).getMessage()).hasSizeLessThan(400);
    }

    @Test
    void verify_whenKidIsNotAString_rejectsAsMalformed() {
        at.assertRefused(at.signedByRing("{\"alg\":\"RS256\",\"kid\":{\"$ne\":null}}"), Reason.MALFORMED);
        at.assertRefused(at.signedByRing("{\"alg\":\"RS256\",\"kid\":42}"), Reason.MALFORMED);
    }
}
