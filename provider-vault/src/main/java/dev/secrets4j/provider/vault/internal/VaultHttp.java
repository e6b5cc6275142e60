package dev.secrets4j.provider.vault.internal;

import dev.secrets4j.provider.vault.internal.session.VaultTransport;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Calls Vault's HTTP API directly, for what the driver lacks or does badly: the KV v2 metadata
 * endpoint (the driver has no metadata read), {@code sys/health} (the driver's {@code health()}
 * throws on 472/474/530 and drops the body), and lease renewal and revocation (the driver's
 * {@code Leases} builds its own {@code HttpClient} per call, bypassing the configured TLS trust
 * and timeouts). Goes through the same {@code HttpClient} as the driver, stops reading a body
 * past the size limit, and bounds each call by the read timeout.
 */
final class VaultHttp {

    private final VaultTransport transport;
    private final long limit;
    private final String base;

    VaultHttp(VaultTransport transport, long limit) {
        this.transport = Objects.requireNonNull(transport, "transport");
        this.limit = limit;
        String address = transport.address().toString();
        this.base = (address.endsWith("/") ? address.substring(0, address.length() - 1) : address) + "/v1/";
    }

    /**
     * Sends one request to {@code /v1/<apiPath>} ({@code apiPath} already checked by
     * {@link VaultPaths}; it may carry a query).
     *
     * @param token      the token for {@code X-Vault-Token}, or empty for an unauthenticated call
     * @param json       the JSON body, or {@code null} for none
     * @param namespaced whether to send the namespace header ({@code sys/health} is not namespaced)
     * @throws Unreachable when Vault gives no answer
     */
    Reply send(String method, String apiPath, Optional<String> token, byte[] json, boolean namespaced) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + apiPath))
                .timeout(transport.readTimeout())
                .header("X-Vault-Request", "true")
                .header("Accept", "application/json");
        token.ifPresent(t -> request.header("X-Vault-Token", t));
        if (namespaced) {
            transport.namespace().ifPresent(ns -> request.header("X-Vault-Namespace", ns));
        }
        if (json == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofByteArray(json));
        }
        CompletableFuture<HttpResponse<byte[]>> future =
                transport.httpClient().sendAsync(request.build(), CappedBody.handler(limit));
        try {
            // The request timeout covers the headers only: this wait also bounds a body that trickles.
            HttpResponse<byte[]> response = future.get(transport.readTimeout().toNanos() + TimeUnit.MILLISECONDS.toNanos(200),
                    TimeUnit.NANOSECONDS);
            String type = response.headers().firstValue("Content-Type").orElse("");
            byte[] body = response.body();
            return body == null ? new Reply(response.statusCode(), type, new byte[0], true)
                    : new Reply(response.statusCode(), type, body, false);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw Unreachable.timeout();
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw Unreachable.from(e);
        } catch (ExecutionException e) {
            throw Unreachable.from(e.getCause());
        }
    }

    /** The address calls go to, for messages. */
    URI address() {
        return transport.address();
    }
}
