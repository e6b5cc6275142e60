package dev.secrets4j.engine;

import dev.secrets4j.AuditEvent;
import dev.secrets4j.SecretChange;
import dev.secrets4j.Secrets;
import dev.secrets4j.Subscription;
import dev.secrets4j.testing.InMemorySecretProvider;
import dev.secrets4j.testing.LeakCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Change hooks: who is told, on which thread, and what a throwing listener does. */
class ChangeHooksTest {

    @RegisterExtension
    final LeakCheck leaks = LeakCheck.create();

    private final String v1 = leaks.canary("canary-hook-one-1111");
    private final String v2 = leaks.canary("canary-hook-two-2222");

    @Test
    void listeners_runOnTheListenerThread_andAThrowingOneDoesNotStopTheOthers() {
        InMemorySecretProvider memory = InMemorySecretProvider.create();
        memory.set("KEY", v1);
        List<SecretChange> seen = new CopyOnWriteArrayList<>();
        List<String> threads = new CopyOnWriteArrayList<>();
        List<AuditEvent> audit = new CopyOnWriteArrayList<>();
        try (Secrets secrets = Secrets.builder().provider(memory).require("KEY").auditSink(audit::add).build()) {
            secrets.onChange("KEY", c -> {
                throw new IllegalStateException("listener bug");
            });
            secrets.onChange("KEY", c -> {
                threads.add(Thread.currentThread().getName());
                seen.add(c);
            });
            secrets.onAnyChange(seen::add);
            memory.set("KEY", v2);
            secrets.refresh("KEY");
            await().atMost(Duration.ofSeconds(5)).until(() -> seen.size() == 2);
            assertThat(threads).containsExactly("secrets4j-listener-1");
            assertThat(leaks.capturedLines()).anyMatch(l -> l.contains("change listener") && l.contains("IllegalStateException"));
            assertThat(secrets.get("KEY").asString()).isEqualTo(v2);
            assertThat(audit).filteredOn(e -> e.action() == AuditEvent.Action.CHANGED).singleElement()
                    .satisfies(e -> assertThat(e.version()).contains(secrets.get("KEY").version()));
        }
    }

    @Test
    void cancelledSubscription_isNotCalled() {
        InMemorySecretProvider memory = InMemorySecretProvider.create();
        memory.set("KEY", v1);
        List<SecretChange> seen = new CopyOnWriteArrayList<>();
        try (Secrets secrets = Secrets.builder().provider(memory).require("KEY").listenerExecutor(Runnable::run).build()) {
            Subscription s = secrets.onChange("KEY", seen::add);
            s.cancel();
            memory.set("KEY", v2);
            secrets.refresh("KEY");
            assertThat(seen).isEmpty();
        }
    }

    @Test
    void providerWatch_triggersARefreshAndOneChange() {
        InMemorySecretProvider memory = InMemorySecretProvider.create();
        memory.set("KEY", v1);
        List<SecretChange> seen = new CopyOnWriteArrayList<>();
        try (Secrets secrets = Secrets.builder().provider(memory).require("KEY").listenerExecutor(Runnable::run).build()) {
            secrets.onChange("KEY", seen::add);
            memory.set("KEY", v2);
            await().atMost(Duration.ofSeconds(5)).until(() -> !seen.isEmpty());
            assertThat(seen).singleElement().satisfies(c -> {
                assertThat(c.cause()).isEqualTo(SecretChange.Cause.WATCH);
                assertThat(c.current().asString()).isEqualTo(v2);
            });
            assertThat(secrets.get("KEY").asString()).isEqualTo(v2);
        }
    }
}
