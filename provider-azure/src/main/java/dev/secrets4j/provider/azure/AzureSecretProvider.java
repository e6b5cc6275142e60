package dev.secrets4j.provider.azure;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import dev.secrets4j.Secret;
import dev.secrets4j.SecretProviderException;
import dev.secrets4j.SecretSpec;
import dev.secrets4j.provider.azure.internal.BootReads;
import dev.secrets4j.provider.azure.internal.BudgetPolicy;
import dev.secrets4j.provider.azure.internal.Calls;
import dev.secrets4j.provider.azure.internal.ChangeDetection;
import dev.secrets4j.provider.azure.internal.Clients;
import dev.secrets4j.provider.azure.internal.Credentials;
import dev.secrets4j.provider.azure.internal.Failures;
import dev.secrets4j.provider.azure.internal.Reads;
import dev.secrets4j.provider.azure.internal.TimedCredential;
import dev.secrets4j.provider.azure.internal.Validity;
import dev.secrets4j.provider.azure.internal.VaultBudget;
import dev.secrets4j.provider.azure.internal.VaultNames;
import dev.secrets4j.provider.azure.internal.Writes;
import dev.secrets4j.spi.Capability;
import dev.secrets4j.spi.Lookup;
import dev.secrets4j.spi.ProviderHealth;
import dev.secrets4j.spi.PutOptions;
import dev.secrets4j.spi.SecretProvider;
import dev.secrets4j.spi.SecretRef;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLContext;

/**
 * Secrets from one Azure Key Vault, provider id {@code azure}. A logical name maps to a vault
 * name by lower-casing and turning {@code .} and {@code _} into {@code -}; {@code azure:name}
 * names a vault secret directly. Reads go one GET per secret within a per-vault rate budget; the
 * SDK's own retries are off and this provider retries once-layered. {@code exp} and {@code nbf},
 * which Key Vault does not enforce, are checked at validation through {@link #inspect(Secret)}.
 *
 * <pre>{@code
 * SecretProvider kv = AzureSecretProvider.builder()
 *     .vaultUrl("https://my-vault.vault.azure.net")
 *     .managedIdentity(Optional.empty())
 *     .build();
 * }</pre>
 */
public final class AzureSecretProvider implements SecretProvider {

    /** The provider id. */
    public static final String ID = Failures.ID;

    private final String vaultUrl;
    private final Reads reads;
    private final ChangeDetection changes;
    private final Writes writes;
    private final VaultBudget budget;
    private final VaultBudget writeBudget;
    private final BootReads boot;
    private final TimedCredential credential;
    private final Clock clock;
    private final Duration expiryWarning;

    private AzureSecretProvider(Builder b) {
        this.vaultUrl = b.vaultUrl;
        this.clock = b.clock;
        this.expiryWarning = b.expiryWarning;
        VaultBudget.Sleeper sleeper = nanos -> java.util.concurrent.TimeUnit.NANOSECONDS.sleep(nanos);
        this.budget = new VaultBudget(vaultUrl, b.budget, Math.max(1, b.budget), System::nanoTime, sleeper);
        this.writeBudget = new VaultBudget(vaultUrl, b.writeBudget, Math.max(1, b.writeBudget), System::nanoTime, sleeper);
        Optional<SSLContext> ca = b.caPem.map(Clients::trusting);
        HttpClient http = Clients.http(b.timeout, ca);
        this.credential = new TimedCredential(b.credentials.build(http, b.authorityHost), b.credentials.kind(),
                b.timeout, b.credentials.secrets());
        Calls calls = new Calls(vaultUrl, b.timeout, b.maxAttempts);
        var client = Clients.client(vaultUrl, credential, http, b.verifyChallengeResource,
                new BudgetPolicy(budget, writeBudget, b.timeout, clock));
        this.reads = new Reads(client, vaultUrl, calls, clock);
        this.changes = new ChangeDetection(reads, vaultUrl, clock, b.changeScanWindow);
        this.writes = new Writes(client, vaultUrl, calls, reads);
        this.boot = new BootReads(vaultUrl, b.concurrency, credential, this::get);
    }

