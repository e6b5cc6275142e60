package dev.secrets4j.testing.azure;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The vault's service limit as a fixed-window counter on the emulator's clock: a window opens with the first
 * transaction after the previous one ended and admits {@code transactions} of them; later ones are refused until it
 * ends. Refused transactions do not use up the quota. Thread-safe.
 */
final class KvQuota {

    private final int transactions;
    private final Duration window;
    private final Clock clock;
    private Instant windowEnd = Instant.MIN;
    private int used;

    KvQuota(int transactions, Duration window, Clock clock) {
        this.transactions = transactions;
        this.window = window;
        this.clock = clock;
    }

    /** Takes one transaction: empty when admitted, else how long until the current window ends. */
    synchronized Optional<Duration> acquire() {
        Instant now = clock.instant();
        if (!now.isBefore(windowEnd)) {
            windowEnd = now.plus(window);
            used = 0;
        }
        if (used < transactions) {
            used++;
            return Optional.empty();
        }
        return Optional.of(Duration.between(now, windowEnd));
    }

    @Override
    public String toString() {
        return "KvQuota[" + transactions + " per " + window + "]";
    }
}
