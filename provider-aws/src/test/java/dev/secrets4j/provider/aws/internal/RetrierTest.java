package dev.secrets4j.provider.aws.internal;

import dev.secrets4j.SecretProviderException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RetrierTest {

    private final AtomicLong now = new AtomicLong();
    private final List<Long> sleeps = new ArrayList<>();
    private final Retrier retrier = new Retrier(4, Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofMillis(50),
            nanos -> { sleeps.add(nanos); now.addAndGet(nanos); }, "us-east-1");

    private static SecretsManagerException throttled() {
        return (SecretsManagerException) SecretsManagerException.builder().statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("ThrottlingException").build()).build();
    }

    private TokenBucket bucket(double rate) {
        return new TokenBucket("GetSecretValue", rate, 1, now::get, now::addAndGet);
    }

    @Test
    void call_whenThrottledThenOk_retriesWithFullJitterWithinTheCap() {
        AtomicInteger attempts = new AtomicInteger();
        String out = retrier.call(bucket(1000), "secretsmanager:GetSecretValue", "prod/db", () -> {
            if (attempts.incrementAndGet() < 3) {
                throw throttled();
            }
            return "ok";
        });
        assertThat(out).isEqualTo("ok");
        assertThat(attempts).hasValue(3);
        assertThat(sleeps).filteredOn(n -> n > 2_000_000L).hasSizeLessThanOrEqualTo(2)
                .allMatch(n -> n <= 200_000_000L);
    }

    @Test
    void call_whenAlwaysThrottled_stopsAtMaxAttempts() {
        AtomicInteger attempts = new AtomicInteger();
        assertThatThrownBy(() -> retrier.call(bucket(1000), "secretsmanager:GetSecretValue", "prod/db", () -> {
            attempts.incrementAndGet();
            throw throttled();
        })).isInstanceOf(SecretsManagerException.class);
        assertThat(attempts).hasValue(4);
    }

    @Test
    void call_whenNoTokenWithinWait_failsRetryableNamingOperationAndSecret() {
        TokenBucket b = bucket(1);
        retrier.callOnce(b, "secretsmanager:GetSecretValue", "prod/db", () -> "first");
        assertThatThrownBy(() -> retrier.callOnce(b, "secretsmanager:GetSecretValue", "prod/db", () -> "second"))
                .isInstanceOfSatisfying(SecretProviderException.class, e -> {
                    assertThat(e.isRetryable()).isTrue();
                    assertThat(e.getMessage()).contains("GetSecretValue", "prod/db", "us-east-1");
                });
    }
}