    /** A builder; {@link Builder#vaultUrl(String)} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** {@code azure}. */
    @Override
    public String id() {
        return ID;
    }

    /** {@code azure:<vault url>}. */
    @Override
    public String describe() {
        return ID + ":" + vaultUrl;
    }

    /** Where the reference was looked for: the vault and the mapped name. */
    @Override
    public String describeLookup(SecretRef ref) {
        return describe() + " (secret " + vaultName(ref) + ")";
    }

    /**
     * Read, versions, write, and batch (concurrent single GETs: Key Vault has no batch read).
     * {@code #field} is picked from the JSON value by the core.
     */
    @Override
    public Set<Capability> capabilities() {
        return EnumSet.of(Capability.READ, Capability.VERSIONS, Capability.BATCH, Capability.WRITE);
    }

    /**
     * One GET per reference, run concurrently (at most {@code concurrency} at once) within the
     * vault's budget; never lists the vault. A failure of one reference does not fail the others.
     * Two logical names that map to one vault name both fail, naming each other.
     */
    @Override
    public Map<SecretRef, Lookup> getAll(Collection<SecretRef> refs) {
        return boot.getAll(refs);
    }

    /**
     * The latest version of the mapped vault secret, empty on 404 {@code SecretNotFound}. A read
     * after the first may be answered by the vault's property listing when it shows no change,
     * and never switches to a version whose {@code nbf} is still ahead.
     */
    @Override
    public Optional<Secret> get(SecretRef ref) {
        return changes.latest(ref.path(), vaultName(ref));
    }

    /** The version {@code version} of the mapped vault secret, empty when it does not exist. */
    @Override
    public Optional<Secret> get(SecretRef ref, String version) {
        Objects.requireNonNull(version, "version");
        return reads.get(ref.path(), vaultName(ref), version);
    }

    /**
     * The usable versions, newest first by created time: the latest enabled, valid one, then the
     * earlier enabled, unexpired ones. One listing (paged) plus one GET per version.
     */
    @Override
    public List<Secret> versions(SecretRef ref) {
        String vaultName = vaultName(ref);
        List<Secret> out = new ArrayList<>();
        for (String version : reads.usableVersions(ref.path(), vaultName)) {
            reads.get(ref.path(), vaultName, version).ifPresent(out::add);
        }
        return out;
    }

    /**
     * Sets a new version (setSecret) with the metadata {@code content-type}, {@code nbf},
     * {@code exp} (ISO-8601 instants) and {@code tag.<name>}. An expected version is checked just
     * before the write, best effort: Key Vault has no compare-and-set.
     */
    @Override
    public Secret put(SecretRef ref, byte[] value, PutOptions options) {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(options, "options");
        if (ref.field().isPresent()) {
            throw SecretProviderException.permanent(ID, ref.path(), "provider 'azure' cannot write field '" + ref.field().get()
                    + "' of secret '" + ref.path() + "'; write the whole JSON value", null);
        }
        String vaultName = vaultName(ref);
        try {
            return writes.put(ref.path(), vaultName, value, options);
        } finally {
            changes.forget(vaultName);
        }
    }

    /** {@code exp} passed or {@code nbf} not reached (errors), {@code exp} within the warning window (warning). */
    @Override
    public List<SecretSpec.Violation> inspect(Secret secret) {
        return ID.equals(secret.providerId()) ? Validity.check(secret, clock, expiryWarning) : List.of();
    }

    /**
     * Down while the credential gives no token (with its reason), degraded while a 429 pauses
     * the vault, else up. Makes no call.
     */
    @Override
    public ProviderHealth health() {
        Optional<String> noToken = credential.lastFailure();
        if (noToken.isPresent()) {
            return ProviderHealth.down(describe() + ": " + noToken.get());
        }
        Duration paused = budget.pausedFor();
        if (!paused.isZero()) {
            return ProviderHealth.degraded(describe() + ": Key Vault throttled this instance (429); calls wait "
                    + paused.toMillis() + " ms more");
        }
        return ProviderHealth.up(describe());
    }

    /** The time calls waited for the vault's budget, under {@code vault}, and writes for the write budget, under {@code write}. */
    @Override
    public Map<String, Duration> throttleWaits() {
        return Map.of("vault", budget.waited(), "write", writeBudget.waited());
    }

