package dev.secrets4j.benchmarks;

import dev.secrets4j.Secret;
import dev.secrets4j.Secrets;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Many threads asking for the same uncached secret at the same instant. The threads are made
 * once and reused; each {@link #run(Secrets, String)} parks every one of them on a latch and
 * then releases them together, so that their {@code get} calls overlap.
 *
 * <pre>{@code
 * try (MissStorm storm = MissStorm.of(64)) {
 *     List<Secret> seen = storm.run(secrets, "LATE_API_KEY");   // 64 results
 * }
 * }</pre>
 */
public final class MissStorm implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final int threads;
    private final ExecutorService pool;

    private MissStorm(int threads) {
        this.threads = threads;
        AtomicInteger n = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, "miss-storm-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        this.pool = Executors.newFixedThreadPool(threads, factory);
    }

    /** A storm of {@code threads} readers (at least 2). */
    public static MissStorm of(int threads) {
        if (threads < 2) {
            throw new IllegalArgumentException("a miss storm needs at least 2 threads, got " + threads);
        }
        return new MissStorm(threads);
    }

    /** How many threads ask at once. */
    public int threads() {
        return threads;
    }

    /**
     * Releases every thread at once into {@code secrets.get(name)} and returns what each got,
     * one entry per thread.
     *
     * @throws IllegalStateException naming the secret when a thread failed or the storm did not
     *                               finish within 30 s
     */
    public List<Secret> run(Secrets secrets, String name) {
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Secret>> results = new ArrayList<>(threads);
        for (int i = 0; i < threads; i++) {
            results.add(pool.submit(() -> {
                ready.countDown();
                go.await();
                return secrets.get(name);
            }));
        }
        try {
            if (!ready.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("only " + (threads - ready.getCount()) + " of " + threads
                        + " threads were ready to read secret '" + name + "' after " + TIMEOUT + "; is the machine overloaded?");
            }
            go.countDown();
            List<Secret> seen = new ArrayList<>(threads);
            for (Future<Secret> f : results) {
                seen.add(f.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
            }
            return seen;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while " + threads + " threads read secret '" + name + "'", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a thread of the storm failed to read secret '" + name + "' with "
                    + e.getCause().getClass().getName() + "; see the cause", e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("reading secret '" + name + "' from " + threads
                    + " threads did not finish within " + TIMEOUT + "; look for a stuck backend call", e);
        } finally {
            go.countDown();
        }
    }

    /** Stops the threads. */
    @Override
    public void close() {
        pool.shutdownNow();
    }

    @Override
    public String toString() {
        return "MissStorm[" + threads + " threads]";
    }
}
