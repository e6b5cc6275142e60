package dev.secrets4j.provider.aws.internal;

import dev.secrets4j.SecretProviderException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * The one retry layer of the provider (the SDK's own retry strategy is set to none): takes a token
 * of the operation's budget, calls, and on a retryable failure waits a full-jitter exponential
 * backoff before the next attempt. The request object, and so its idempotency token, is reused by
 * every attempt.
 */
public final class Retrier {

    private static final Logger LOG = LoggerFactory.getLogger(Retrier.class);

    private final int maxAttempts;
    private final Duration baseDelay;
    private final Duration maxDelay;
    private final Duration budgetWait;
    private final TokenBucket.Sleeper sleeper;
    private final String region;

    /** Retries up to {@code maxAttempts} attempts in all; waits at most {@code budgetWait} for a token. */
    public Retrier(int maxAttempts, Duration baseDelay, Duration maxDelay, Duration budgetWait, TokenBucket.Sleeper sleeper,
                   String region) {
        this.maxAttempts = maxAttempts;
        this.baseDelay = baseDelay;
        this.maxDelay = maxDelay;
        this.budgetWait = budgetWait;
        this.sleeper = sleeper;
        this.region = region;
    }

    /**
     * Runs {@code call} as {@code action} on {@code secret} within {@code bucket}.
     *
     * @throws SdkException when the call fails for good and the caller maps it itself (not found)
     * @throws SecretProviderException for a budget exhausted, an interruption or a failure after the last attempt
     */
    public <T> T call(TokenBucket bucket, String action, String secret, Supplier<T> call) {
        return call(bucket, action, secret, call, maxAttempts);
    }

    /** Runs {@code call} once within {@code bucket}, leaving a failure to the caller (a batch read that falls back). */
    public <T> T callOnce(TokenBucket bucket, String action, String secret, Supplier<T> call) {
        return call(bucket, action, secret, call, 1);
    }

    private <T> T call(TokenBucket bucket, String action, String secret, Supplier<T> call, int maxAttempts) {
        for (int attempt = 1; ; attempt++) {
            take(bucket, action, secret);
            try {
                return call.get();
            } catch (SdkException e) {
                if (!Failures.isRetryable(e) || attempt >= maxAttempts) {
                    throw e;
                }
                long cap = Math.min(maxDelay.toNanos(), baseDelay.toNanos() << Math.min(attempt - 1, 20));
                long delay = (long) (ThreadLocalRandom.current().nextDouble() * cap);
                LOG.debug("{} on secret '{}' failed with {} (attempt {} of {}), retrying in {} ms", action, secret,
                        Failures.code(e).isEmpty() ? e.getClass().getSimpleName() : Failures.code(e), attempt, maxAttempts,
                        delay / 1_000_000);
                sleep(delay, action, secret);
            }
        }
    }

    private void take(TokenBucket bucket, String action, String secret) {
        Optional<Duration> waited;
        try {
            waited = bucket.acquire(budgetWait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw SecretProviderException.retryable(Failures.ID, secret, action + " on secret '" + secret
                    + "' was interrupted while waiting for its rate budget", e);
        }
        if (waited.isEmpty()) {
            throw SecretProviderException.retryable(Failures.ID, secret, "the rate budget of " + bucket.ratePerSecond()
                    + " calls/s for " + bucket.operation() + " (region " + region + ") had no token for secret '" + secret
                    + "' within " + budgetWait.toMillis() + " ms; will retry, or raise the budget if this keeps happening", null);
        }
    }

    private void sleep(long nanos, String action, String secret) {
        try {
            sleeper.sleep(nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw SecretProviderException.retryable(Failures.ID, secret, action + " on secret '" + secret
                    + "' was interrupted between retries", e);
        }
    }
}
