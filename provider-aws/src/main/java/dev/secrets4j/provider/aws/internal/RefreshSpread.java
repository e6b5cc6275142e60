package dev.secrets4j.provider.aws.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.function.DoubleSupplier;

/**
 * Where a secret's first refresh falls: a uniformly random point of its refresh window after it
 * was loaded, as AWS's caching client does, so that a fleet booted in the same second does not
 * describe its secrets in the same second forever after. The core's jitter comes on top.
 */
public final class RefreshSpread {

    private RefreshSpread() {
    }

    /**
     * The instant of the first refresh of a secret loaded at {@code loadedAt}.
     *
     * @param random a uniform draw from {@code [0, 1)}
     */
    public static Instant firstRefresh(Instant loadedAt, Duration window, DoubleSupplier random) {
        double u = random.getAsDouble();
        if (u < 0 || u >= 1) {
            u = 0;
        }
        // At least one second so that the core does not refresh a value it has just read.
        long nanos = Math.max(1_000_000_000L, (long) (window.toNanos() * u));
        return loadedAt.plusNanos(nanos);
    }
}