    private static String vaultName(SecretRef ref) {
        try {
            return ref.scheme().filter(ID::equals).isPresent() ? VaultNames.direct(ref.path()) : VaultNames.map(ref.path());
        } catch (IllegalArgumentException e) {
            throw SecretProviderException.permanent(ID, ref.path(), "provider 'azure': " + e.getMessage(), null);
        }
    }

    @Override
    public String toString() {
        return "AzureSecretProvider[" + vaultUrl + "]";
    }

    /** Configures an {@link AzureSecretProvider}; every setter checks its argument at once. */
    public static final class Builder {
        private String vaultUrl;
        private Credentials credentials = Credentials.defaults();
        private Optional<String> authorityHost = Optional.empty();
        private Duration timeout = Duration.ofSeconds(10);
        private Optional<String> caPem = Optional.empty();
        private double budget = VaultBudget.DEFAULT_PER_SECOND;
        private double writeBudget = VaultBudget.DEFAULT_WRITES_PER_SECOND;
        private int maxAttempts = 3;
        private boolean verifyChallengeResource = true;
        private Clock clock = Clock.systemUTC();
        private Duration expiryWarning = Duration.ofDays(7);
        private Duration changeScanWindow = Duration.ofSeconds(30);
        private int concurrency = 8;

        private Builder() {
        }

        /** The vault URL, {@code https://<vault>.vault.azure.net}; only https is accepted. */
        public Builder vaultUrl(String url) {
            this.vaultUrl = https(url, "vaultUrl", "https://my-vault.vault.azure.net");
            return this;
        }

        /** The application's own credential, built once and reused. */
        public Builder credential(TokenCredential credential) {
            Objects.requireNonNull(credential, "credential");
            this.credentials = new Credentials("custom", Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.of(credential));
            return this;
        }

        /** DefaultAzureCredential (the default): environment, workload identity, managed identity, Azure CLI... */
        public Builder defaultCredential() {
            this.credentials = Credentials.defaults();
            return this;
        }

        /** A service principal with a client secret. */
        public Builder clientSecret(String tenantId, String clientId, String clientSecret) {
            requireText(tenantId, "tenantId");
            requireText(clientId, "clientId");
            requireText(clientSecret, "clientSecret");
            this.credentials = new Credentials("client-secret", Optional.of(tenantId), Optional.of(clientId),
                    Optional.of(clientSecret), Optional.empty());
            return this;
        }

        /** A managed identity: system-assigned, or user-assigned with {@code clientId}. */
        public Builder managedIdentity(Optional<String> clientId) {
            Objects.requireNonNull(clientId, "clientId");
            clientId.ifPresent(c -> requireText(c, "managed identity clientId"));
            this.credentials = new Credentials("managed-identity", Optional.empty(), clientId, Optional.empty(), Optional.empty());
            return this;
        }

        /** AKS workload identity, from {@code AZURE_CLIENT_ID}, {@code AZURE_TENANT_ID}, {@code AZURE_FEDERATED_TOKEN_FILE}. */
        public Builder workloadIdentity() {
            this.credentials = new Credentials("workload-identity", Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.empty());
            return this;
        }

        /**
         * The Microsoft Entra ID authority host for the built-in credentials, https only; default the
         * public cloud. For sovereign clouds ({@code https://login.microsoftonline.us},
         * {@code https://login.chinacloudapi.cn}), Azure Stack, or a test identity endpoint.
         */
        public Builder authorityHost(String url) {
            this.authorityHost = Optional.of(https(url, "authorityHost", "https://login.microsoftonline.us"));
            return this;
        }

