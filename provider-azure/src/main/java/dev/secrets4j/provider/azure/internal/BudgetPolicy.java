package dev.secrets4j.provider.azure.internal;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelineNextSyncPolicy;
import com.azure.core.http.HttpPipelinePosition;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;
import java.time.Clock;
import java.time.Duration;
import reactor.core.publisher.Mono;

/**
 * A pipeline policy placed after the SDK's credential policy, so that it sees every request that
 * reaches the vault: the unauthenticated 401 challenge, each page of a listing and each retry.
 * Every request takes a token of the vault's budget (a write also one of the write budget),
 * waiting up to the timeout; a 429 pauses the vault for its {@code Retry-After}.
 */
public final class BudgetPolicy implements HttpPipelinePolicy {

    /** The budget had no room within the timeout, or the wait was interrupted. */
    public static final class NoRoom extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final boolean interrupted;

        NoRoom(boolean interrupted) {
            super(interrupted ? "interrupted while waiting for the rate budget" : "no room in the rate budget", null, false, false);
            this.interrupted = interrupted;
        }

        /** Whether the wait was interrupted rather than too long. */
        public boolean interrupted() {
            return interrupted;
        }
    }

    private static final HttpHeaderName RETRY_AFTER_MS = HttpHeaderName.fromString("retry-after-ms");
    private static final HttpHeaderName X_MS_RETRY_AFTER_MS = HttpHeaderName.fromString("x-ms-retry-after-ms");

    private final VaultBudget reads;
    private final VaultBudget writes;
    private final Duration timeout;
    private final Clock clock;

    /** Paces requests by {@code reads} (every request) and {@code writes} (PUT, PATCH, DELETE, POST). */
    public BudgetPolicy(VaultBudget reads, VaultBudget writes, Duration timeout, Clock clock) {
        this.reads = reads;
        this.writes = writes;
        this.timeout = timeout;
        this.clock = clock;
    }

    @Override
    public HttpPipelinePosition getPipelinePosition() {
        return HttpPipelinePosition.PER_RETRY;
    }

    @Override
    public HttpResponse processSync(HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
        take(context.getHttpRequest().getHttpMethod());
        return observe(next.processSync());
    }

    @Override
    public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
        return Mono.defer(() -> {
            take(context.getHttpRequest().getHttpMethod());
            return next.process();
        }).map(this::observe);
    }

    private void take(HttpMethod method) {
        try {
            if (method != HttpMethod.GET && method != HttpMethod.HEAD && writes.acquire(timeout).isEmpty()
                    || reads.acquire(timeout).isEmpty()) {
                throw new NoRoom(false);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NoRoom(true);
        }
    }

    private HttpResponse observe(HttpResponse response) {
        if (response.getStatusCode() == 429) {
            reads.pause(Failures.retryAfter(header(response, RETRY_AFTER_MS) != null ? header(response, RETRY_AFTER_MS)
                            : header(response, X_MS_RETRY_AFTER_MS), header(response, HttpHeaderName.RETRY_AFTER), clock)
                    .orElse(Duration.ofSeconds(1)));
        }
        return response;
    }

    private static String header(HttpResponse r, HttpHeaderName name) {
        return r.getHeaders().getValue(name);
    }
}
