package dev.secrets4j.provider.vault.internal.session;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Where and how to reach Vault: its address, the namespace sent as {@code X-Vault-Namespace},
 * the one HTTP client (TLS trust, connect timeout, HTTP/1.1) shared by the driver and the direct
 * calls, and the read timeout of each request. Built by the provider from its settings.
 *
 * @param address     the Vault address, such as {@code https://vault.example.com:8200}, without {@code /v1}
 * @param namespace   the namespace, or empty for none (Vault OSS)
 * @param httpClient  the HTTP client every request goes through
 * @param readTimeout how long one request may wait for its answer
 */
public record VaultTransport(URI address, Optional<String> namespace, HttpClient httpClient, Duration readTimeout) {

    /** Checks every component at once, naming the one that is wrong. */
    public VaultTransport {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(httpClient, "httpClient");
        Objects.requireNonNull(readTimeout, "readTimeout");
        if (!"https".equalsIgnoreCase(address.getScheme()) && !"http".equalsIgnoreCase(address.getScheme())) {
            throw new IllegalArgumentException("Vault address must start with https:// or http://, got " + address);
        }
        if (readTimeout.isNegative() || readTimeout.isZero()) {
            throw new IllegalArgumentException("Vault read timeout must be positive, got " + readTimeout);
        }
        namespace = namespace.filter(ns -> !ns.isBlank());
    }
}
