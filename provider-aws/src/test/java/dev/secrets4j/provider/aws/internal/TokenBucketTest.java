package dev.secrets4j.provider.aws.internal;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TokenBucketTest {

    private final AtomicLong now = new AtomicLong();
    private final List<Long> starts = new ArrayList<>();

    private TokenBucket bucket(double rate) {
        // The fake sleeper advances the fake clock: a caller "wakes" exactly when its token is due.
        return new TokenBucket("GetSecretValue", rate, Math.max(1, rate), now::get, now::addAndGet);
    }

    @Test
    void acquire_whenBurstExceedsBudget_neverStartsFasterThanTheRate() throws InterruptedException {
        TokenBucket b = bucket(10);
        for (int i = 0; i < 100; i++) {
            assertThat(b.acquire(Duration.ofSeconds(5))).isPresent();
            starts.add(now.get());
        }
        // 10 of burst at t=0, then one every 100 ms: 100 calls end at 9 s.
        assertThat(now.get()).isBetween(8_999_000_000L, 9_001_000_000L);
        for (int i = 0; i + 20 < starts.size(); i++) {
            assertThat(starts.get(i + 20) - starts.get(i)).as("21 calls need at least 1 s").isGreaterThanOrEqualTo(999_000_000L);
        }
        assertThat(b.waits()).isEqualTo(90);
        assertThat(b.waited()).isGreaterThan(Duration.ZERO);
    }

    @Test
    void acquire_whenTokenLaterThanMaxWait_givesUpWithoutTakingIt() throws InterruptedException {
        TokenBucket b = bucket(1);
        assertThat(b.acquire(Duration.ZERO)).contains(Duration.ZERO);
        assertThat(b.acquire(Duration.ofMillis(500))).isEmpty();
        now.addAndGet(1_000_000_000L);
        assertThat(b.acquire(Duration.ZERO)).contains(Duration.ZERO);
    }

    @Test
    void new_whenRateNotPositive_namesTheOperation() {
        assertThatThrownBy(() -> bucket(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("GetSecretValue");
    }
}
