package dev.secrets4j.provider.azure.internal;

import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpResponse;
import dev.secrets4j.SecretProviderException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The one retry layer of the provider (the SDK's retries are off): runs a call against the vault,
 * maps its failure by HTTP status and error code, and tries again with exponential backoff and
 * full jitter while the failure is retryable. A 429 has already paused the vault's budget for its
 * {@code Retry-After}, so no backoff is added after one. A credential that gives no token and a
 * budget without room end the call at once: trying again would only wait again.
 */
public final class Calls {

    /** The first retry waits up to 100 ms, each next one up to twice as long, at most 2 s. */
    static final Duration RETRY_BASE = Duration.ofMillis(100);
    static final Duration RETRY_CAP = Duration.ofSeconds(2);

    private final String vault;
    private final Duration timeout;
    private final int maxAttempts;

    /** Calls to {@code vault} with at most {@code maxAttempts} attempts each. */
    public Calls(String vault, Duration timeout, int maxAttempts) {
        this.vault = vault;
        this.timeout = timeout;
        this.maxAttempts = maxAttempts;
    }

    /** Tells whether a write whose attempt failed without a clear answer was applied after all. */
    @FunctionalInterface
    public interface Ambiguity<T> {
        /** The result if the failed attempt was applied (its value is already there), else empty. */
        Optional<T> check();
    }

    /**
     * The result of {@code action}, or empty when Key Vault answered 404.
     *
     * @param secret     the secret, for messages
     * @param operation  {@code get}, {@code set}, {@code list versions}..., for messages and roles
     * @param idempotent whether a failure after the request went out may be retried blindly
     * @param ambiguity  for a call that is not idempotent: whether a failed attempt was applied after all
     * @throws SecretProviderException mapped by status and error code, naming vault and secret
     */
    public <T> Optional<T> run(String secret, String operation, boolean idempotent, Ambiguity<T> ambiguity,
            Supplier<T> action) {
        SecretProviderException last = null;
        boolean throttled = false;
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            if (attempt > 1 && !throttled) {
                pause(secret, attempt - 1);
            }
            throttled = false;
            boolean maybeApplied;
            try {
                return Optional.ofNullable(action.get());
            } catch (HttpResponseException e) {
                HttpResponse r = e.getResponse();
                int status = r == null ? 0 : r.getStatusCode();
                if (r == null) {
                    throw credentialOr(e, secret, operation);
                }
                String body = Failures.body(e);
                if (status == 404 && !"SecretDisabled".equals(Failures.codes(body).inner())) {
                    return Optional.empty();
                }
                throttled = status == 429;
                maybeApplied = status >= 500 || status == 408;
                last = Failures.map(status, r.getHeaders().getValue(HttpHeaderName.CONTENT_TYPE), body, vault, secret, operation);
            } catch (RuntimeException e) {
                SecretProviderException known = known(e, secret, operation);
                if (known != null && !isBadBody(e)) {
                    throw known; // no token or no budget: another attempt would wait for the same again
                }
                maybeApplied = true;
                last = known != null ? known : Failures.transport(e, vault, secret, operation);
            }
            if (!last.isRetryable()) {
                throw last;
            }
            if (maybeApplied && !idempotent) {
                Optional<T> applied = ambiguity.check();
                if (applied.isPresent()) {
                    return applied;
                }
            }
        }
        throw last;
    }

    /** An idempotent call without an ambiguity check. */
    public <T> Optional<T> read(String secret, String operation, Supplier<T> action) {
        return run(secret, operation, true, Optional::empty, action);
    }

    /** Exponential backoff with full jitter: uniformly random between zero and the doubled base, capped. */
    static Duration backoff(int failures, double random) {
        long ceiling = Math.min(RETRY_CAP.toNanos(), RETRY_BASE.toNanos() << Math.min(failures - 1, 20));
        return Duration.ofNanos((long) (random * ceiling));
    }

    private SecretProviderException credentialOr(RuntimeException e, String secret, String operation) {
        SecretProviderException known = known(e, secret, operation);
        return known != null ? known : Failures.transport(e, vault, secret, operation);
    }

    private static boolean isBadBody(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ResponseGuard.BadBody) {
                return true;
            }
        }
        return false;
    }

    /** A credential, budget or bad-body failure anywhere in the cause chain, mapped; null for any other. */
    private SecretProviderException known(Throwable e, String secret, String operation) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof TimedCredential.Failure f) {
                return SecretProviderException.permanent(Failures.ID, secret, "provider 'azure' could not " + operation
                        + " secret '" + secret + "' in Key Vault " + vault + ": " + f.getMessage(), null);
            }
            if (t instanceof ResponseGuard.BadBody b) {
                return SecretProviderException.retryable(Failures.ID, secret, operation + " on secret '" + secret
                        + "' in Key Vault " + vault + ": Key Vault " + b.getMessage() + "; will retry", null);
            }
            if (t instanceof BudgetPolicy.NoRoom n) {
                if (n.interrupted()) {
                    Thread.currentThread().interrupt();
                }
                return SecretProviderException.retryable(Failures.ID, secret, n.interrupted()
                        ? "interrupted while waiting for the rate budget of Key Vault " + vault + " for secret '" + secret + "'"
                        : "the rate budget of Key Vault " + vault + " has no room within " + timeout.toMillis()
                                + " ms for secret '" + secret + "'; raise the budget or the timeout", null);
            }
        }
        return null;
    }

    private void pause(String secret, int failures) {
        Duration d = backoff(failures, ThreadLocalRandom.current().nextDouble());
        try {
            TimeUnit.NANOSECONDS.sleep(d.toNanos()); // the caller's call is the retry: nothing to schedule
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw SecretProviderException.retryable(Failures.ID, secret, "interrupted while backing off before retrying"
                    + " secret '" + secret + "' in Key Vault " + vault, null);
        }
    }
}
