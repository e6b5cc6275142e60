package dev.secrets4j.jwt;

import dev.secrets4j.testing.LeakCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** JwtClaims: typed accessors, checked values, immutability, and a toString without values. */
class JwtClaimsTest {

    @RegisterExtension
    final LeakCheck leaks = LeakCheck.create();

    @Test
    void builder_setsRegisteredClaims_readBackTyped() {
        Instant exp = Instant.parse("2026-03-01T00:15:00.900Z");
        JwtClaims c = JwtClaims.builder().issuer("https://auth.example").subject("user-42").audience("api", "admin")
                .expiresAt(exp).notBefore(exp.minusSeconds(900)).issuedAt(exp.minusSeconds(900)).jwtId("id-1").build();

        assertThat(c.issuer()).contains("https://auth.example");
        assertThat(c.subject()).contains("user-42");
        assertThat(c.audience()).containsExactly("api", "admin");
        assertThat(c.expiresAt()).contains(Instant.parse("2026-03-01T00:15:00Z"));
        assertThat(c.notBefore()).contains(Instant.parse("2026-03-01T00:00:00Z"));
        assertThat(c.jwtId()).contains("id-1");
        assertThat(c.asMap()).containsEntry("exp", exp.getEpochSecond());
    }

    @Test
    void emptyClaims_giveEmptyOptionalsAndLists_neverNull() {
        JwtClaims c = JwtClaims.builder().build();
        assertThat(c.issuer()).isEmpty();
        assertThat(c.audience()).isEmpty();
        assertThat(c.expiresAt()).isEmpty();
        assertThat(c.claim("role")).isEmpty();
        assertThat(c.stringClaim("role")).isEmpty();
        assertThat(c.asMap()).isEmpty();
    }

    @Test
    void customClaims_areCopied_andUnmodifiable() {
        List<Object> perms = new ArrayList<>(List.of("read"));
        Map<String, Object> profile = new HashMap<>(Map.of("team", "blue"));
        JwtClaims c = JwtClaims.builder().claim("permissions", perms).claim("profile", profile)
                .claim("n", new BigDecimal("1.5")).claim("ok", true).build();
        perms.add("write");
        profile.put("team", "red");

        assertThat(c.claim("permissions")).contains(List.of("read"));
        assertThat(c.claim("profile")).contains(Map.of("team", "blue"));
        assertThat(c.stringClaim("ok")).isEmpty();
        assertThatThrownBy(() -> c.asMap().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
        @SuppressWarnings("unchecked") List<Object> held = (List<Object>) c.claim("permissions").orElseThrow();
        assertThatThrownBy(() -> held.add("admin")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void claim_refusesNullsAndUnsupportedTypes_namingTheClaim() {
        JwtClaims.Builder b = JwtClaims.builder();
        assertThatThrownBy(() -> b.claim("role", null)).hasMessageContaining("'role'");
        assertThatThrownBy(() -> b.claim("when", Instant.now())).hasMessageContaining("'when'").hasMessageContaining("Instant");
        assertThatThrownBy(() -> b.claim("list", java.util.Arrays.asList("a", null))).hasMessageContaining("'list'");
        assertThatThrownBy(() -> b.claim("exp", "tomorrow")).hasMessageContaining("'exp'");
        assertThatThrownBy(() -> b.claim("aud", List.of(1, 2))).hasMessageContaining("'aud'");
        assertThatThrownBy(() -> b.claim("exp", 1e300)).hasMessageContaining("'exp'");
        assertThatThrownBy(() -> b.claim("", "x")).hasMessageContaining("claim name");
        assertThatThrownBy(() -> b.audience()).hasMessageContaining("audience");
    }

    @Test
    void fromJson_dropsJsonNulls_andNormalizesRegisteredClaims() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("aud", "api");
        json.put("exp", 1.77e9);
        json.put("gone", null);
        json.put("nested", new HashMap<>(Map.of("a", 1L)));
        JwtClaims c = JwtClaims.fromJson(json);
        assertThat(c.audience()).containsExactly("api");
        assertThat(c.expiresAt()).contains(Instant.ofEpochSecond(1_770_000_000L));
        assertThat(c.has("gone")).isFalse();
    }

    @Test
    void toString_namesClaimsButNeverValues() {
        JwtClaims c = JwtClaims.builder().subject(leaks.canary("canary-subject-77"))
                .claim("role", leaks.canary("canary-role-88")).build();
        assertThat(c.toString()).isEqualTo("JwtClaims[sub, role]");
        leaks.assertNoLeak(c);
    }

    @Test
    void equals_comparesAllClaims() {
        assertThat(JwtClaims.builder().subject("a").build()).isEqualTo(JwtClaims.builder().subject("a").build())
                .isNotEqualTo(JwtClaims.builder().subject("b").build());
    }
}
