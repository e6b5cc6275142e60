package dev.secrets4j.testing.vault;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An in-process HashiCorp Vault for tests: serves Vault's HTTP API on a free loopback port, faithfully to
 * the documented wire format, for KV v1 and v2, token, AppRole, Kubernetes and JWT auth, leased dynamic
 * secrets, {@code sys/health}, namespaces and fault injection. TTLs, lease expiry and timestamps read the
 * injected clock, so a test drives expiry with {@code FakeTime}.
 *
 * <pre>{@code
 * try (VaultEmulator vault = VaultEmulator.builder().clock(time.clock()).build()) {
 *     vault.start();
 *     vault.putKv("secret", "app/db", Map.of("user", "app", "password", "s3cr3t"));
 *     String token = vault.createToken(TokenSpec.builder().ttl(Duration.ofMinutes(30)).build());
 *     // point the client at vault.address() with that token
 * }
 * }</pre>
 *
 * <p>Thread-safe. Requests are served on daemon threads. No token value is ever logged or recorded:
 * {@link #requests()} shows tokens as labels ({@link #tokenLabel(String)}).
 */
public final class VaultEmulator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(VaultEmulator.class);

    private final Clock clock;
    private final boolean https;
    private final boolean requireRequestHeader;
    private final Map<String, VaultNamespace> namespaces = new ConcurrentHashMap<>();
    private final VaultNamespace root;
    private final TokenStore tokens;
    private final LoginMethods logins;
    private final LeaseStore leases;
    private final HealthEndpoint health;
    private final VaultFaults faults = new VaultFaults();
    private final RequestLog log = new RequestLog();
    private final Object lifecycle = new Object();
    private EmulatorServer server;
    private boolean closed;

    private VaultEmulator(Builder builder) {
        this.clock = builder.clock;
        this.https = builder.https;
        this.requireRequestHeader = builder.requireRequestHeader;
        this.root = new VaultNamespace("", clock);
        namespaces.put("", root);
        this.tokens = new TokenStore(clock);
        this.logins = new LoginMethods(tokens);
        this.leases = new LeaseStore(clock);
        this.health = new HealthEndpoint(clock);
    }

    /** A builder: system UTC clock, plain HTTP. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Binds 127.0.0.1 on a free port and starts serving.
     *
     * @throws IllegalStateException when already started or closed
     */
    public VaultEmulator start() {
        synchronized (lifecycle) {
            if (closed || server != null) {
                throw new IllegalStateException("VaultEmulator.start: already " + (closed ? "closed" : "started"));
            }
            Routes routes = new Routes(namespaces, tokens, logins, leases, health);
            server = EmulatorServer.start(https, new VaultRouter(routes, tokens, faults, log, requireRequestHeader, root));
            LOG.debug("vault emulator listening on {}", server.address());
            return this;
        }
    }

    /** Stops the server and releases requests held by a hang; closing twice is harmless. */
    @Override
    public void close() {
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
            faults.close();
            if (server != null) {
                server.stop();
            }
        }
    }

    /**
     * {@code http://127.0.0.1:PORT} (or {@code https://}), without a trailing slash.
     *
     * @throws IllegalStateException when not started
     */
    public URI address() {
        synchronized (lifecycle) {
            if (server == null) {
                throw new IllegalStateException("VaultEmulator.address: not started; call start() first");
            }
            return server.address();
        }
    }

    /**
     * The PEM of the self-signed CA that issued the server certificate, for a client's trust store.
     *
     * @throws IllegalStateException when the emulator serves plain HTTP
     */
    public String caCertificatePem() {
        if (!https) {
            throw new IllegalStateException("VaultEmulator.caCertificatePem: this emulator serves plain HTTP; "
                    + "build it with https(true)");
        }
        synchronized (lifecycle) {
            if (server == null) {
                throw new IllegalStateException("VaultEmulator.caCertificatePem: not started; call start() first");
            }
            return server.tls().orElseThrow().caPem();
        }
    }

    /** A non-expiring, non-renewable root token (policy {@code root}). */
    public String rootToken() {
        return tokens.rootToken();
    }

    /**
     * The stable label this emulator shows for {@code token} in {@link #requests()} ({@code token#3}), so a
     * test can tell which token a request carried without the value; {@code token#?} for a token it never issued.
     */
    public String tokenLabel(String token) {
        return tokens.label(Objects.requireNonNull(token, "token"));
    }

    // ---- KV (root namespace) ----

    /** Mounts a KV engine in the root namespace; see {@link VaultNamespace#mountKv(String, int)}. */
    public VaultEmulator mountKv(String mount, int version) {
        root.mountKv(mount, version);
        return this;
    }

    /** Writes a KV entry in the root namespace; see {@link VaultNamespace#putKv(String, String, Map)}. */
    public int putKv(String mount, String path, Map<String, String> data) {
        return root.putKv(mount, path, data);
    }

    /** Writes raw JSON data in the root namespace; see {@link VaultNamespace#putKvJson(String, String, String)}. */
    public int putKvJson(String mount, String path, String json) {
        return root.putKvJson(mount, path, json);
    }

    /** Soft-deletes versions in the root namespace; see {@link VaultNamespace#deleteKvVersions(String, String, int...)}. */
    public void deleteKvVersions(String mount, String path, int... versions) {
        root.deleteKvVersions(mount, path, versions);
    }

    /** Destroys versions in the root namespace; see {@link VaultNamespace#destroyKvVersions(String, String, int...)}. */
    public void destroyKvVersions(String mount, String path, int... versions) {
        root.destroyKvVersions(mount, path, versions);
    }

    /** Sets a mount's {@code max_versions} in the root namespace; see {@link VaultNamespace#kvMaxVersions(String, int)}. */
    public void kvMaxVersions(String mount, int maxVersions) {
        root.kvMaxVersions(mount, maxVersions);
    }

    /** Sets a mount's {@code cas_required} in the root namespace; see {@link VaultNamespace#kvCasRequired(String, boolean)}. */
    public void kvCasRequired(String mount, boolean casRequired) {
        root.kvCasRequired(mount, casRequired);
    }

    /** The current data of a KV entry in the root namespace; see {@link VaultNamespace#readKvJson(String, String)}. */
    public Optional<String> readKvJson(String mount, String path) {
        return root.readKvJson(mount, path);
    }

    /** The current version of a KV v2 entry in the root namespace; see {@link VaultNamespace#currentVersion(String, String)}. */
    public int currentVersion(String mount, String path) {
        return root.currentVersion(mount, path);
    }

    // ---- namespaces ----

    /**
     * Declares namespace {@code path} (such as {@code team-a} or {@code team-a/dev}; parents are declared too),
     * with a KV v2 mount {@code secret}. Declaring it again is harmless.
     */
    public VaultEmulator namespace(String path) {
        String name = namespaceName(path);
        StringBuilder prefix = new StringBuilder();
        for (String segment : name.split("/")) {
            if (prefix.length() > 0) {
                prefix.append('/');
            }
            prefix.append(segment);
            namespaces.computeIfAbsent(prefix.toString(), n -> new VaultNamespace(n, clock));
        }
        return this;
    }

    /**
     * A view of namespace {@code path} to set up its engines.
     *
     * @throws IllegalArgumentException when the namespace was not declared
     */
    public VaultNamespace inNamespace(String path) {
        String name = namespaceName(path);
        VaultNamespace ns = namespaces.get(name);
        if (ns == null) {
            throw new IllegalArgumentException("inNamespace: namespace '" + name + "' was not declared; call namespace(\""
                    + name + "\") first");
        }
        return ns;
    }

    // ---- auth ----

    /**
     * Issues a service token with the limits of {@code spec}. Tokens are valid in every namespace.
     *
     * @return the token ({@code hvs.} followed by random characters)
     */
    public String createToken(TokenSpec spec) {
        return tokens.issue(Objects.requireNonNull(spec, "spec"), "auth/token/create", Map.of()).value;
    }

    /** Enables AppRole login ({@code auth/approle/login}): that role id and secret id get a token of {@code spec}. */
    public VaultEmulator enableAppRole(String roleId, String secretId, TokenSpec spec) {
        logins.enable(LoginMethods.APPROLE, "approle", roleId, secretId, spec);
        return this;
    }

    /** Enables Kubernetes login ({@code auth/kubernetes/login}): that role with that service-account JWT gets a token of {@code spec}. */
    public VaultEmulator enableKubernetes(String role, String serviceAccountJwt, TokenSpec spec) {
        logins.enable(LoginMethods.KUBERNETES, "kubernetes", role, serviceAccountJwt, spec);
        return this;
    }

    /** Enables JWT login ({@code auth/jwt/login}): that role with that JWT gets a token of {@code spec}. */
    public VaultEmulator enableJwt(String role, String jwt, TokenSpec spec) {
        logins.enable(LoginMethods.JWT, "jwt", role, jwt, spec);
        return this;
    }

    /**
     * Enables login on a custom auth mount {@code auth/<mountPath>/login} of {@code method} {@code approle}
     * (credential keys {@code role_id}/{@code secret_id}), {@code kubernetes} or {@code jwt} ({@code role}/{@code jwt}).
     */
    public VaultEmulator enableLogin(String method, String mountPath, String roleOrRoleId, String secret, TokenSpec spec) {
        logins.enable(Objects.requireNonNull(method, "method"), mountPath, roleOrRoleId, secret, spec);
        return this;
    }

    /** Revokes {@code token}: later requests with it get 403 {@code permission denied}. */
    public void revokeToken(String token) {
        tokens.revoke(Objects.requireNonNull(token, "token"));
    }

    /** How many logins succeeded so far, over every auth method. */
    public int successfulLogins() {
        return logins.successes();
    }

    // ---- leases ----

    /** Serves a dynamic secret in the root namespace; see {@link VaultNamespace#dynamicSecret(String, LeaseSpec)}. */
    public VaultEmulator dynamicSecret(String path, LeaseSpec spec) {
        root.dynamicSecret(path, spec);
        return this;
    }

    /** Every lease issued so far, in issue order. */
    public List<LeaseView> leases() {
        return leases.views();
    }

    /**
     * Revokes lease {@code id}: renewing it then answers 400 {@code lease not found}.
     *
     * @throws IllegalArgumentException when no such lease was issued
     */
    public void revokeLease(String id) {
        leases.revokeById(Objects.requireNonNull(id, "id"));
    }

    // ---- health and seal ----

    /** Seals the emulator: every path but {@code sys/health} answers 503 {@code Vault is sealed}. */
    public void seal() {
        health.set(HealthState.SEALED);
    }

    /** Unseals the emulator (back to {@link HealthState#ACTIVE}). */
    public void unseal() {
        health.set(HealthState.ACTIVE);
    }

    /** Sets the state {@code sys/health} reports; {@link HealthState#SEALED} also seals. */
    public void health(HealthState state) {
        health.set(Objects.requireNonNull(state, "state"));
    }

    // ---- faults and recording ----

    /** The faults injected into requests. */
    public VaultFaults faults() {
        return faults;
    }

    /** Every request received since the start or the last {@link #resetRequests()}, in arrival order. */
    public List<RecordedRequest> requests() {
        return log.all();
    }

    /**
     * The requests with {@code method} ({@code "*"} for any) whose path under {@code /v1/} starts with
     * {@code pathPrefix}.
     */
    public List<RecordedRequest> requests(String method, String pathPrefix) {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(pathPrefix, "pathPrefix");
        String p = pathPrefix.startsWith("/v1/") ? pathPrefix.substring(4) : pathPrefix;
        return log.matching(method.toUpperCase(Locale.ROOT), p);
    }

    /** Forgets the recorded requests. */
    public void resetRequests() {
        log.clear();
    }

    /** {@code VaultEmulator[http://127.0.0.1:41234, started]}; never shows a token. */
    @Override
    public String toString() {
        synchronized (lifecycle) {
            return "VaultEmulator[" + (server == null ? (https ? "https" : "http") : server.address()) + ", "
                    + (closed ? "closed" : server != null ? "started" : "not started") + "]";
        }
    }

    private static String namespaceName(String path) {
        String name = LoginMethods.trimSlashes(Objects.requireNonNull(path, "path"));
        if (name.isEmpty() || name.contains("//")) {
            throw new IllegalArgumentException("namespace path must be like 'team-a' or 'team-a/dev', got '" + path + "'");
        }
        return name;
    }

    /** Builds a {@link VaultEmulator}; each setter checks its argument at once. */
    public static final class Builder {
        private Clock clock = Clock.systemUTC();
        private boolean https;
        private boolean requireRequestHeader;

        private Builder() {
        }

        /** The clock for TTLs, lease expiry and {@code created_time}; default system UTC. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Whether to serve HTTPS with a self-signed certificate (made with Bouncy Castle); default plain HTTP. */
        public Builder https(boolean https) {
            this.https = https;
            return this;
        }

        /**
         * Whether to answer 412 {@code missing "X-Vault-Request" header} to requests without that header, as a Vault
         * Agent listener with {@code require_request_header} does; default false.
         */
        public Builder requireRequestHeader(boolean require) {
            this.requireRequestHeader = require;
            return this;
        }

        /** The emulator, not started yet. */
        public VaultEmulator build() {
            return new VaultEmulator(this);
        }
    }
}
