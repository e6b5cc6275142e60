package dev.secrets4j.provider.aws;

import dev.secrets4j.Secret;
import dev.secrets4j.SecretProviderException;
import dev.secrets4j.provider.aws.internal.AwsBackend;
import dev.secrets4j.provider.aws.internal.Budgets;
import dev.secrets4j.provider.aws.internal.Clients;
import dev.secrets4j.provider.aws.internal.Retrier;
import dev.secrets4j.provider.aws.internal.Stages;
import dev.secrets4j.provider.aws.internal.Writes;
import dev.secrets4j.spi.Capability;
import dev.secrets4j.spi.Lookup;
import dev.secrets4j.spi.ProviderHealth;
import dev.secrets4j.spi.PutOptions;
import dev.secrets4j.spi.SecretProvider;
import dev.secrets4j.spi.SecretRef;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Secrets from AWS Secrets Manager, provider id {@code aws}.
 *
 * <p>References: {@code aws:prod/db#password} is field {@code password} of the JSON
 * {@code SecretString} of secret {@code prod/db} (a name, a full ARN or a partial ARN); without
 * {@code #field} the whole string, or the bytes of a {@code SecretBinary}. The version id is the
 * secret's version; metadata {@code arn}, {@code version-id} and {@code stages}.
 *
 * <p>Boot reads use BatchGetSecretValue (20 ids a call); refreshes call DescribeSecret and fetch
 * the value only when the version holding AWSCURRENT moved. Every call takes a token of its
 * operation's rate budget; the SDK does not retry, this provider does, with full-jitter backoff.
 *
 * <p>Stages ({@link Capability#STAGES}) are AWS's staging labels: a pending write is labelled
 * AWSPENDING, {@link #promote} moves AWSCURRENT (AWS moves AWSPREVIOUS to the version it leaves),
 * {@link #retire} takes AWSPREVIOUS and AWSPENDING off a version. So secrets4j's rotation engine
 * runs on Secrets Manager without a rotation Lambda; its record is the secret
 * {@code <name>.rotation}, created with CreateSecret.
 *
 * <pre>{@code
 * AwsSecretProvider aws = AwsSecretProvider.builder().region("eu-west-1").build();
 * }</pre>
 */
public final class AwsSecretProvider implements SecretProvider {

    /** The provider id and reference scheme. */
    public static final String ID = "aws";

    private final SecretsManagerClient client;
    private final String region;
    private final String where;
    private final Budgets budgets;
    private final AwsBackend backend;
    private final Writes writes;
    private final Stages stages;

    private AwsSecretProvider(Builder b) {
        Region r = Clients.region(b.region, b.profile);
        AwsCredentialsProvider creds = Clients.credentials(b.credentials, b.profile);
        this.client = Clients.client(r, creds, b.endpoint, b.callTimeout);
        this.region = r.id();
        this.where = "aws (region " + region + b.endpoint.map(e -> ", endpoint " + e).orElse("") + ")";
        this.budgets = Budgets.of(b.getRate, b.describeRate, b.batchRate, b.writeRate, System::nanoTime,
                nanos -> java.util.concurrent.TimeUnit.NANOSECONDS.sleep(nanos));
        Retrier retrier = new Retrier(b.maxAttempts, Duration.ofMillis(100), Duration.ofSeconds(5), b.callTimeout,
                nanos -> java.util.concurrent.TimeUnit.NANOSECONDS.sleep(nanos), region);
        this.backend = new AwsBackend(client, region, budgets, retrier);
        this.stages = new Stages(client, region, budgets, retrier, backend);
        this.writes = new Writes(client, region, budgets, retrier, backend, stages);
    }

    /** A builder; without settings it uses the SDK's region and credential chains. */
    public static Builder builder() {
        return new Builder();
    }

    /** {@code aws}. */
    @Override
    public String id() {
        return ID;
    }

    /** {@code aws (region eu-west-1)}, with the endpoint when overridden. */
    @Override
    public String describe() {
        return where;
    }

    @Override
    public String describeLookup(SecretRef ref) {
        return where + " secret " + ref.path();
    }

    /** Read, versions, batch, write, fields and stages. */
    @Override
    public Set<Capability> capabilities() {
        return EnumSet.of(Capability.READ, Capability.VERSIONS, Capability.BATCH, Capability.WRITE, Capability.FIELDS,
                Capability.STAGES);
    }

    /**
     * The value holding AWSCURRENT; after the first read, a DescribeSecret and a GetSecretValue only
     * when that version moved.
     *
     * @throws dev.secrets4j.SecretFormatException when the field asked for is missing or the value has no fields
     */
    @Override
    public Optional<Secret> get(SecretRef ref) {
        return backend.get(ref);
    }

    /**
     * The version of id or staging label {@code version} ({@code AWSPREVIOUS}, {@code AWSPENDING});
     * empty for a version without any staging label (retired: AWS calls it deprecated).
     */
    @Override
    public Optional<Secret> get(SecretRef ref, String version) {
        return backend.get(ref, version);
    }

    /** BatchGetSecretValue, 20 ids a call; GetSecretValue one by one if the batch call is denied or throttled. */
    @Override
    public Map<SecretRef, Lookup> getAll(Collection<SecretRef> refs) {
        return backend.getAll(refs);
    }

    /** AWSCURRENT, then AWSPREVIOUS when there is one; AWSPENDING is never given. */
    @Override
    public List<Secret> versions(SecretRef ref) {
        return writes.versions(ref);
    }

    /**
     * PutSecretValue with one request token reused by its retries. AWSCURRENT moves (and AWSPREVIOUS
     * follows) unless the write is pending ({@link PutOptions#pending()}: AWSPENDING only) or metadata
     * {@code stage} names another label; with an expected version the value is written as AWSPENDING
     * and AWSCURRENT moved from that version (AWS refuses the move if it is not there: the
     * compare-and-set). {@link PutOptions#expectAbsent()} is CreateSecret, a conflict when the secret
     * exists. Other metadata is kept as labels {@code secrets4j:key=value} and read back as metadata.
     */
    @Override
    public Secret put(SecretRef ref, byte[] value, PutOptions options) {
        return writes.put(ref, value, options);
    }

    /**
     * Moves AWSCURRENT to {@code version} with UpdateSecretVersionStage, RemoveFromVersionId = the
     * version holding AWSCURRENT, after checking that one is {@code expectedCurrent}. AWS refuses the
     * move when AWSCURRENT left that version in between, so the check is as atomic as AWS allows:
     * either way a mismatch is a not-retryable conflict naming both versions. AWS labels the replaced
     * version AWSPREVIOUS; AWSPENDING is then taken off the promoted version.
     */
    @Override
    public Secret promote(SecretRef ref, String version, Optional<String> expectedCurrent) {
        return stages.promote(ref, version, expectedCurrent);
    }

    /**
     * Takes AWSPREVIOUS and AWSPENDING (and the {@code secrets4j:} metadata labels) off
     * {@code version}: {@link #versions} no longer lists it and {@code get(ref, version)} answers
     * empty. Retiring a version without labels does nothing; the one holding AWSCURRENT cannot be
     * retired.
     */
    @Override
    public void retire(SecretRef ref, String version) {
        stages.retire(ref, version);
    }

    /**
     * The version holding AWSPENDING but not AWSCURRENT (AWS keeps at most one), with its metadata
     * labels read back as metadata; empty when there is none.
     */
    @Override
    public List<Secret> pendingVersions(SecretRef ref) {
        return stages.pending(ref);
    }

    /** Degraded while a secret read is scheduled for deletion (its last value is still served). */
    @Override
    public ProviderHealth health() {
        Map<String, Instant> deletions = backend.deletions();
        if (deletions.isEmpty()) {
            return ProviderHealth.up(where);
        }
        return ProviderHealth.degraded(where + ": secrets scheduled for deletion " + new java.util.TreeMap<>(deletions)
                + "; restore them with RestoreSecret");
    }

    /** The time calls waited for a token of each operation's rate budget; shown in metrics through {@code Secrets.stats()}. */
    @Override
    public Map<String, Duration> throttleWaits() {
        return budgets.waited();
    }

    /** Closes the SDK client. */
    @Override
    public void close() {
        client.close();
    }

    @Override
    public String toString() {
        return "AwsSecretProvider[" + where + "]";
    }

    /** Settings of an {@link AwsSecretProvider}; each setter checks its argument at once. */
    public static final class Builder {
        private Optional<String> region = Optional.empty();
        private Optional<URI> endpoint = Optional.empty();
        private boolean allowInsecureHttp;
        private Optional<String> profile = Optional.empty();
        private Optional<AwsCredentialsProvider> credentials = Optional.empty();
        private Duration callTimeout = Duration.ofSeconds(5);
        private double getRate = Budgets.DEFAULT_GET;
        private double describeRate = Budgets.DEFAULT_DESCRIBE;
        private double batchRate = Budgets.DEFAULT_BATCH;
        private double writeRate = Budgets.DEFAULT_WRITE;
        private int maxAttempts = 3;

        private Builder() {
        }

        /** The region, such as {@code eu-west-1}; default the SDK's region chain. */
        public Builder region(String region) {
            if (region == null || !region.matches("[a-z]{2}(-[a-z0-9]+)+")) {
                throw new IllegalArgumentException("region must be an AWS region such as eu-west-1, got '" + region + "'");
            }
            this.region = Optional.of(region);
            return this;
        }

        /** An endpoint override, such as a VPC endpoint; {@code http://} needs {@link #allowInsecureHttp()} first. */
        public Builder endpoint(String endpoint) {
            URI uri;
            try {
                uri = URI.create(Objects.requireNonNull(endpoint, "endpoint"));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("endpoint must be a URL such as https://secretsmanager.eu-west-1.amazonaws.com,"
                        + " got '" + endpoint + "'");
            }
            if (!"https".equals(uri.getScheme()) && !("http".equals(uri.getScheme()) && allowInsecureHttp)) {
                throw new IllegalArgumentException("endpoint must be an https:// URL (http:// only with allow-insecure-http,"
                        + " for local emulators), got '" + endpoint + "'");
            }
            this.endpoint = Optional.of(uri);
            return this;
        }

        /** Accepts an {@code http://} endpoint: local emulators only. */
        public Builder allowInsecureHttp() {
            this.allowInsecureHttp = true;
            return this;
        }

        /** A named profile of {@code ~/.aws/config} for credentials and region; default the SDK's default chain. */
        public Builder profile(String profile) {
            if (profile == null || profile.isBlank()) {
                throw new IllegalArgumentException("profile must be a profile name, got '" + profile + "'");
            }
            this.profile = Optional.of(profile);
            return this;
        }

        /** Fixed credentials (tests, emulators); applications use the default chain or a profile. */
        public Builder credentials(String accessKeyId, String secretAccessKey) {
            if (accessKeyId == null || accessKeyId.isBlank() || secretAccessKey == null || secretAccessKey.isEmpty()) {
                throw new IllegalArgumentException("credentials need an access key id and a secret access key");
            }
            this.credentials = Optional.of(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secretAccessKey)));
            return this;
        }

        /** The credentials provider to use instead of the default chain. */
        public Builder credentialsProvider(AwsCredentialsProvider provider) {
            this.credentials = Optional.of(Objects.requireNonNull(provider, "credentialsProvider"));
            return this;
        }

        /** The timeout of one call, also the longest wait for a rate-budget token; default 5 s, at most 1 minute. */
        public Builder callTimeout(Duration timeout) {
            if (timeout == null || timeout.isNegative() || timeout.isZero() || timeout.compareTo(Duration.ofMinutes(1)) > 0) {
                throw new IllegalArgumentException("callTimeout must be positive and at most 1 minute, got " + timeout);
            }
            this.callTimeout = timeout;
            return this;
        }

        /** GetSecretValue calls a second from this instance; default 20 (the account quota is 10,000). */
        public Builder getSecretValueBudget(double perSecond) {
            this.getRate = rate("getSecretValueBudget", perSecond, 10_000);
            return this;
        }

        /** DescribeSecret calls a second from this instance; default 20 (the account quota is 40,000). */
        public Builder describeSecretBudget(double perSecond) {
            this.describeRate = rate("describeSecretBudget", perSecond, 40_000);
            return this;
        }

        /** BatchGetSecretValue calls a second from this instance; default 2 (the account quota is 100). */
        public Builder batchGetSecretValueBudget(double perSecond) {
            this.batchRate = rate("batchGetSecretValueBudget", perSecond, 100);
            return this;
        }

        /** Write calls a second from this instance; default 1 (the account quota is 50). */
        public Builder writeBudget(double perSecond) {
            this.writeRate = rate("writeBudget", perSecond, 50);
            return this;
        }

        /** Attempts of one call, the first included; default 3. */
        public Builder maxAttempts(int attempts) {
            if (attempts < 1 || attempts > 10) {
                throw new IllegalArgumentException("maxAttempts must be from 1 to 10, got " + attempts);
            }
            this.maxAttempts = attempts;
            return this;
        }


        /**
         * The provider. Does no network I/O, but finds the region when none was given.
         *
         * @throws IllegalStateException when no region is configured or found
         */
        public AwsSecretProvider build() {
            return new AwsSecretProvider(this);
        }

        private static double rate(String name, double perSecond, double quota) {
            if (!(perSecond > 0) || perSecond > quota) {
                throw new IllegalArgumentException(name + " must be above 0 and at most the account quota of " + (long) quota
                        + " calls/s, got " + perSecond);
            }
            return perSecond;
        }
    }
}
