package dev.secrets4j.provider.azure.internal;

import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpResponse;
import com.azure.core.util.Context;
import com.azure.security.keyvault.secrets.SecretClient;
import com.azure.security.keyvault.secrets.models.KeyVaultSecret;
import com.azure.security.keyvault.secrets.models.SecretProperties;
import dev.secrets4j.Secret;
import dev.secrets4j.SecretProviderException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Reads one secret version through the SDK, one attempt at a time within the vault budget, and
 * retries retryable failures (a 429 pauses the whole vault for its {@code Retry-After}).
 */
public final class Reads {

    private final SecretClient client;
    private final String vault;
    private final VaultBudget budget;
    private final Duration timeout;
    private final int maxAttempts;
    private final Clock clock;

    /** Reads of {@code vault} through {@code client}. */
    public Reads(SecretClient client, String vault, VaultBudget budget, Duration timeout, int maxAttempts, Clock clock) {
        this.client = client;
        this.vault = vault;
        this.budget = budget;
        this.timeout = timeout;
        this.maxAttempts = maxAttempts;
        this.clock = clock;
    }

    /**
     * The version {@code version} (empty = latest) of vault secret {@code name}, or empty on 404.
     *
     * @throws SecretProviderException mapped by status and error code
     */
    public Optional<Secret> get(String name, String vaultName, String version) {
        SecretProviderException last = null;
        boolean throttled = false;
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            if (attempt > 1 && !throttled) {
                pauseBeforeRetry(name, attempt - 1); // a 429 already paused the whole vault for its Retry-After
            }
            throttled = false;
            try {
                if (budget.acquire(timeout).isEmpty()) {
                    throw SecretProviderException.retryable(Failures.ID, name, "the rate budget of Key Vault " + vault
                            + " has no room within " + timeout.toMillis() + " ms for secret '" + name
                            + "'; raise the budget or the timeout", null);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw SecretProviderException.retryable(Failures.ID, name, "interrupted while waiting for the rate budget of"
                        + " Key Vault " + vault + " for secret '" + name + "'", null);
            }
            try {
                KeyVaultSecret s = client.getSecretWithResponse(vaultName, version, Context.NONE).getValue();
                return Optional.of(toSecret(name, s));
            } catch (HttpResponseException e) {
                HttpResponse r = e.getResponse();
                int status = r == null ? 0 : r.getStatusCode();
                String body = body(e);
                if (status == 404 && !"SecretDisabled".equals(Failures.codes(body).inner())) {
                    return Optional.empty();
                }
                if (status == 429 && r != null) {
                    throttled = true;
                    budget.pause(Failures.retryAfter(r.getHeaders().getValue(HttpHeaderName.fromString("retry-after-ms")),
                            r.getHeaders().getValue(HttpHeaderName.RETRY_AFTER), clock).orElse(Duration.ofSeconds(1)));
                }
                last = Failures.map(status, r == null ? "" : r.getHeaders().getValue(HttpHeaderName.CONTENT_TYPE), body, vault,
                        name, "get");
            } catch (RuntimeException e) {
                last = Failures.transport(e, vault, name, "get");
            }
            if (!last.isRetryable()) {
                throw last;
            }
        }
        throw last;
    }

    /** The first retry waits up to 100 ms, each next one up to twice as long, at most 2 s. */
    static final Duration RETRY_BASE = Duration.ofMillis(100);
    static final Duration RETRY_CAP = Duration.ofSeconds(2);

    /** Exponential backoff with full jitter: uniformly random between zero and the doubled base, capped. */
    static Duration backoff(int failures, double random) {
        long ceiling = Math.min(RETRY_CAP.toNanos(), RETRY_BASE.toNanos() << Math.min(failures - 1, 20));
        return Duration.ofNanos((long) (random * ceiling));
    }

    private void pauseBeforeRetry(String name, int failures) {
        Duration d = backoff(failures, java.util.concurrent.ThreadLocalRandom.current().nextDouble());
        try {
            java.util.concurrent.TimeUnit.NANOSECONDS.sleep(d.toNanos()); // the caller's call is the retry: nothing to schedule
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw SecretProviderException.retryable(Failures.ID, name, "interrupted while backing off before retrying secret '"
                    + name + "' in Key Vault " + vault, null);
        }
    }

