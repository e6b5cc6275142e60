package dev.secrets4j.testing.aws;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

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

    private SecretsManagerEmulator(Builder builder) {
    }

    /** A builder: system UTC clock, region {@code us-east-1}, account {@code 123456789012}, AKIDEXAMPLE / secret-key. */
    public static Builder builder() {
        return new Builder();
    }

    /** Binds 127.0.0.1 on a free port and starts serving; fails when already started or closed. */
    public SecretsManagerEmulator start() {
        throw new UnsupportedOperationException("skeleton");
    }

    /** The endpoint to pass to {@code endpointOverride}, such as {@code http://127.0.0.1:49152}. */
    public URI endpoint() {
        throw new UnsupportedOperationException("skeleton");
    }

    /** Creates a secret with a {@code SecretString} as its AWSCURRENT version; returns its full ARN. */
    public String createSecret(String name, String secretString) {
        throw new UnsupportedOperationException("skeleton");
    }

    /** Creates a secret with a {@code SecretBinary} as its AWSCURRENT version; returns its full ARN. */
    public String createBinarySecret(String name, byte[] secretBinary) {
        throw new UnsupportedOperationException("skeleton");
    }

    /** PutSecretValue without stages: AWSCURRENT moves to the new version, AWSPREVIOUS follows; returns the version id. */
    public String putSecretValue(String secretId, String secretString) {
        throw new UnsupportedOperationException("skeleton");
    }

    /** PutSecretValue with only {@code stages} attached (each removed from any other version); returns the version id. */
    public String putSecretValue(String secretId, String secretString, String... stages) {
        throw new UnsupportedOperationException("skeleton");
    }

    /** UpdateSecretVersionStage; {@code moveTo} or {@code removeFrom} may be {@code null} (absent). */
    public void updateStage(String secretId, String stage, String moveToVersionId, String removeFromVersionId) {
        throw new UnsupportedOperationException("skeleton");
    }

    /** Runs a whole rotation now with {@code hook}; returns the new version id. */
    public String rotate(String secretId, RotationHook hook) {
        throw new UnsupportedOperationException("skeleton");
    }

    /** Runs a whole rotation now with the configured hook ({@link RotationHook#randomValue()} by default). */
    public String rotate(String secretId) {
        throw new UnsupportedOperationException("skeleton");
    }

    /** Schedules deletion after {@code recoveryWindow}; the secret shows {@code DeletedDate} until then. */
    public void deleteSecret(String secretId, Duration recoveryWindow) {
        throw new UnsupportedOperationException("skeleton");
    }

    /** Cancels a scheduled deletion. */
    public void restoreSecret(String secretId) {
        throw new UnsupportedOperationException("skeleton");
    }

    /** When true, BatchGetSecretValue answers {@code AccessDeniedException}. */
    public void denyBatch(boolean deny) {
        throw new UnsupportedOperationException("skeleton");
    }

    /** The faults injected into calls. */
    public AwsFaults faults() {
        throw new UnsupportedOperationException("skeleton");
    }

    /** Calls received per operation name (from {@code X-Amz-Target}), faulted calls included. */
    public Map<String, Integer> calls() {
        throw new UnsupportedOperationException("skeleton");
    }

    /** Calls received for {@code operation}, such as {@code DescribeSecret}. */
    public int calls(String operation) {
        throw new UnsupportedOperationException("skeleton");
    }

    /** Every call received, in arrival order. */
    public List<RecordedCall> requests() {
        throw new UnsupportedOperationException("skeleton");
    }

    /** Forgets the calls received so far. */
    public void resetCalls() {
        throw new UnsupportedOperationException("skeleton");
    }

    /** Stops serving; open calls are dropped. */
    @Override
    public void close() {
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
