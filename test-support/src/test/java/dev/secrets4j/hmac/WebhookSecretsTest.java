package dev.secrets4j.hmac;

import dev.secrets4j.Secrets;
import dev.secrets4j.testing.FakeTime;
import dev.secrets4j.testing.InMemorySecretProvider;
import dev.secrets4j.testing.LeakCheck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;

/**
 * The fixture of the webhook tests: one secret in an in-memory provider on a fake clock, a
 * {@link Secrets} whose change listeners run on the caller's thread, and the leak check.
 */
abstract class WebhookSecretsTest {

    @RegisterExtension
    final LeakCheck leaks = LeakCheck.create();

    final FakeTime time = FakeTime.startingAt(Instant.parse("2026-03-01T12:00:00Z"));
    final InMemorySecretProvider memory = InMemorySecretProvider.builder().clock(time.clock()).build();
    Secrets secrets;

    /** The secret's name. */
    abstract String secretName();

    /** Its first value (registered as a canary by the subclass). */
    abstract String secretValue();

    @BeforeEach
    void boot() {
        memory.set(secretName(), secretValue());
        secrets = Secrets.builder().provider(memory).require(secretName()).listenerExecutor(Runnable::run)
                .clock(time.clock()).scheduler(time).build();
    }

    @AfterEach
    void shutdown() {
        secrets.close();
    }
}
