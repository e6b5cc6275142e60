package dev.secrets4j.provider.vault;

import dev.secrets4j.Scheduler;
import dev.secrets4j.Secret;
import dev.secrets4j.Subscription;
import dev.secrets4j.provider.vault.internal.TlsTrust;
import dev.secrets4j.provider.vault.internal.VaultBackend;
import dev.secrets4j.provider.vault.internal.VaultPaths;
import dev.secrets4j.provider.vault.internal.VaultSettings;
import dev.secrets4j.spi.Capability;
import dev.secrets4j.spi.Lookup;
import dev.secrets4j.spi.ProviderHealth;
import dev.secrets4j.spi.PutOptions;
import dev.secrets4j.spi.SecretProvider;
import dev.secrets4j.spi.SecretRef;
import dev.secrets4j.spi.WatchListener;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Secrets from HashiCorp Vault: KV version 2 (versions, check-and-set writes) or version 1
 * entries, and dynamic secrets whose leases it renews and replaces ahead of expiry.
 *
 * <pre>{@code
 * SecretProvider vault = VaultSecretProvider.builder()
 *         .address("https://vault.example.com:8200")
 *         .auth(VaultAuth.kubernetes("my-app"))
 *         .pathPrefix("prod/")                       // every KV reference stays inside secret/prod/
 *         .dynamicMounts("database")                 // vault:database/creds/app is a leased credential
 *         .build();
 * }</pre>
 *
 * <p>References: {@code vault:secret/app/db#password} is field {@code password} of the KV entry
 * {@code <prefix>app/db} in the KV mount {@code secret}; a bare name {@code DB_PASSWORD} (or
 * {@code vault:DB_PASSWORD}) is the entry {@code <prefix>DB_PASSWORD}, kept as written; without
 * {@code #field} an entry of one field gives that field and an entry of several gives its JSON.
 * {@code vault:database/creds/app#password} reads a configured dynamic mount. A reference that
 * could leave the mount or prefix ({@code ..}, {@code /x}, another mount) is refused before any
 * request.
 *
 * <p>Building does no I/O: the first read logs in, so a bad credential shows in the boot report.
 * After a KV v2 entry was read, a read asks the metadata's {@code current_version} first and
 * fetches the data only when it moved, which makes the engine's scheduled refresh cheap.
 * {@link #close()} stops renewals, revokes leases when configured, and revokes the token the
 * provider logged in for.
 */
public final class VaultSecretProvider implements SecretProvider {

    /** The provider id and reference scheme: {@code vault}. */
    public static final String ID = "vault";

    private final VaultSettings settings;
    private final VaultBackend backend;
    private final Set<Capability> capabilities;
    private final String describe;
    private final ScheduledThreadPoolExecutor ownExecutor;
    private final AtomicBoolean closed = new AtomicBoolean();

    private VaultSecretProvider(VaultSettings s) {
        this.settings = s;
        this.describe = ID + ":" + s.address() + " (KV v" + s.kvVersion() + " mount " + s.kvMount()
                + (s.pathPrefix().isEmpty() ? "" : ", prefix " + s.pathPrefix())
                + s.namespace().map(ns -> ", namespace " + ns).orElse("")
                + (s.dynamicMounts().isEmpty() ? "" : ", dynamic mounts " + String.join(", ", s.dynamicMounts())) + ")";
        Scheduler scheduler;
        if (s.scheduler().isPresent()) {
            scheduler = s.scheduler().get();
            ownExecutor = null;
        } else {
            ownExecutor = VaultSettings.daemonExecutor();
            scheduler = Scheduler.of(ownExecutor);
        }
        this.backend = VaultBackend.create(ID, s, scheduler, describe);
        EnumSet<Capability> caps = EnumSet.of(Capability.READ, Capability.WRITE, Capability.BATCH, Capability.FIELDS);
        if (s.kvVersion() == 2) {
            caps.add(Capability.VERSIONS);
        }
        if (!s.dynamicMounts().isEmpty()) {
            caps.add(Capability.WATCH);
        }
        this.capabilities = Set.copyOf(caps);
    }

    /** A builder; the address (or {@code VAULT_ADDR}) is required, every other setting has a default. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String id() {
        return ID;
    }

    /** {@code vault:https://vault:8200 (KV v2 mount secret, prefix prod/, namespace team-a)}. */
    @Override
    public String describe() {
        return describe;
    }

    /** Where {@code ref} was looked for: {@code vault:https://vault:8200 (...) (secret/data/prod/db)}. */
    @Override
    public String describeLookup(SecretRef ref) {
        return backend.describeLookup(ref);
    }

    /**
     * READ, WRITE, BATCH and FIELDS; VERSIONS with a KV version 2 mount; WATCH when dynamic mounts
     * are configured (it signals replaced credentials; KV changes come with the engine's refresh).
     */
    @Override
    public Set<Capability> capabilities() {
        return capabilities;
    }

    /**
     * The latest value, or empty when Vault has no such entry.
     *
     * @throws dev.secrets4j.SecretFormatException   when the reference is refused or lacks the field asked for
     * @throws dev.secrets4j.SecretProviderException when Vault fails, denies access, or the current version is deleted or destroyed
     */
    @Override
    public Optional<Secret> get(SecretRef ref) {
        return backend.get(ref);
    }

    /**
     * KV version {@code version} (a number), or empty when Vault does not keep it.
     *
     * @throws dev.secrets4j.SecretProviderException (not retryable) when that version is deleted or destroyed,
     *                                               or the reference is not a KV version 2 entry
     */
    @Override
    public Optional<Secret> get(SecretRef ref, String version) {
        return backend.get(ref, version);
    }

    /** Reads concurrently within the batch concurrency, one request per entry whatever fields are asked of it. */
    @Override
    public Map<SecretRef, Lookup> getAll(Collection<SecretRef> refs) {
        return backend.getAll(refs);
    }

    /** The current value, then up to {@code previousVersions} earlier ones that are neither deleted nor destroyed. */
    @Override
    public List<Secret> versions(SecretRef ref) {
        return backend.versions(ref);
    }

    /**
     * Writes a new version, with check-and-set against {@code options.expectedVersion()}; a
     * {@code #field} reference changes that field and keeps the others.
     *
     * @throws dev.secrets4j.SecretProviderException (not retryable) on a check-and-set conflict, naming the path and both versions
     */
    @Override
    public Secret put(SecretRef ref, byte[] value, PutOptions options) {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(options, "options");
        // The rotation engine's advisory rotation-* keys are not stored: KV v2 has no per-version metadata.
        if (options.metadata().keySet().stream().anyMatch(k -> !k.startsWith("rotation-"))) {
            throw dev.secrets4j.SecretProviderException.permanent(ID, ref.path(), "writing secret '" + ref.path()
                    + "' with metadata is not supported by provider 'vault'; set custom metadata with 'vault kv metadata put'", null);
        }
        return backend.put(ref, value, new PutOptions(options.expectedVersion(), java.util.Map.of()));
    }

    /**
     * Calls {@code listener} (from the scheduler) when a dynamic secret's credential was replaced
     * ahead of expiry; for a KV reference the subscription does nothing.
     */
    @Override
    public Subscription watch(SecretRef ref, WatchListener listener) {
        Objects.requireNonNull(listener, "listener");
        if (!capabilities.contains(Capability.WATCH)) {
            throw dev.secrets4j.SecretProviderException.unsupported(ID, "watching without dynamic mounts");
        }
        return backend.watch(ref, listener);
    }

    /** {@code sys/health} (active, standby, performance standby: up; sealed, uninitialised: down) and the token's state. */
    @Override
    public ProviderHealth health() {
        return backend.health();
    }

    /** Stops renewals, revokes leases when configured, revokes the token it logged in for. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            backend.close();
        } finally {
            if (ownExecutor != null) {
                ownExecutor.shutdownNow();
            }
        }
    }

    /** The settings, for tests. */
    VaultSettings settings() {
        return settings;
    }

    /** Where and how it reads; never a token or value. */
    @Override
    public String toString() {
        return "VaultSecretProvider[" + describe + ", auth " + settings.auth().method() + "]";
    }

    /** Configures a {@link VaultSecretProvider}; each setter rejects a bad argument at once, naming the setting. */
    public static final class Builder {
        private String address;
        private boolean allowInsecureHttp;
        private String kvMount = "secret";
        private int kvVersion = 2;
        private String namespace;
        private String pathPrefix = "";
        private List<String> dynamicMounts = List.of();
        private Duration connectTimeout = Duration.ofSeconds(3);
        private Duration readTimeout = Duration.ofSeconds(5);
        private String caPem;
        private VaultAuth auth;
        private Clock clock = Clock.systemUTC();
        private Scheduler scheduler;
        private int batchConcurrency = 8;
        private boolean revokeLeasesOnClose;
        private Duration leaseRenewalThreshold = Duration.ofMinutes(1);
        private int previousVersions = 2;

        private Builder() {
        }

        /** Vault's address, {@code https://vault.example.com:8200}; default the {@code VAULT_ADDR} environment variable. */
        public Builder address(String address) {
            Objects.requireNonNull(address, "address");
            VaultSettings.checkAddress(address, true);
            this.address = address;
            return this;
        }

        /** Allows an {@code http://} address, which sends the token and secrets unencrypted: for local development only. */
        public Builder allowInsecureHttp() {
            this.allowInsecureHttp = true;
            return this;
        }

        /** The KV mount references read; default {@code secret}. */
        public Builder kvMount(String mount) {
            this.kvMount = VaultPaths.checkMount("kvMount", mount);
            return this;
        }

        /** The KV engine version of that mount, 1 or 2; default 2. */
        public Builder kvVersion(int version) {
            if (version != 1 && version != 2) {
                throw new IllegalArgumentException("kvVersion must be 1 or 2, got " + version);
            }
            this.kvVersion = version;
            return this;
        }

        /** The Vault Enterprise / HCP namespace, sent as {@code X-Vault-Namespace} ({@code team-a}, {@code admin/team-a}). */
        public Builder namespace(String namespace) {
            this.namespace = VaultPaths.checkMount("namespace", namespace);
            return this;
        }

        /** The environment prefix of every KV path ({@code prod/}): references resolve inside it and cannot leave it. */
        public Builder pathPrefix(String prefix) {
            this.pathPrefix = VaultPaths.normalisePrefix(prefix);
            return this;
        }

        /** Mounts of dynamic secrets engines ({@code database}): their reads carry leases the provider renews. */
        public Builder dynamicMounts(String... mounts) {
            Objects.requireNonNull(mounts, "dynamicMounts");
            List<String> out = new ArrayList<>();
            for (String m : mounts) {
                String mount = VaultPaths.checkMount("dynamicMounts", m);
                if (!out.contains(mount)) {
                    out.add(mount);
                }
            }
            this.dynamicMounts = List.copyOf(out);
            return this;
        }

        /** How long to wait for a connection; default 3 s. */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive("connectTimeout", timeout);
            return this;
        }

        /** How long one request may take; default 5 s. */
        public Builder readTimeout(Duration timeout) {
            this.readTimeout = positive("readTimeout", timeout);
            return this;
        }

        /** The CA certificates (PEM) to trust for Vault's TLS certificate, instead of the JDK's trust store. */
        public Builder caCertificatePem(String pem) {
            Objects.requireNonNull(pem, "caCertificatePem");
            TlsTrust.checkPem("caCertificatePem", pem);
            this.caPem = pem;
            return this;
        }

        /** Reads the CA certificates (PEM) to trust from a file, now. */
        public Builder caCertificateFile(Path file) {
            Objects.requireNonNull(file, "caCertificateFile");
            String pem;
            try {
                pem = Files.readString(file, StandardCharsets.US_ASCII);
            } catch (IOException | RuntimeException e) {
                throw new IllegalArgumentException("caCertificateFile " + file + " cannot be read (" + e.getClass().getSimpleName()
                        + "); give a readable PEM file of CA certificates");
            }
            TlsTrust.checkPem("caCertificateFile " + file, pem);
            this.caPem = pem;
            return this;
        }

        /** How to log in; default {@link VaultAuth#tokenFromEnvironment()}. */
        public Builder auth(VaultAuth auth) {
            this.auth = Objects.requireNonNull(auth, "auth");
            return this;
        }

        /** The clock for lease and token lifetimes; default the system clock (UTC). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Runs renewals and lease replacements; default one daemon thread {@code secrets4j-vault-1}, stopped by close. */
        public Builder scheduler(Scheduler scheduler) {
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
            return this;
        }

        /** How many entries a batch read fetches at once, 1 to 256; default 8. */
        public Builder batchConcurrency(int concurrency) {
            if (concurrency < 1 || concurrency > 256) {
                throw new IllegalArgumentException("batchConcurrency must be between 1 and 256, got " + concurrency);
            }
            this.batchConcurrency = concurrency;
            return this;
        }

        /** Whether {@code close()} revokes the leases held (their credentials stop working); default false. */
        public Builder revokeLeasesOnClose(boolean revoke) {
            this.revokeLeasesOnClose = revoke;
            return this;
        }

        /** A lease with less than this left is replaced by a fresh credential instead of renewed; default 1 min. */
        public Builder leaseRenewalThreshold(Duration threshold) {
            this.leaseRenewalThreshold = positive("leaseRenewalThreshold", threshold);
            return this;
        }

        /** How many earlier versions {@code versions(ref)} gives at most, 0 to 100; default 2. */
        public Builder previousVersions(int count) {
            if (count < 0 || count > 100) {
                throw new IllegalArgumentException("previousVersions must be between 0 and 100, got " + count);
            }
            this.previousVersions = count;
            return this;
        }

        /**
         * The provider. Does no I/O: the first read logs in.
         *
         * @throws IllegalArgumentException when the address is missing, or {@code http://} without {@link #allowInsecureHttp()},
         *                                  or a dynamic mount is the KV mount
         */
        public VaultSecretProvider build() {
            String addr = address != null ? address : System.getenv("VAULT_ADDR");
            if (addr == null || addr.isBlank()) {
                throw new IllegalArgumentException("address is not set: call address(\"https://vault.example.com:8200\") or set VAULT_ADDR");
            }
            if (dynamicMounts.contains(kvMount)) {
                throw new IllegalArgumentException("dynamicMounts must not contain the KV mount '" + kvMount + "'");
            }
            VaultAuth a = auth != null ? auth : VaultAuth.tokenFromEnvironment();
            return new VaultSecretProvider(new VaultSettings(VaultSettings.checkAddress(addr, allowInsecureHttp), kvMount, kvVersion,
                    Optional.ofNullable(namespace), pathPrefix, dynamicMounts, connectTimeout, readTimeout, Optional.ofNullable(caPem),
                    a, clock, Optional.ofNullable(scheduler), batchConcurrency, revokeLeasesOnClose, leaseRenewalThreshold,
                    previousVersions));
        }

        private static Duration positive(String setting, Duration d) {
            Objects.requireNonNull(d, setting);
            if (d.isNegative() || d.isZero() || d.compareTo(Duration.ofHours(1)) > 0) {
                throw new IllegalArgumentException(setting + " must be positive and at most 1 hour, got " + d);
            }
            return d;
        }
    }
}
