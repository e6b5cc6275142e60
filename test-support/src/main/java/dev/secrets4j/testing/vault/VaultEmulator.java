package dev.secrets4j.testing.vault;

import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

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

    private VaultEmulator(Builder builder) {
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
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Stops the server and releases requests held by a hang; closing twice is harmless. */
    @Override
    public void close() {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /**
     * {@code http://127.0.0.1:PORT} (or {@code https://}), without a trailing slash.
     *
     * @throws IllegalStateException when not started
     */
    public URI address() {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /**
     * The PEM of the self-signed CA that issued the server certificate, for a client's trust store.
     *
     * @throws IllegalStateException when the emulator serves plain HTTP
     */
    public String caCertificatePem() {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** A non-expiring, non-renewable root token (policy {@code root}). */
    public String rootToken() {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /**
     * The stable label this emulator shows for {@code token} in {@link #requests()} ({@code token#3}), so a
     * test can tell which token a request carried without the value; {@code token#?} for a token it never issued.
     */
    public String tokenLabel(String token) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    // ---- KV (root namespace) ----

    /** Mounts a KV engine in the root namespace; see {@link VaultNamespace#mountKv(String, int)}. */
    public VaultEmulator mountKv(String mount, int version) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Writes a KV entry in the root namespace; see {@link VaultNamespace#putKv(String, String, Map)}. */
    public int putKv(String mount, String path, Map<String, String> data) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Writes raw JSON data in the root namespace; see {@link VaultNamespace#putKvJson(String, String, String)}. */
    public int putKvJson(String mount, String path, String json) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Soft-deletes versions in the root namespace; see {@link VaultNamespace#deleteKvVersions(String, String, int...)}. */
    public void deleteKvVersions(String mount, String path, int... versions) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Destroys versions in the root namespace; see {@link VaultNamespace#destroyKvVersions(String, String, int...)}. */
    public void destroyKvVersions(String mount, String path, int... versions) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Sets a mount's {@code max_versions} in the root namespace; see {@link VaultNamespace#kvMaxVersions(String, int)}. */
    public void kvMaxVersions(String mount, int maxVersions) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Sets a mount's {@code cas_required} in the root namespace; see {@link VaultNamespace#kvCasRequired(String, boolean)}. */
    public void kvCasRequired(String mount, boolean casRequired) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** The current data of a KV entry in the root namespace; see {@link VaultNamespace#readKvJson(String, String)}. */
    public Optional<String> readKvJson(String mount, String path) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** The current version of a KV v2 entry in the root namespace; see {@link VaultNamespace#currentVersion(String, String)}. */
    public int currentVersion(String mount, String path) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    // ---- namespaces ----

    /**
     * Declares namespace {@code path} (such as {@code team-a} or {@code team-a/dev}; parents are declared too),
     * with a KV v2 mount {@code secret}. Declaring it again is harmless.
     */
    public VaultEmulator namespace(String path) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /**
     * A view of namespace {@code path} to set up its engines.
     *
     * @throws IllegalArgumentException when the namespace was not declared
     */
    public VaultNamespace inNamespace(String path) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    // ---- auth ----

    /**
     * Issues a service token with the limits of {@code spec}. Tokens are valid in every namespace.
     *
     * @return the token ({@code hvs.} followed by random characters)
     */
    public String createToken(TokenSpec spec) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Enables AppRole login ({@code auth/approle/login}): that role id and secret id get a token of {@code spec}. */
    public VaultEmulator enableAppRole(String roleId, String secretId, TokenSpec spec) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Enables Kubernetes login ({@code auth/kubernetes/login}): that role with that service-account JWT gets a token of {@code spec}. */
    public VaultEmulator enableKubernetes(String role, String serviceAccountJwt, TokenSpec spec) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Enables JWT login ({@code auth/jwt/login}): that role with that JWT gets a token of {@code spec}. */
    public VaultEmulator enableJwt(String role, String jwt, TokenSpec spec) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /**
     * Enables login on a custom auth mount {@code auth/<mountPath>/login} of {@code method} {@code approle}
     * (credential keys {@code role_id}/{@code secret_id}), {@code kubernetes} or {@code jwt} ({@code role}/{@code jwt}).
     */
    public VaultEmulator enableLogin(String method, String mountPath, String roleOrRoleId, String secret, TokenSpec spec) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Revokes {@code token}: later requests with it get 403 {@code permission denied}. */
    public void revokeToken(String token) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** How many logins succeeded so far, over every auth method. */
    public int successfulLogins() {
        throw new UnsupportedOperationException("not implemented yet");
    }

    // ---- leases ----

    /** Serves a dynamic secret in the root namespace; see {@link VaultNamespace#dynamicSecret(String, LeaseSpec)}. */
    public VaultEmulator dynamicSecret(String path, LeaseSpec spec) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Every lease issued so far, in issue order. */
    public List<LeaseView> leases() {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /**
     * Revokes lease {@code id}: renewing it then answers 400 {@code lease not found}.
     *
     * @throws IllegalArgumentException when no such lease was issued
     */
    public void revokeLease(String id) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    // ---- health and seal ----

    /** Seals the emulator: every path but {@code sys/health} answers 503 {@code Vault is sealed}. */
    public void seal() {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Unseals the emulator (back to {@link HealthState#ACTIVE}). */
    public void unseal() {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Sets the state {@code sys/health} reports; {@link HealthState#SEALED} also seals. */
    public void health(HealthState state) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    // ---- faults and recording ----

    /** The faults injected into requests. */
    public VaultFaults faults() {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Every request received since the start or the last {@link #resetRequests()}, in arrival order. */
    public List<RecordedRequest> requests() {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /**
     * The requests with {@code method} ({@code "*"} for any) whose path under {@code /v1/} starts with
     * {@code pathPrefix}.
     */
    public List<RecordedRequest> requests(String method, String pathPrefix) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Forgets the recorded requests. */
    public void resetRequests() {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** {@code VaultEmulator[http://127.0.0.1:41234, started]}; never shows a token. */
    @Override
    public String toString() {
        return "VaultEmulator[]";
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
