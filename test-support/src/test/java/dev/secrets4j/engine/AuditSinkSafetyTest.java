package dev.secrets4j.engine;

import dev.secrets4j.AuditSink;
import dev.secrets4j.Secrets;
import dev.secrets4j.testing.InMemorySecretProvider;
import dev.secrets4j.testing.LeakCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** An application's audit sink that throws never fails a boot or a refresh: one WARN, the event dropped. */
class AuditSinkSafetyTest {

    @RegisterExtension
    final LeakCheck leaks = LeakCheck.create();

    @Test
    void throwingSink_doesNotFailBootOrRefresh_andWarnsOncePerStreak() {
        InMemorySecretProvider memory = InMemorySecretProvider.create();
        memory.set("KEY", leaks.canary("canary-audit-safety-7777"));
        AtomicInteger calls = new AtomicInteger();
        AuditSink broken = event -> {
            calls.incrementAndGet();
            throw new IllegalStateException("disk full");
        };

        try (Secrets secrets = Secrets.builder().provider(memory).require("KEY").auditSink(broken).build()) {
            memory.set("KEY", leaks.canary("canary-audit-safety-8888"));
            assertThat(secrets.refresh("KEY").asString()).isEqualTo("canary-audit-safety-8888");
        }

        assertThat(calls.get()).isGreaterThanOrEqualTo(2);
        assertThat(leaks.capturedLines()).filteredOn(l -> l.contains("events are dropped until it recovers")).hasSize(1);
    }
}
