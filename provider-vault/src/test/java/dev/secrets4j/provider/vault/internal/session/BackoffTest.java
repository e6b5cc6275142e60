package dev.secrets4j.provider.vault.internal.session;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BackoffTest {

    @Test
    void defaults_runFromOneSecondToFiveMinutes() {
        assertThat(Backoff.defaults()).isEqualTo(new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5)));
    }

    @Test
    void ceiling_doublesEachAttempt_andStopsAtMax() {
        Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(10));

        assertThat(backoff.ceiling(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(backoff.ceiling(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(backoff.ceiling(4)).isEqualTo(Duration.ofSeconds(8));
        assertThat(backoff.ceiling(5)).isEqualTo(Duration.ofSeconds(10));
        assertThat(backoff.ceiling(1_000_000)).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void delay_isFullJitter_betweenZeroAndTheCeiling() {
        Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60));
        RandomGenerator random = new SplittableRandom(42);
        Duration shortest = Duration.ofDays(1);
        Duration longest = Duration.ZERO;
        for (int i = 0; i < 1_000; i++) {
            Duration delay = backoff.delay(4, random);
            assertThat(delay).isBetween(Duration.ZERO, Duration.ofSeconds(8));
            shortest = delay.compareTo(shortest) < 0 ? delay : shortest;
            longest = delay.compareTo(longest) > 0 ? delay : longest;
        }
        assertThat(shortest).isLessThan(Duration.ofSeconds(1));
        assertThat(longest).isGreaterThan(Duration.ofSeconds(7));
    }

    @Test
    void delay_withTheSameSeed_isTheSame() {
        Backoff backoff = Backoff.defaults();

        assertThat(backoff.delay(3, new SplittableRandom(7))).isEqualTo(backoff.delay(3, new SplittableRandom(7)));
    }

    @Test
    void constructor_rejectsNonPositiveOrInvertedBounds() {
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("initial");
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("max");
        assertThatThrownBy(() -> Backoff.defaults().ceiling(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("attempt");
    }
}
