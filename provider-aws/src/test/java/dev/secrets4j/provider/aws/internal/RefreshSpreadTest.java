package dev.secrets4j.provider.aws.internal;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

class RefreshSpreadTest {

    @Test
    void firstRefresh_whenThousandProvidersBootInOneSecond_noSecondHoldsOverFivePercent() {
        Random random = new Random(42);
        Instant boot = Instant.parse("2026-01-01T00:00:00Z");
        Duration ttl = Duration.ofMinutes(5);
        TreeMap<Long, Integer> perSecond = new TreeMap<>();
        for (int i = 0; i < 1000; i++) {
            Instant loaded = boot.plusMillis(random.nextInt(1000));
            Instant first = RefreshSpread.firstRefresh(loaded, ttl, random::nextDouble);
            // The core then refreshes at 0.8 of the time left, plus or minus 10% jitter.
            long left = Duration.between(loaded, first).toNanos();
            long delay = (long) (left * 0.8 * (1 + 0.1 * (2 * random.nextDouble() - 1)));
            long second = loaded.plusNanos(delay).getEpochSecond();
            perSecond.merge(second, 1, Integer::sum);
            assertThat(first).isAfter(loaded).isBeforeOrEqualTo(loaded.plus(ttl));
        }
        int worst = perSecond.values().stream().mapToInt(Integer::intValue).max().orElseThrow();
        assertThat(worst).as("busiest second of 1,000 first refreshes").isLessThanOrEqualTo(50);
        assertThat(perSecond.size()).as("seconds used").isGreaterThan(150);
    }

    @Test
    void firstRefresh_whenDrawIsZero_waitsAtLeastOneSecond() {
        Instant t = Instant.EPOCH;
        assertThat(RefreshSpread.firstRefresh(t, Duration.ofMinutes(5), () -> 0.0)).isEqualTo(t.plusSeconds(1));
        assertThat(RefreshSpread.firstRefresh(t, Duration.ofMinutes(5), () -> 0.5)).isEqualTo(t.plusSeconds(150));
    }
}
