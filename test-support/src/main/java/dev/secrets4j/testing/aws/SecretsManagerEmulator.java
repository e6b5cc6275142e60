package dev.secrets4j.testing.aws;

import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * An in-process AWS Secrets Manager for tests: serves the awsJson1_1 protocol on a free loopback port (plain HTTP),
 * checks SigV4 against the configured credentials, keeps versions and staging labels as the service does, drives
 * rotations through a {@link RotationHook}, counts calls and injects {@link AwsFault faults}.
 *
 * <pre>{@code
 * try (SecretsManagerEmulator aws = SecretsManagerEmulator.builder().clock(time.clock()).build()) {
 *     aws.start();
 *     String arn = aws.createSecret("prod/db", "{\"password\":\"x\"}");
 *     // point the SDK at aws.endpoint() with region us-east-1 and the configured static credentials
 * }
 * }</pre>
 *
 * <p>Thread-safe. No secret value, signature or credential is ever logged or recorded.
 */
public final class SecretsManagerEmulator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SecretsManagerEmulator.class);

    private final Clock clock;
    private final String region;
    private final SigV4 sigV4;
    private final SecretStore store;
    private final RotationHook defaultHook;
    private final Map<String, RotationHook> hooks = new ConcurrentHashMap<>();
    private final AwsFaults faults = new AwsFaults();
    private final CallLog log = new CallLog();
    private final AtomicBoolean denyBatch = new AtomicBoolean();
    private final Object lifecycle = new Object();
    private HttpServer server;
    private ExecutorService executor;
    private URI endpoint;
    private boolean closed;

    private SecretsManagerEmulator(Builder builder) {
        this.clock = builder.clock;
        this.region = builder.region;
        this.sigV4 = new SigV4(builder.accessKeyId, builder.secretAccessKey, builder.region);
        this.store = new SecretStore(builder.clock, builder.region, builder.accountId);
        this.defaultHook = builder.rotationHook;
    }

    /** A builder: system UTC clock, region {@code us-east-1}, account {@code 123456789012}, AKIDEXAMPLE / secret-key. */
    public static Builder builder() {
        return new Builder();
    }

    /** Binds 127.0.0.1 on a free port and starts serving; fails when already started or closed. */
    public SecretsManagerEmulator start() {
        synchronized (lifecycle) {
            if (closed || server != null) {
                throw new IllegalStateException("SecretsManagerEmulator.start: already " + (closed ? "closed" : "started"));
            }
            try {
                server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            } catch (IOException e) {
                throw new UncheckedIOException("SecretsManagerEmulator.start: could not bind 127.0.0.1: " + e.getMessage(), e);
            }
            AtomicInteger threads = new AtomicInteger();
            executor = Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "aws-emulator-" + threads.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            Operations ops = new Operations(store, denyBatch::get, name -> hooks.getOrDefault(name, defaultHook));
            server.createContext("/", new AwsRouter(ops, sigV4, faults, log, clock));
            server.setExecutor(executor);
            server.start();
            endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
            LOG.debug("Secrets Manager emulator for {} listening on {}", region, endpoint);
            return this;
        }
    }

    /** The endpoint to pass to {@code endpointOverride}, such as {@code http://127.0.0.1:49152}; fails before start. */
    public URI endpoint() {
        synchronized (lifecycle) {
            if (endpoint == null) {
                throw new IllegalStateException("SecretsManagerEmulator.endpoint: call start() first");
            }
            return endpoint;
        }
    }

    /** The region in ARNs and the accepted SigV4 scope. */
    public String region() {
        return region;
    }

    /** Creates a secret with a {@code SecretString} as its AWSCURRENT version; returns its full ARN. */
    public String createSecret(String name, String secretString) {
        Objects.requireNonNull(secretString, "secretString");
        return direct(() -> store.create(name, newToken(), null, secretString, null).arn);
    }

    /** Creates a secret with a {@code SecretBinary} as its AWSCURRENT version; returns its full ARN. */
    public String createBinarySecret(String name, byte[] secretBinary) {
        Objects.requireNonNull(secretBinary, "secretBinary");
        return direct(() -> store.create(name, newToken(), null, null, secretBinary.clone()).arn);
    }

    /** PutSecretValue without stages: AWSCURRENT moves to the new version, AWSPREVIOUS follows; returns the version id. */
    public String putSecretValue(String secretId, String secretString) {
        Objects.requireNonNull(secretString, "secretString");
        return direct(() -> store.put(store.resolve(secretId), newToken(), secretString, null, null).id);
    }

    /**
     * PutSecretValue with only {@code stages} attached (each removed from any other version; AWSCURRENT moves only
     * when listed); returns the version id.
     */
    public String putSecretValue(String secretId, String secretString, String... stages) {
        Objects.requireNonNull(secretString, "secretString");
        List<String> labels = List.of(stages);
        return direct(() -> store.put(store.resolve(secretId), newToken(), secretString, null,
                labels.isEmpty() ? null : labels).id);
    }

    /**
     * UpdateSecretVersionStage; {@code moveToVersionId} or {@code removeFromVersionId} may be {@code null} (absent).
     * Moving a label held by another version needs {@code removeFromVersionId} equal to that version.
     */
    public void updateStage(String secretId, String stage, String moveToVersionId, String removeFromVersionId) {
        direct(() -> {
            store.updateStage(store.resolve(secretId), stage, moveToVersionId, removeFromVersionId);
            return null;
        });
    }

    /**
     * The staging labels of every version of a secret that has a value, oldest version first: version id to its
     * labels, an empty list for a version that lost all of them (the service calls it deprecated and hides it
     * from ListSecretVersionIds). For assertions; holds no value.
     */
    public Map<String, List<String>> versionStages(String secretId) {
        return direct(() -> Collections.unmodifiableMap(store.stages(secretId)));
    }

    /** The names of the secrets, in the order they were created (those scheduled for deletion included). */
    public List<String> secretNames() {
        return direct(() -> store.all().stream().map(s -> s.name).toList());
    }

    /** Sets the hook RotateSecret calls over the wire use for {@code secretName}. */
    public void rotationHook(String secretName, RotationHook hook) {
        hooks.put(Objects.requireNonNull(secretName, "secretName"), Objects.requireNonNull(hook, "hook"));
    }

    /** Runs a whole rotation now with {@code hook} (as RotateSecret does, synchronously); returns the new version id. */
    public String rotate(String secretId, RotationHook hook) {
        Objects.requireNonNull(hook, "hook");
        String token = newToken();
        direct(() -> {
            new Rotator(store).rotate(secretId, token, hook);
            return null;
        });
        return token;
    }

    /** Runs a whole rotation now with the secret's hook ({@link RotationHook#randomValue()} unless set). */
    public String rotate(String secretId) {
        String name = direct(() -> store.resolve(secretId).name);
        return rotate(secretId, hooks.getOrDefault(name, defaultHook));
    }

    /** Schedules deletion after {@code recoveryWindow}; the secret shows {@code DeletedDate} until then. */
    public void deleteSecret(String secretId, Duration recoveryWindow) {
        Objects.requireNonNull(recoveryWindow, "recoveryWindow");
        direct(() -> store.delete(store.resolve(secretId), recoveryWindow, false));
    }

    /** Cancels a scheduled deletion. */
    public void restoreSecret(String secretId) {
        direct(() -> {
            store.restore(store.resolve(secretId));
            return null;
        });
    }

    /** When true, BatchGetSecretValue answers {@code AccessDeniedException}. */
    public void denyBatch(boolean deny) {
        denyBatch.set(deny);
    }

    /** The faults injected into calls. */
    public AwsFaults faults() {
        return faults;
    }

    /** Calls received per operation name (from {@code X-Amz-Target}), faulted and failed calls included. */
    public Map<String, Integer> calls() {
        return log.counts();
    }

    /** Calls received for {@code operation}, such as {@code DescribeSecret}. */
    public int calls(String operation) {
        return log.count(Objects.requireNonNull(operation, "operation"));
    }

    /** Every call received, in arrival order. */
    public List<RecordedCall> requests() {
        return log.all();
    }

    /** Forgets the calls received so far. */
    public void resetCalls() {
        log.clear();
    }

    /** Stops serving: hung calls are released, open calls dropped. Idempotent. */
    @Override
    public void close() {
        synchronized (lifecycle) {
            closed = true;
            faults.close();
            if (server != null) {
                server.stop(0);
                executor.shutdownNow();
            }
        }
    }

    /** {@code SecretsManagerEmulator[us-east-1, http://127.0.0.1:49152]}. */
    @Override
    public String toString() {
        return "SecretsManagerEmulator[" + region + ", " + (endpoint == null ? "not started" : endpoint) + "]";
    }

    /** The store, for this package's tests. */
    SecretStore store() {
        return store;
    }

    /** Runs a direct (non-HTTP) action; service errors become {@link IllegalStateException} naming the error code. */
    private static <T> T direct(Supplier<T> action) {
        try {
            return action.get();
        } catch (AwsError e) {
            throw new IllegalStateException(e.type() + ": " + e.getMessage());
        }
    }

    private static String newToken() {
        return UUID.randomUUID().toString();
    }

    /** Settings of a {@link SecretsManagerEmulator}; each setter checks its argument at once. */
    public static final class Builder {
        private Clock clock = Clock.systemUTC();
        private String region = "us-east-1";
        private String accountId = "123456789012";
        private String accessKeyId = "AKIDEXAMPLE";
        private String secretAccessKey = "secret-key";
        private RotationHook rotationHook = RotationHook.randomValue();

        private Builder() {
        }

        /** The clock for CreatedDate, DeletedDate and recorded call times. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The region in ARNs and the SigV4 scope. */
        public Builder region(String region) {
            this.region = requireText(region, "region");
            return this;
        }

        /** The 12-digit account id in ARNs. */
        public Builder accountId(String accountId) {
            if (accountId == null || !accountId.matches("\\d{12}")) {
                throw new IllegalArgumentException("SecretsManagerEmulator.Builder.accountId needs 12 digits");
            }
            this.accountId = accountId;
            return this;
        }

        /** The only credentials accepted; signatures are verified with the secret key. */
        public Builder credentials(String accessKeyId, String secretAccessKey) {
            this.accessKeyId = requireText(accessKeyId, "credentials.accessKeyId");
            this.secretAccessKey = requireText(secretAccessKey, "credentials.secretAccessKey");
            return this;
        }

        /** The hook RotateSecret calls over the wire and {@link SecretsManagerEmulator#rotate(String)} use. */
        public Builder rotationHook(RotationHook hook) {
            this.rotationHook = Objects.requireNonNull(hook, "rotationHook");
            return this;
        }

        /** The emulator, not started. */
        public SecretsManagerEmulator build() {
            return new SecretsManagerEmulator(this);
        }

        private static String requireText(String value, String setting) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException("SecretsManagerEmulator.Builder." + setting + " must not be blank");
            }
            return value;
        }
    }
}
