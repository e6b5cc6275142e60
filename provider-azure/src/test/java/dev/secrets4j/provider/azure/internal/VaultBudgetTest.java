package dev.secrets4j.provider.azure.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class VaultBudgetTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final VaultBudget budget = new VaultBudget("https://v.vault.azure.net", 10, 2, now::get, now::addAndGet);

    @Test
    void acquire_whenBurstSpent_waitsForNextToken() throws InterruptedException {
        assertThat(budget.acquire(Duration.ofSeconds(1))).contains(Duration.ZERO);
        assertThat(budget.acquire(Duration.ofSeconds(1))).contains(Duration.ZERO);
        assertThat(budget.acquire(Duration.ofSeconds(1))).contains(Duration.ofMillis(100));
        assertThat(budget.waits()).isEqualTo(1);
        assertThat(budget.waited()).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void acquire_whenPausedBy429_waitsRetryAfterEvenWithTokens() throws InterruptedException {
        assertThat(budget.pausedFor()).isZero();
        budget.pause(Duration.ofSeconds(3));
        assertThat(budget.pausedFor()).isEqualTo(Duration.ofSeconds(3));
        assertThat(budget.acquire(Duration.ofSeconds(1))).isEmpty();
        assertThat(budget.acquire(Duration.ofSeconds(5))).contains(Duration.ofSeconds(3));
        assertThat(budget.acquire(Duration.ofSeconds(5))).contains(Duration.ZERO);
    }

    @Test
    void acquire_whenWaitLongerThanMax_takesNothing() throws InterruptedException {
        budget.acquire(Duration.ZERO);
        budget.acquire(Duration.ZERO);
        assertThat(budget.acquire(Duration.ofMillis(50))).isEmpty();
        assertThat(budget.acquire(Duration.ofMillis(100))).contains(Duration.ofMillis(100));
    }

    @Test
    void new_whenRateAboveServiceLimit_rejects() {
        assertThatThrownBy(() -> new VaultBudget("v", 401, 1, now::get, now::addAndGet))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 400");
    }
}
