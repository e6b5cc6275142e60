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
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-process Azure Key Vault (secrets) for tests: HTTPS on a free loopback port with a self-signed CA made at
 * start, the bearer challenge on any request without {@code Authorization}, tokens only from {@link #credential()},
 * set/get/update/list/delete/recover/purge, call counts and {@link KvFault faults}.
 *
 * <pre>{@code
 * try (KeyVaultEmulator kv = KeyVaultEmulator.builder().clock(time.clock()).build()) {
 *     kv.start();
 *     String version = kv.setSecret("db-password", "value");
 *     // SecretClientBuilder().vaultUrl(kv.vaultUrl().toString()).credential(kv.credential())
 *     //     .disableChallengeResourceVerification().httpClient(<JDK client trusting kv.caCertificatePem()>)
 * }
 * }</pre>
 *
 * <p>Operation names for {@link #calls()} and {@link KvFault#on(String)}: {@code "GET secret"},
 * {@code "GET versions"}, {@code "LIST secrets"}, {@code "PUT secret"}, {@code "PATCH secret"},
 * {@code "DELETE secret"}, {@code "GET deleted"}, {@code "PURGE secret"}, {@code "RECOVER secret"}; plus
 * {@code "challenge401"} (unauthenticated requests), {@code "badToken401"} and {@code "token"} (tokens issued).
 * Thread-safe. No secret value or token is ever logged.
 */
public final class KeyVaultEmulator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KeyVaultEmulator.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Clock clock;
    private final String tenantId;
    private final KvStore store;
    private final KvFaults faults = new KvFaults();
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
    }

    /** A builder: system UTC clock, tenant {@code 72f988bf-86f1-41af-91ab-2d7cd011db47}. */
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
            server.createContext("/", new KvRouter(store, faults, this::count, tokens, () -> base, tenantId));
            server.setExecutor(executor);
            server.start();
            LOG.debug("Key Vault emulator listening on {}", vaultUrl);
            return this;
        }
    }

    /** The vault URL, {@code https://127.0.0.1:PORT}; fails before start. */
    public URI vaultUrl() {
        synchronized (lifecycle) {
            if (vaultUrl == null) {
                throw new IllegalStateException("KeyVaultEmulator.vaultUrl: call start() first");
            }
            return vaultUrl;
        }
    }

    /** The PEM of the CA that signed the emulator's certificate (for 127.0.0.1 and localhost); fails before start. */
    public String caCertificatePem() {
        synchronized (lifecycle) {
            if (tls == null) {
                throw new IllegalStateException("KeyVaultEmulator.caCertificatePem: call start() first");
            }
            return tls.caPem();
        }
    }

    /** The tenant id the 401 challenge names in its {@code authorization} URI. */
    public String tenantId() {
        return tenantId;
    }

    /**
     * A credential whose tokens (for scope {@code https://vault.azure.net/.default}, valid an hour of system time,
     * as the SDK checks expiry by the system clock) are the only ones the emulator accepts; each issue counts as {@code "token"}. Needs azure-core.
     */
    public TokenCredential credential() {
        return new KvCredential(this::issueToken);
    }

    private AccessToken issueToken() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        tokens.add(token);
        count("token");
        // Real time, not the emulator clock: the SDK decides a token is stale by the system clock.
        return new AccessToken(token, Instant.now().plus(Duration.ofHours(1)).atOffset(ZoneOffset.UTC));
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

    /** Calls per operation (see the class comment for names), a snapshot sorted by name. */
    public Map<String, Integer> calls() {
        Map<String, Integer> snapshot = new TreeMap<>();
        calls.forEach((k, v) -> snapshot.put(k, v.get()));
        return snapshot;
    }

    /** Calls of one operation so far, zero when none. */
    public int calls(String operation) {
        AtomicInteger n = calls.get(operation);
        return n == null ? 0 : n.get();
    }

    /** Forgets every call count. */
    public void resetCalls() {
        calls.clear();
    }

    /** The active faults, to add or clear. */
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

        private Builder() {
        }

        /** The clock for created, updated and deletion times (token expiry uses system time, as the SDK does). */
        public Builder clock(Clock clock) {
            if (clock == null) {
                throw new IllegalArgumentException("KeyVaultEmulator.Builder.clock must not be null");
            }
            this.clock = clock;
            return this;
        }

        /** The tenant id named by the challenge's authorization URI. */
        public Builder tenantId(String tenantId) {
            if (tenantId == null || tenantId.isBlank() || tenantId.contains("/")) {
                throw new IllegalArgumentException("KeyVaultEmulator.Builder.tenantId must be a non-blank id without '/'");
            }
            this.tenantId = tenantId;
            return this;
        }

        /** Builds an emulator, not yet started. */
        public KeyVaultEmulator build() {
            return new KeyVaultEmulator(this);
        }
    }
}
