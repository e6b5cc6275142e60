package dev.secrets4j.provider.vault.internal.session;

import dev.secrets4j.testing.LeakCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class TokenGrantTest {

    private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

    @RegisterExtension
    final LeakCheck leaks = LeakCheck.create();

    @Test
    void refreshAt_isTwoThirdsIntoTheTokensLife() {
        TokenGrant grant = TokenGrant.of("t", T0, Duration.ofMinutes(30), true, Duration.ofMinutes(30), false);

        assertThat(grant.expiresAt()).contains(T0.plus(Duration.ofMinutes(30)));
        assertThat(grant.refreshAt()).contains(T0.plus(Duration.ofMinutes(20)));
        assertThat(grant.canBeExtended()).isTrue();
    }

    @Test
    void of_whenTtlIsZero_neverExpiresAndIsNotRefreshed() {
        TokenGrant root = TokenGrant.of("t", T0, Duration.ZERO, false, Duration.ZERO, false);

        assertThat(root.expiresAt()).isEmpty();
        assertThat(root.refreshAt()).isEmpty();
        assertThat(root.canBeExtended()).isFalse();
    }

    @Test
    void canBeExtended_whenCappedOrNotRenewable_isFalse() {
        assertThat(TokenGrant.of("t", T0, Duration.ofMinutes(5), true, Duration.ofMinutes(30), true).canBeExtended()).isFalse();
        assertThat(TokenGrant.of("t", T0, Duration.ofMinutes(5), true, Duration.ofMinutes(30), false).notRenewable()
                .canBeExtended()).isFalse();
        assertThat(new TokenGrant("t", T0, Optional.of(T0), true, Duration.ofMinutes(30), true).refreshAt()).contains(T0);
    }

    @Test
    void toString_showsTimesButNotTheToken() {
        String token = leaks.canary("hvs.canary-token-1234");
        TokenGrant grant = TokenGrant.of(token, T0, Duration.ofHours(1), true, Duration.ofHours(1), false);

        assertThat(grant.toString()).contains("2025-01-01T01:00:00Z", "renewable");
        leaks.assertNoLeak(grant);
    }
}
