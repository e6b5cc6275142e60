package dev.secrets4j.testing.azure;

import dev.secrets4j.testing.tls.SelfSignedTls;
import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Serves an in-process Azure Key Vault (secrets) for tests: HTTPS on a free loopback port with a self-signed CA made
 * at start, the bearer challenge on any request without {@code Authorization}, a Microsoft Entra ID token endpoint for
 * {@link #registerClient(String, String) registered} service principals, tokens only from that endpoint or
 * {@link #credential()}, set/get/update/list/delete/recover/purge, an optional {@link Builder#quota(int, Duration)
 * quota}, call counts and {@link KvFault faults}.
 *
 * <pre>{@code
 * try (KeyVaultEmulator kv = KeyVaultEmulator.builder().clock(time.clock()).build()) {
 *     kv.start().registerClient("app-id", "app-secret");
 *     String version = kv.setSecret("db-password", "value");
 *     // SecretClientBuilder().vaultUrl(kv.vaultUrl().toString()).credential(kv.credential())
 *     //     .disableChallengeResourceVerification().httpClient(<JDK client trusting kv.caCertificatePem()>)
 *     // or .credential(new ClientSecretCredentialBuilder().authorityHost(kv.authorityHost().toString())
 *     //     .tenantId(kv.tenantId()).clientId("app-id").clientSecret("app-secret").disableInstanceDiscovery()
 *     //     .httpClient(<the same trusting client>).build())
 * }
 * }</pre>
 *
 * <p>Operation names for {@link #calls()} and {@link KvFault#on(String)}: {@code "GET secret"},
 * {@code "GET versions"}, {@code "LIST secrets"}, {@code "PUT secret"}, {@code "PATCH secret"},
 * {@code "DELETE secret"}, {@code "GET deleted"}, {@code "LIST deleted"}, {@code "PURGE secret"},
 * {@code "RECOVER secret"}. Counted in {@link #calls()} only: {@code "challenge401"} (requests without
 * {@code Authorization}), {@code "badToken401"} (tokens it did not issue), {@code "throttled429"} (requests over the
 * quota, which count as nothing else), {@code "token"} (tokens issued, by the token endpoint or
 * {@link #credential()}) and {@code "tokenRefused"} (token requests refused). Faults apply to authenticated vault
 * requests only, never to the token endpoint. Thread-safe. No secret value, client secret or token is ever logged.
 */
public final class KeyVaultEmulator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KeyVaultEmulator.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Clock clock;
    private final String tenantId;
    private final KvStore store;
    private final KvFaults faults = new KvFaults();
    private final KvIdentity identity;
    private final Optional<KvQuota> quota;
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final Set<String> tokens = ConcurrentHashMap.newKeySet();
    private final Object lifecycle = new Object();
    private HttpsServer server;
    private ExecutorService executor;
    private SelfSignedTls tls;
    private URI vaultUrl;
    private boolean closed;

    private KeyVaultEmulator(Builder builder) {
        this.clock = builder.clock;
        this.tenantId = builder.tenantId;
        this.store = new KvStore(builder.clock);
        this.identity = new KvIdentity(builder.tenantId, builder.clock, this::newToken, this::count);
        this.quota = builder.quotaTransactions == 0 ? Optional.empty()
                : Optional.of(new KvQuota(builder.quotaTransactions, builder.quotaWindow, builder.clock));
    }

    /** Starts a builder: system UTC clock, tenant {@code 72f988bf-86f1-41af-91ab-2d7cd011db47}, no quota. */
    public static Builder builder() {
        return new Builder();
    }

    /** Makes the TLS material, binds 127.0.0.1 on a free port and starts serving; fails when started or closed. */
    public KeyVaultEmulator start() {
        synchronized (lifecycle) {
            if (closed || server != null) {
                throw new IllegalStateException("KeyVaultEmulator.start: already " + (closed ? "closed" : "started"));
            }
            tls = SelfSignedTls.create("Key Vault");
            try {
                server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            } catch (IOException e) {
                throw new UncheckedIOException("KeyVaultEmulator.start: could not bind 127.0.0.1: " + e.getMessage(), e);
            }
            server.setHttpsConfigurator(new HttpsConfigurator(tls.sslContext()));
            AtomicInteger threads = new AtomicInteger();
            executor = Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "kv-emulator-" + threads.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            vaultUrl = URI.create("https://127.0.0.1:" + server.getAddress().getPort());
            String base = vaultUrl.toString();
            KvRouter router = new KvRouter(store, faults, this::count, tokens, () -> base, tenantId, quota);
            server.createContext("/", exchange -> (KvIdentity.isTokenPath(exchange.getRequestURI().getRawPath())
                    ? identity : router).handle(exchange));
            server.setExecutor(executor);
            server.start();
            LOG.debug("Key Vault emulator listening on {}", vaultUrl);
            return this;
        }
    }

    /** Returns the vault URL, {@code https://127.0.0.1:PORT}; fails before start. */
    public URI vaultUrl() {
        synchronized (lifecycle) {
            if (vaultUrl == null) {
                throw new IllegalStateException("KeyVaultEmulator.vaultUrl: call start() first");
            }
            return vaultUrl;
        }
    }

    /**
     * Returns the PEM of the CA that signed the emulator's certificate (for 127.0.0.1 and localhost); fails before
     * start.
     */
    public String caCertificatePem() {
        synchronized (lifecycle) {
            if (tls == null) {
                throw new IllegalStateException("KeyVaultEmulator.caCertificatePem: call start() first");
            }
            return tls.caPem();
        }
    }

    /**
     * Returns the emulator's own base, {@code https://127.0.0.1:PORT/}, to give a Microsoft Entra ID credential as its
     * authority host: the token endpoint {@code POST /{tenant}/oauth2/v2.0/token} is served there. Fails before start.
     *
     * <pre>{@code
     * new ClientSecretCredentialBuilder().authorityHost(kv.authorityHost().toString()).tenantId(kv.tenantId())
     *         .clientId("app-id").clientSecret("app-secret")
     *         .disableInstanceDiscovery()     // MSAL would ask login.microsoftonline.com about 127.0.0.1 otherwise
     *         .httpClient(trustingClient)     // an azure-core HttpClient trusting caCertificatePem()
     *         .build();
     * }</pre>
     */
    public URI authorityHost() {
        return URI.create(vaultUrl() + "/");
    }

    /** Returns the tenant id of the token endpoint and of the challenge's {@code authorization} URI. */
    public String tenantId() {
        return tenantId;
    }

    /**
     * Registers a service principal of the emulator's tenant, or gives a registered one a new secret (the old one
     * stops working). Its client credentials grant at {@link #authorityHost()} gets tokens the vault accepts; a wrong
     * secret answers 401 {@code invalid_client} {@code AADSTS7000215}, an unknown id 400 {@code unauthorized_client}
     * {@code AADSTS700016}. May be called before or after start.
     *
     * @return this emulator
     */
    public KeyVaultEmulator registerClient(String clientId, String clientSecret) {
        if (clientId == null || clientId.isBlank()) {
            throw new IllegalArgumentException("KeyVaultEmulator.registerClient: clientId must not be blank");
        }
        if (clientSecret == null || clientSecret.isEmpty()) {
            throw new IllegalArgumentException("KeyVaultEmulator.registerClient: the client secret of '" + clientId
                    + "' must not be empty");
        }
        identity.register(clientId, clientSecret);
        return this;
    }

    /**
     * Returns a credential that issues vault tokens without HTTP (for scope {@code https://vault.azure.net/.default},
     * valid an hour of system time, as the SDK checks expiry by the system clock); each issue counts as
     * {@code "token"}. The vault accepts only these and the token endpoint's tokens. Needs azure-core.
     */
    public TokenCredential credential() {
        return new KvCredential(this::issueToken);
    }

    private AccessToken issueToken() {
        // Real time, not the emulator clock: the SDK decides a token is stale by the system clock.
        return new AccessToken(newToken(), Instant.now().plus(Duration.ofHours(1)).atOffset(ZoneOffset.UTC));
    }

    /** A new token the vault accepts, counted as "token"; free of azure-core types, for the token endpoint. */
    private String newToken() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        tokens.add(token);
        count("token");
        return token;
    }

    /** Sets a new enabled version of a secret (creating it); returns the version id (32 hex chars). */
    public String setSecret(String name, String value) {
        return setSecret(name, value, SecretAttributes.defaults());
    }

    /** Sets a new version with these attributes; returns its id. Fails (409) for a soft-deleted name. */
    public String setSecret(String name, String value, SecretAttributes attributes) {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(attributes, "attributes");
        return direct(() -> store.set(name, value, attributes).id);
    }

    /** Disables one version: reading it answers 403 {@code Forbidden} / {@code SecretDisabled}. */
    public void disableVersion(String name, String version) {
        direct(() -> store.update(name, version, false, null, null, null, null));
    }

    /** Soft-deletes a secret (all versions): reads answer 404, sets 409 until recovered or purged. */
    public void deleteSecret(String name) {
        direct(() -> store.delete(name));
    }

    /** Purges a soft-deleted secret. */
    public void purgeDeletedSecret(String name) {
        direct(() -> {
            store.purge(name);
            return null;
        });
    }

    /** Returns the calls per operation (see the class comment for names), a snapshot sorted by name. */
    public Map<String, Integer> calls() {
        Map<String, Integer> snapshot = new TreeMap<>();
        calls.forEach((k, v) -> snapshot.put(k, v.get()));
        return snapshot;
    }

    /** Returns the calls of one operation so far, zero when none. */
    public int calls(String operation) {
        AtomicInteger n = calls.get(operation);
        return n == null ? 0 : n.get();
    }

    /** Forgets every call count. */
    public void resetCalls() {
        calls.clear();
    }

    /** Returns the active faults, to add or clear. */
    public KvFaults faults() {
        return faults;
    }

    /** Stops serving and releases hung requests; idempotent. */
    @Override
    public void close() {
        synchronized (lifecycle) {
            closed = true;
            faults.releaseHangs();
            if (server != null) {
                server.stop(0);
                executor.shutdownNow();
            }
        }
    }

    @Override
    public String toString() {
        return "KeyVaultEmulator[" + (vaultUrl == null ? "not started" : vaultUrl) + "]";
    }

    private void count(String operation) {
        calls.computeIfAbsent(operation, k -> new AtomicInteger()).incrementAndGet();
    }

    private static <T> T direct(java.util.function.Supplier<T> action) {
        try {
            return action.get();
        } catch (KvStore.KvException e) {
            throw new IllegalStateException("KeyVaultEmulator: " + e.code + (e.inner == null ? "" : "/" + e.inner)
                    + ": " + e.getMessage(), e);
        }
    }

    /** Configures a {@link KeyVaultEmulator}; setters check their argument at once. */
    public static final class Builder {
        private Clock clock = Clock.systemUTC();
        private String tenantId = "72f988bf-86f1-41af-91ab-2d7cd011db47";
        private int quotaTransactions;
        private Duration quotaWindow;

        private Builder() {
        }

        /**
         * Sets the clock for created, updated and deletion times, token error timestamps and the quota window (token
         * expiry uses system time, as the SDK does).
         */
        public Builder clock(Clock clock) {
            if (clock == null) {
                throw new IllegalArgumentException("KeyVaultEmulator.Builder.clock must not be null");
            }
            this.clock = clock;
            return this;
        }

        /** Sets the tenant id of the token endpoint and of the challenge's authorization URI. */
        public Builder tenantId(String tenantId) {
            if (tenantId == null || tenantId.isBlank() || tenantId.contains("/")) {
                throw new IllegalArgumentException("KeyVaultEmulator.Builder.tenantId must be a non-blank id without '/'");
            }
            this.tenantId = tenantId;
            return this;
        }

        /**
         * Sets a service limit: authenticated vault requests beyond {@code transactions} within a fixed window of
         * {@code window} on the {@link #clock(Clock) clock} (opened by the first request after the last window ended)
         * answer 429 {@code Throttled} with {@code Retry-After} in whole seconds until the window ends (at least 1),
         * counted as {@code "throttled429"}. Challenges, refused tokens and token requests do not count. Default: none.
         */
        public Builder quota(int transactions, Duration window) {
            if (transactions < 1) {
                throw new IllegalArgumentException("KeyVaultEmulator.Builder.quota: transactions must be at least 1, was "
                        + transactions);
            }
            if (window == null || window.isNegative() || window.isZero()) {
                throw new IllegalArgumentException("KeyVaultEmulator.Builder.quota: window must be positive, was " + window);
            }
            this.quotaTransactions = transactions;
            this.quotaWindow = window;
            return this;
        }

        /** Builds an emulator, not yet started. */
        public KeyVaultEmulator build() {
            return new KeyVaultEmulator(this);
        }
    }
}