    /**
     * The version ids of vault secret {@code name} that are usable now, newest first by created
     * time (the listing is not chronological): enabled, past {@code nbf}, before {@code exp}.
     * The budget is taken per page.
     */
    public java.util.List<String> usableVersions(String name, String vaultName) {
        java.util.List<SecretProperties> all = new java.util.ArrayList<>();
        try {
            for (com.azure.core.http.rest.PagedResponse<SecretProperties> page
                    : client.listPropertiesOfSecretVersions(vaultName, Context.NONE).iterableByPage()) {
                acquire(name);
                page.getValue().forEach(all::add);
            }
        } catch (HttpResponseException e) {
            if (e.getResponse() != null && e.getResponse().getStatusCode() == 404) {
                return java.util.List.of();
            }
            int status = e.getResponse() == null ? 0 : e.getResponse().getStatusCode();
            throw Failures.map(status, e.getResponse() == null ? ""
                    : e.getResponse().getHeaders().getValue(HttpHeaderName.CONTENT_TYPE), body(e), vault, name, "list versions");
        } catch (SecretProviderException e) {
            throw e;
        } catch (RuntimeException e) {
            throw Failures.transport(e, vault, name, "list versions");
        }
        java.time.Instant now = clock.instant();
        return all.stream()
                .filter(p -> Boolean.TRUE.equals(p.isEnabled()))
                .filter(p -> p.getNotBefore() == null || !p.getNotBefore().toInstant().isAfter(now))
                .filter(p -> p.getExpiresOn() == null || p.getExpiresOn().toInstant().isAfter(now))
                .sorted(java.util.Comparator.comparing((SecretProperties p) -> p.getCreatedOn() == null
                        ? java.time.Instant.EPOCH : p.getCreatedOn().toInstant()).reversed())
                .map(SecretProperties::getVersion)
                .toList();
    }

    private void acquire(String name) {
        try {
            if (budget.acquire(timeout).isEmpty()) {
                throw SecretProviderException.retryable(Failures.ID, name, "the rate budget of Key Vault " + vault
                        + " has no room within " + timeout.toMillis() + " ms for secret '" + name
                        + "'; raise the budget or the timeout", null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw SecretProviderException.retryable(Failures.ID, name, "interrupted while waiting for the rate budget of"
                    + " Key Vault " + vault + " for secret '" + name + "'", null);
        }
    }

    /** A {@link Secret} with version, created/updated times, content type, tags, nbf and exp as metadata. */
    public static Secret toSecret(String name, KeyVaultSecret s) {
        SecretProperties p = s.getProperties();
        Secret.Builder b = Secret.builder(name, s.getValue() == null ? "" : s.getValue()).providerId(Failures.ID);
        if (p.getVersion() != null) {
            b.version(p.getVersion()).metadata("version-id", p.getVersion());
        }
        if (p.getCreatedOn() != null) {
            b.createdAt(p.getCreatedOn().toInstant()).metadata("created", p.getCreatedOn().toInstant().toString());
        }
        if (p.getUpdatedOn() != null) {
            b.metadata("updated", p.getUpdatedOn().toInstant().toString());
        }
        if (p.getExpiresOn() != null) {
            b.expiresAt(p.getExpiresOn().toInstant()).metadata("exp", p.getExpiresOn().toInstant().toString());
        }
        if (p.getNotBefore() != null) {
            b.metadata("nbf", p.getNotBefore().toInstant().toString());
        }
        if (p.getContentType() != null) {
            b.metadata("content-type", p.getContentType());
        }
        if (p.getTags() != null) {
            p.getTags().forEach((k, v) -> b.metadata("tag." + k, v));
        }
        return b.build();
    }

    private static String body(HttpResponseException e) {
        Object value = e.getValue();
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof com.azure.json.JsonSerializable<?> json) {
            try {
                return json.toJsonString();
            } catch (java.io.IOException | RuntimeException ignored) {
                // fall through to the buffered body
            }
        }
        try {
            if (e.getResponse() != null && e.getResponse().getBodyAsBinaryData() != null) {
                String body = e.getResponse().getBodyAsBinaryData().toString();
                if (body != null && !body.isBlank()) {
                    return body;
                }
            }
        } catch (RuntimeException ignored) {
            // the body was consumed: fall back to the message, which quotes it
        }
        String message = e.getMessage() == null ? "" : e.getMessage();
        int brace = message.indexOf('{');
        return brace < 0 ? message : message.substring(brace);
    }
}
