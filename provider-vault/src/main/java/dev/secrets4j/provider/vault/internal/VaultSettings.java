package dev.secrets4j.provider.vault.internal;

import dev.secrets4j.Scheduler;
import dev.secrets4j.provider.vault.VaultAuth;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The checked settings of one Vault provider, as the public builder and the factory produce them.
 *
 * @param address               the Vault address, {@code https://} unless insecure HTTP was allowed
 * @param kvMount               the KV mount
 * @param kvVersion             1 or 2
 * @param namespace             the namespace sent as {@code X-Vault-Namespace}, if any
 * @param pathPrefix            the environment prefix of KV paths ({@code prod/}), or empty
 * @param dynamicMounts         mounts read as dynamic secrets (with leases)
 * @param connectTimeout        the connect timeout
 * @param readTimeout           the timeout of one request
 * @param caCertificatePem      the CA bundle to trust instead of the JDK's, if any
 * @param auth                  how to log in
 * @param clock                 the clock for leases and deletion times
 * @param scheduler             the scheduler for renewals, or empty for an own daemon thread
 * @param batchConcurrency      how many entries a batch read fetches at once
 * @param revokeLeasesOnClose   whether close revokes the leases held
 * @param leaseRenewalThreshold a lease with less left than this is replaced, not renewed
 * @param previousVersions      how many earlier versions {@code versions(ref)} gives at most
 */
public record VaultSettings(URI address, String kvMount, int kvVersion, Optional<String> namespace, String pathPrefix,
                            List<String> dynamicMounts, Duration connectTimeout, Duration readTimeout,
                            Optional<String> caCertificatePem, VaultAuth auth, Clock clock, Optional<Scheduler> scheduler,
                            int batchConcurrency, boolean revokeLeasesOnClose, Duration leaseRenewalThreshold,
                            int previousVersions) {

    /** The largest response body read: far above any secret, far below memory trouble. */
    public static final long MAX_RESPONSE_BYTES = 1024 * 1024;

    /** Checks that no part is null and copies the list. */
    public VaultSettings {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(kvMount, "kvMount");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(pathPrefix, "pathPrefix");
        dynamicMounts = List.copyOf(dynamicMounts);
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(readTimeout, "readTimeout");
        Objects.requireNonNull(caCertificatePem, "caCertificatePem");
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(scheduler, "scheduler");
        Objects.requireNonNull(leaseRenewalThreshold, "leaseRenewalThreshold");
    }

    /**
     * Checks a Vault address: {@code https://host[:port]} (or {@code http://} when allowed), no
     * user info, query or fragment; a trailing slash is dropped.
     *
     * @throws IllegalArgumentException naming the setting and saying how to fix it
     */
    public static URI checkAddress(String address, boolean allowInsecureHttp) {
        URI uri;
        try {
            uri = new URI(address.strip());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("address must be a URL such as https://vault.example.com:8200, got '"
                    + VaultPaths.printable(address) + "'");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http") || uri.getHost() == null) {
            throw new IllegalArgumentException("address must be a URL such as https://vault.example.com:8200, with a host, got '"
                    + VaultPaths.printable(address) + "'");
        }
        if (uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("address must not carry user info, a query or a fragment (credentials belong in auth), got "
                    + uri.getScheme() + "://" + uri.getHost() + "...");
        }
        if (scheme.equals("http") && !allowInsecureHttp) {
            throw new IllegalArgumentException("address '" + uri + "' uses plain http://, which would send the token and every secret"
                    + " unencrypted; use https:// (with caCertificatePem / ca-file for a private CA), or allow insecure HTTP for local"
                    + " development only (allowInsecureHttp() / allow-insecure-http=true)");
        }
        String text = uri.toString();
        return URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
    }

    /** The provider's own scheduler thread when none is injected: one daemon thread {@code secrets4j-vault-N}. */
    public static ScheduledThreadPoolExecutor daemonExecutor() {
        AtomicInteger counter = new AtomicInteger();
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "secrets4j-vault-" + counter.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }
}