        /** Connect and answer timeout of one call, also the longest wait for the budget; default 10 s, at most 2 min. */
        public Builder timeout(Duration timeout) {
            if (timeout == null || timeout.isNegative() || timeout.isZero() || timeout.compareTo(Duration.ofMinutes(2)) > 0) {
                throw new IllegalArgumentException("timeout of provider 'azure' must be positive and at most 2m, got " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        /** PEM certificates to trust instead of the JDK's trust store (a private CA or a test emulator). */
        public Builder caBundlePem(String pem) {
            Clients.trusting(Objects.requireNonNull(pem, "caBundlePem"));
            this.caPem = Optional.of(pem);
            return this;
        }

        /** Calls a second this instance makes to the vault, above 0 and at most 400; default 20. */
        public Builder budget(double callsPerSecond) {
            if (!(callsPerSecond > 0) || callsPerSecond > VaultBudget.SERVICE_READS_PER_SECOND) {
                throw new IllegalArgumentException("budget of provider 'azure' must be above 0 and at most 400 calls a second"
                        + " (Key Vault allows 4,000 per 10 s per vault, shared by every instance), got " + callsPerSecond);
            }
            this.budget = callsPerSecond;
            return this;
        }

        /** Attempts per read, 1 to 10; default 3. */
        public Builder maxAttempts(int attempts) {
            if (attempts < 1 || attempts > 10) {
                throw new IllegalArgumentException("maxAttempts of provider 'azure' must be 1 to 10, got " + attempts);
            }
            this.maxAttempts = attempts;
            return this;
        }

        /** Turns off the SDK's check that the challenge resource matches the vault host: for loopback tests only. */
        public Builder disableChallengeResourceVerification() {
            this.verifyChallengeResource = false;
            return this;
        }

        /** Writes a second this instance makes to the vault, above 0 and at most 30; default 1. */
        public Builder writeBudget(double writesPerSecond) {
            if (!(writesPerSecond > 0) || writesPerSecond > VaultBudget.SERVICE_WRITES_PER_SECOND) {
                throw new IllegalArgumentException("writeBudget of provider 'azure' must be above 0 and at most 30 writes a second"
                        + " (Key Vault allows 300 per 10 s per vault, shared by every instance), got " + writesPerSecond);
            }
            this.writeBudget = writesPerSecond;
            return this;
        }

        /**
         * How long one listing of the vault's secret properties answers refreshes; default 30 s, zero
         * never lists (every refresh is a GET). A change shows at most this much later.
         */
        public Builder changeScanWindow(Duration window) {
            if (window == null || window.isNegative() || window.compareTo(Duration.ofHours(1)) > 0) {
                throw new IllegalArgumentException("changeScanWindow of provider 'azure' must be zero to 1h, got " + window);
            }
            this.changeScanWindow = window;
            return this;
        }

        /** How many GETs a boot runs at once, 1 to 64; default 8. The budget still paces them. */
        public Builder concurrency(int threads) {
            if (threads < 1 || threads > 64) {
                throw new IllegalArgumentException("concurrency of provider 'azure' must be 1 to 64, got " + threads);
            }
            this.concurrency = threads;
            return this;
        }

        /** The clock for exp/nbf checks; default system UTC. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** How long before {@code exp} validation warns; default 7 days. */
        public Builder expiryWarning(Duration window) {
            if (window == null || window.isNegative()) {
                throw new IllegalArgumentException("expiryWarning of provider 'azure' must be zero or positive, got " + window);
            }
            this.expiryWarning = window;
            return this;
        }

        /**
         * The provider; builds the credential once, makes no call to the vault.
         *
         * @throws IllegalStateException when no vault URL was given
         */
        public AzureSecretProvider build() {
            if (vaultUrl == null) {
                throw new IllegalStateException("provider 'azure' needs a vaultUrl such as https://my-vault.vault.azure.net");
            }
            return new AzureSecretProvider(this);
        }

        private static String https(String url, String setting, String example) {
            URI uri;
            try {
                uri = URI.create(Objects.requireNonNull(url, setting));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(setting + " of provider 'azure' is not a URL; give " + example);
            }
            if (!"https".equals(String.valueOf(uri.getScheme()).toLowerCase(Locale.ROOT)) || uri.getHost() == null) {
                throw new IllegalArgumentException(setting + " of provider 'azure' must be an https:// URL with a host, such as "
                        + example + ", got '" + url.replaceAll("\\p{Cntrl}", "?") + "'");
            }
            return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        }

        private static void requireText(String v, String name) {
            if (v == null || v.isBlank()) {
                throw new IllegalArgumentException(name + " of provider 'azure' must not be blank");
            }
        }
    }
}
