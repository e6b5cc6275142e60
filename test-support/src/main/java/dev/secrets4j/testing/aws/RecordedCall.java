package dev.secrets4j.testing.aws;

import java.time.Instant;
import java.util.List;

/**
 * One call the emulator received, as recorded for assertions. Holds no secret value, signature or credential.
 *
 * @param operation the operation from {@code X-Amz-Target}, such as {@code GetSecretValue} ({@code ""} when absent)
 * @param secretIds the secret ids the call named ({@code SecretId}, {@code Name} or each of {@code SecretIdList})
 * @param time      when it arrived, read from the emulator's clock
 * @param status    the HTTP status answered, or {@code -1} when no answer was sent (reset, hang)
 */
public record RecordedCall(String operation, List<String> secretIds, Instant time, int status) {

    /** Copies the ids. */
    public RecordedCall {
        secretIds = List.copyOf(secretIds);
    }
}
