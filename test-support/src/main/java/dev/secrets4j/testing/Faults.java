package dev.secrets4j.testing;

import dev.secrets4j.SecretProviderException;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The failures, hangs and latency {@link InMemorySecretProvider} injects into its backend calls.
 * Package-private; thread-safe.
 */
final class Faults {

    private final String providerId;
    private final Duration latency;
    private final Map<String, SecretProviderException> byName = new ConcurrentHashMap<>();
    private final AtomicInteger hanging = new AtomicInteger();
    private volatile SecretProviderException everyCall;
    private final List<Hang> hangs = new CopyOnWriteArrayList<>();
    private volatile Hang hang;

    Faults(String providerId, Duration latency) {
        this.providerId = providerId;
        this.latency = latency;
    }

    void failWith(String nameOrNull, SecretProviderException e) {
        Objects.requireNonNull(e, "e");
        if (nameOrNull == null) {
            everyCall = e;
        } else {
            byName.put(nameOrNull, e);
        }
    }

    void clearFailures() {
        everyCall = null;
        byName.clear();
    }

    /** The failure injected for every call, if any. */
    Optional<SecretProviderException> everyCall() {
        return Optional.ofNullable(everyCall);
    }

    /** The failure injected for one name, if any. */
    Optional<SecretProviderException> forName(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** New calls block until {@code latch} opens; calls blocked by an earlier hang keep waiting for theirs. */
    void hangUntil(CountDownLatch latch) {
        Objects.requireNonNull(latch, "latch");
        Hang next = new Hang(latch);
        hangs.add(next);
        hang = next;
    }

    /** Releases every blocked call and lets new calls through. */
    void resume() {
        hang = null;
        for (Hang h : hangs) {
            h.release();
        }
        hangs.clear();
    }

    boolean isHanging() {
        return hang != null;
    }

    int hangingCalls() {
        return hanging.get();
    }

    /**
     * What every backend call goes through before it answers: the hang, then the latency, then
     * the failure injected for every call.
     *
     * @throws SecretProviderException the injected failure, or a retryable one when interrupted
     */
    void enter(String what) {
        Hang current = hang;
        if (current != null) {
            hanging.incrementAndGet();
            try {
                current.released.await();
            } catch (InterruptedException e) {
                throw interrupted(what, e);
            } finally {
                hanging.decrementAndGet();
            }
        }
        if (!latency.isZero()) {
            try {
                TimeUnit.NANOSECONDS.sleep(latency.toNanos());
            } catch (InterruptedException e) {
                throw interrupted(what, e);
            }
        }
        SecretProviderException failure = everyCall;
        if (failure != null) {
            throw failure;
        }
    }

    private SecretProviderException interrupted(String what, InterruptedException e) {
        Thread.currentThread().interrupt();
        return SecretProviderException.retryable(providerId, null,
                "call to provider '" + providerId + "' (" + what + ") was interrupted while waiting; try again", e);
    }

    /**
     * Blocks calls until the caller's latch opens or {@link #resume()} is called. A daemon thread
     * turns the opening of the caller's latch into a release, so waiting calls need no polling.
     */
    private static final class Hang {
        private final CountDownLatch released = new CountDownLatch(1);
        private final Thread watcher;

        Hang(CountDownLatch latch) {
            watcher = new Thread(() -> {
                try {
                    latch.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                released.countDown();
            }, "secrets4j-memory-hang");
            watcher.setDaemon(true);
            watcher.start();
        }

        void release() {
            released.countDown();
            watcher.interrupt();
        }
    }
}
