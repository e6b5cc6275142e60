package dev.secrets4j.spring.boot.autoconfigure.rotation;

import dev.secrets4j.Secret;
import dev.secrets4j.SecretChange;
import dev.secrets4j.Secrets;
import dev.secrets4j.testing.InMemorySecretProvider;
import dev.secrets4j.testing.LeakCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** SecretChangedEvent: names, versions and cause are visible; values never are. */
class SecretChangedEventTest {

    @RegisterExtension
    final LeakCheck leaks = LeakCheck.create();

    @Test
    void toString_whenValuesAreCanaries_showsNameVersionsAndCauseOnly() {
        String v1 = leaks.canary("canary-event-old-value-1111");
        String v2 = leaks.canary("canary-event-new-value-2222");
        InMemorySecretProvider memory = InMemorySecretProvider.create();
        memory.set("API_KEY", v1);
        try (Secrets secrets = Secrets.builder().provider(memory).require("API_KEY").build()) {
            SecretChange change = new SecretChange("API_KEY", Secret.builder("API_KEY", v1).version("3").build(),
                    Secret.builder("API_KEY", v2).version("4").build(), SecretChange.Cause.REFRESH,
                    Instant.parse("2026-01-01T00:00:00Z"));

            SecretChangedEvent event = SecretChangedEvent.of(secrets, change);

            assertThat(event).hasToString("SecretChangedEvent[API_KEY v3 -> v4, REFRESH]");
            assertThat(event.name()).isEqualTo("API_KEY");
            assertThat(event.previousVersion()).isEqualTo("3");
            assertThat(event.currentVersion()).isEqualTo("4");
            assertThat(event.at()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
            assertThat(event.getSource()).isSameAs(secrets);
            leaks.assertNoLeak(event, event.change());
        }
    }
}
