package dev.secrets4j.provider.aws.internal;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The per-instance rate budgets, one token bucket per operation family. The service quotas
 * (GetSecretValue 10,000/s, DescribeSecret 40,000/s, BatchGetSecretValue 100/s, writes 50/s) are
 * per account and region, shared by the whole fleet, so the defaults sit far below them.
 *
 * @param get      GetSecretValue and ListSecretVersionIds
 * @param describe DescribeSecret
 * @param batch    BatchGetSecretValue
 * @param write    PutSecretValue and UpdateSecretVersionStage
 */
public record Budgets(TokenBucket get, TokenBucket describe, TokenBucket batch, TokenBucket write) {

    /** Default calls a second per instance: GetSecretValue. */
    public static final double DEFAULT_GET = 20;
    /** Default calls a second per instance: DescribeSecret. */
    public static final double DEFAULT_DESCRIBE = 20;
    /** Default calls a second per instance: BatchGetSecretValue. */
    public static final double DEFAULT_BATCH = 2;
    /** Default calls a second per instance: writes. */
    public static final double DEFAULT_WRITE = 1;

    /** The burst of the BatchGetSecretValue bucket: a boot of 200 secrets (10 calls) does not wait. */
    public static final double BATCH_BURST = 10;

    /**
     * Buckets of the rates given, each with a burst of one second's worth (at least one); the batch
     * bucket holds at least {@value #BATCH_BURST} so that a boot does not wait.
     */
    public static Budgets of(double get, double describe, double batch, double write, LongSupplier nanoTime,
                             TokenBucket.Sleeper sleeper) {
        return new Budgets(bucket("GetSecretValue", get, nanoTime, sleeper), bucket("DescribeSecret", describe, nanoTime, sleeper),
                new TokenBucket("BatchGetSecretValue", batch, Math.max(BATCH_BURST, batch), nanoTime, sleeper), bucket("PutSecretValue", write, nanoTime, sleeper));
    }

    /** The time calls waited for a token, by operation. */
    public Map<String, Duration> waited() {
        Map<String, Duration> out = new LinkedHashMap<>();
        for (TokenBucket b : new TokenBucket[] {get, describe, batch, write}) {
            out.put(b.operation(), b.waited());
        }
        return out;
    }

    private static TokenBucket bucket(String op, double rate, LongSupplier nanoTime, TokenBucket.Sleeper sleeper) {
        return new TokenBucket(op, rate, Math.max(1, rate), nanoTime, sleeper);
    }
}
