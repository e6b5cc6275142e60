package dev.secrets4j.internal;

import dev.secrets4j.SecretProviderException;
import dev.secrets4j.SecretsException;
import dev.secrets4j.spi.SecretProvider;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs every backend call with the per-call timeout, so that a provider that hangs fails one
 * call with an error naming it instead of blocking boot or a reader forever. Calls run on
 * daemon threads {@code secrets4j-call-N}; a timed-out call is interrupted.
 */
final class ProviderCalls implements AutoCloseable {

    private final Duration timeout;
    private final StatsCounters stats;
    private final ExecutorService executor = Executors.newCachedThreadPool(DaemonThreads.named("secrets4j-call"));

    ProviderCalls(Duration timeout, StatsCounters stats) {
        this.timeout = timeout;
        this.stats = stats;
    }

    /**
     * Runs {@code call} against {@code provider} for {@code secretName} (or {@code null} for a
     * provider-wide call); {@code what} says what it does, for messages ("reading", "listing versions of").
     */
    <T> T call(SecretProvider provider, String secretName, String what, Callable<T> call) {
        long start = System.nanoTime();
        boolean ok = false;
        try {
            T result = callTimed(provider, secretName, what, call);
            ok = true;
            return result;
        } finally {
            stats.call(provider.id(), ok, System.nanoTime() - start);
        }
    }

    private <T> T callTimed(SecretProvider provider, String secretName, String what, Callable<T> call) {
        Future<T> future;
        try {
            future = executor.submit(call);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            throw SecretProviderException.permanent(provider.id(), secretName,
                    "secrets4j is closed; cannot call provider '" + provider.id() + "'", null);
        }
        try {
            return future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw SecretProviderException.retryable(provider.id(), secretName,
                    "provider '" + provider.id() + "' did not answer within " + human(timeout) + " while " + what
                            + (secretName == null ? "" : " secret '" + secretName + "'")
                            + "; check that " + provider.describe() + " is reachable, or raise callTimeout", null);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw SecretProviderException.retryable(provider.id(), secretName,
                    "interrupted while " + what + (secretName == null ? "" : " secret '" + secretName + "'")
                            + " from provider '" + provider.id() + "'", null);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof SecretsException se) {
                throw se;
            }
            // A provider bug. Its message may quote anything, so only the type goes into ours.
            throw SecretProviderException.permanent(provider.id(), secretName,
                    "provider '" + provider.id() + "' failed while " + what
                            + (secretName == null ? "" : " secret '" + secretName + "'")
                            + " with " + cause.getClass().getName() + "; this is a bug in the provider, report it",
                    withoutMessages(cause));
        }
    }

    /**
     * A stand-in for a provider's unexpected exception: the same types and stack traces, but no
     * messages, which may quote anything (a value included) and would print wherever the caller
     * logs our exception.
     */
    static Throwable withoutMessages(Throwable t) {
        RuntimeException copy = new RuntimeException(t.getClass().getName());
        copy.setStackTrace(t.getStackTrace());
        if (t.getCause() != null && t.getCause() != t) {
            copy.initCause(withoutMessages(t.getCause()));
        }
        return copy;
    }

    static String human(Duration d) {
        if (d.toMillis() < 1000) {
            return d.toMillis() + " ms";
        }
        long s = d.toSeconds();
        if (s < 120) {
            return s + " s";
        }
        if (s < 7200) {
            return (s / 60) + " min";
        }
        return (s / 3600) + " h " + (s % 3600 / 60) + " min";
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
