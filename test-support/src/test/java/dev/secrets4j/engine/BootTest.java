package dev.secrets4j.engine;

import dev.secrets4j.AuditEvent;
import dev.secrets4j.Problem;
import dev.secrets4j.SecretFormatException;
import dev.secrets4j.SecretProviderException;
import dev.secrets4j.SecretSpec;
import dev.secrets4j.SecretValidationException;
import dev.secrets4j.Secrets;
import dev.secrets4j.testing.InMemorySecretProvider;
import dev.secrets4j.testing.LeakCheck;
import dev.secrets4j.spi.Capability;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Boot: resolution through providers, fail-fast validation and its single report. */
class BootTest {

    @RegisterExtension
    final LeakCheck leaks = LeakCheck.create();

    private final String dbPassword = leaks.canary("canary-db-password-0123456789abcdef");
    private final String apiKey = leaks.canary("canary-api-key-77");

    @Test
    void build_whenEverySecretIsPresent_servesThemFromTheCache() {
        InMemorySecretProvider memory = InMemorySecretProvider.create();
        memory.set("DB_PASSWORD", dbPassword);
        memory.set("API_KEY", apiKey);
        try (Secrets secrets = Secrets.builder().provider(memory)
                .require("DB_PASSWORD", SecretSpec.minLength(32))
                .require("API_KEY")
                .build()) {
            int callsAfterBoot = memory.calls();
            assertThat(secrets.get("DB_PASSWORD").asString()).isEqualTo(dbPassword);
            assertThat(secrets.get("API_KEY").asString()).isEqualTo(apiKey);
            assertThat(memory.calls()).isEqualTo(callsAfterBoot);
            assertThat(secrets.bootReport().problems()).isEmpty();
            assertThat(secrets.declaredNames()).containsExactly("DB_PASSWORD", "API_KEY");
            leaks.assertNoLeak(secrets, secrets.get("DB_PASSWORD"), secrets.bootReport());
        }
    }

    @Test
    void build_whenOneRequiredIsMissingAndOneIsMalformed_throwsOneReportListingBoth() {
        InMemorySecretProvider memory = InMemorySecretProvider.create();
        memory.set("API_KEY", apiKey);
        memory.set("SHORT", "canary-short");
        leaks.canary("canary-short");

        SecretValidationException e = catchThrowableOfType(SecretValidationException.class, () -> Secrets.builder()
                .provider(memory)
                .require("DB_PASSWORD")
                .require("SHORT", SecretSpec.minLength(32))
                .require("API_KEY")
                .build());

        assertThat(e.problems()).extracting(Problem::secretName).containsExactly("DB_PASSWORD", "SHORT");
        assertThat(e.problems()).allMatch(Problem::isError);
        assertThat(e.getMessage())
                .contains("DB_PASSWORD", "missing", "looked in memory")
                .contains("SHORT", "32")
                .doesNotContain("API_KEY");
        assertThat(e.getMessage().lines().filter(l -> l.startsWith("  "))).hasSize(2);
        leaks.assertNoLeak(e);
    }

    @Test
    void build_whenOptionalIsMissing_bootsAndFindIsEmpty() {
        InMemorySecretProvider memory = InMemorySecretProvider.create();
        memory.set("API_KEY", apiKey);
        try (Secrets secrets = Secrets.builder().provider(memory).require("API_KEY").optional("REDIS_PASSWORD").build()) {
            assertThat(secrets.find("REDIS_PASSWORD")).isEmpty();
            assertThat(secrets.getOrDefault("REDIS_PASSWORD", "fallback")).isEqualTo("fallback");
            assertThat(secrets.bootReport().problems()).isEmpty();
        }
    }

    @Test
    void build_whenOptionalIsPresentButMalformed_failsTheBoot() {
        InMemorySecretProvider memory = InMemorySecretProvider.create();
        memory.set("REDIS_PASSWORD", "canary-short");
        leaks.canary("canary-short");
        assertThatThrownBy(() -> Secrets.builder().provider(memory).optional("REDIS_PASSWORD", SecretSpec.minLength(20)).build())
                .isInstanceOf(SecretValidationException.class)
                .hasMessageContaining("REDIS_PASSWORD");
    }

    @Test
    void build_looksThroughProvidersInOrder_firstHitWins() {
        InMemorySecretProvider first = InMemorySecretProvider.builder().id("first").build();
        InMemorySecretProvider second = InMemorySecretProvider.builder().id("second").build();
        first.set("A", "canary-from-first");
        second.set("A", "canary-from-second");
        second.set("B", "canary-b-from-second");
        try (Secrets secrets = Secrets.builder().provider(first).provider(second).require("A").require("B").build()) {
            assertThat(secrets.get("A").providerId()).isEqualTo("first");
            assertThat(secrets.get("A").asString()).isEqualTo("canary-from-first");
            assertThat(secrets.get("B").providerId()).isEqualTo("second");
        }
    }

    @Test
    void build_whenNameIsMissingEverywhere_reportSaysWhereItLooked() {
        InMemorySecretProvider first = InMemorySecretProvider.builder().id("first").build();
        InMemorySecretProvider second = InMemorySecretProvider.builder().id("second").build();
        assertThatThrownBy(() -> Secrets.builder().provider(first).provider(second).require("NOPE").build())
                .hasMessageContaining("looked in first")
                .hasMessageContaining("second");
    }

    @Test
    void build_withExplicitReferenceAndField_picksTheJsonField() {
        InMemorySecretProvider memory = InMemorySecretProvider.create();
        memory.set("app/db", "{\"username\":\"app\",\"password\":\"" + dbPassword + "\",\"port\":5432}");
        try (Secrets secrets = Secrets.builder().provider(memory)
                .bind("DB_PASSWORD", "memory:app/db#password")
                .bind("DB_PORT", "memory:app/db#port")
                .build()) {
            assertThat(secrets.get("DB_PASSWORD").asString()).isEqualTo(dbPassword);
            assertThat(secrets.get("DB_PASSWORD").name()).isEqualTo("DB_PASSWORD");
            assertThat(secrets.get("DB_PORT").asString()).isEqualTo("5432");
        }
    }

    @Test
    void build_whenFieldIsMissingOrValueIsNotJson_reportsTheReferenceWithoutTheValue() {
        InMemorySecretProvider memory = InMemorySecretProvider.create();
        memory.set("app/db", "{\"username\":\"" + dbPassword + "\"}");
        memory.set("plain", apiKey);
        SecretValidationException e = catchThrowableOfType(SecretValidationException.class, () -> Secrets.builder()
                .provider(memory)
                .bind("DB_PASSWORD", "memory:app/db#password")
                .bind("API_USER", "memory:plain#user")
                .build());
        assertThat(e.problems()).hasSize(2);
        assertThat(e.getMessage()).contains("has no field 'password'", "memory:app/db#password", "not a JSON object", "memory:plain#user");
        leaks.assertNoLeak(e);
    }

    @Test
    void bind_whenReferenceIsMalformed_throwsNamingIt() {
        assertThatThrownBy(() -> Secrets.builder().bind("X", "no-scheme-here"))
                .isInstanceOf(SecretFormatException.class)
                .hasMessageContaining("no-scheme-here");
        assertThatThrownBy(() -> Secrets.builder().bind("X", "docker:#field"))
                .isInstanceOf(SecretFormatException.class);
    }

    @Test
    void build_whenReferenceNamesAnUnknownProvider_reportsIt() {
        InMemorySecretProvider memory = InMemorySecretProvider.create();
        assertThatThrownBy(() -> Secrets.builder().provider(memory).bind("X", "vault:secret/app#x").build())
                .isInstanceOf(SecretValidationException.class)
                .hasMessageContaining("no provider 'vault'")
                .hasMessageContaining("memory");
    }

    @Test
    void build_withABatchingProvider_makesOneCallForAllNames() {
        InMemorySecretProvider memory = InMemorySecretProvider.create();
        Secrets.Builder builder = Secrets.builder().provider(memory);
        for (int i = 0; i < 50; i++) {
            memory.set("S" + i, "value-" + i);
            builder.require("S" + i);
        }
        memory.resetCounts();
        try (Secrets secrets = builder.build()) {
            assertThat(memory.batchCalls()).isEqualTo(1);
            assertThat(memory.calls()).isEqualTo(1);
            assertThat(secrets.get("S49").asString()).isEqualTo("value-49");
        }
    }

    @Test
    void build_withoutBatching_callsEachNameOnceConcurrently() {
        InMemorySecretProvider memory = InMemorySecretProvider.builder()
                .capabilities(Set.of(Capability.READ)).build();
        Secrets.Builder builder = Secrets.builder().provider(memory).bootConcurrency(4);
        for (int i = 0; i < 20; i++) {
            memory.set("S" + i, "value-" + i);
            builder.require("S" + i);
        }
        memory.resetCounts();
        try (Secrets secrets = builder.build()) {
            assertThat(memory.calls()).isEqualTo(20);
            assertThat(memory.batchCalls()).isZero();
            assertThat(secrets.get("S7").asString()).isEqualTo("value-7");
        }
    }

    @Test
    void build_whenProviderHangs_failsWithATimeoutNamingTheProvider() {
        CountDownLatch never = new CountDownLatch(1);
        InMemorySecretProvider slow = InMemorySecretProvider.builder().id("slow").build();
        slow.set("DB_PASSWORD", dbPassword);
        slow.hangUntil(never);
        try {
            SecretValidationException e = catchThrowableOfType(SecretValidationException.class, () -> Secrets.builder()
                    .provider(slow)
                    .callTimeout(Duration.ofMillis(200))
                    .require("DB_PASSWORD")
                    .build());
            assertThat(e.getMessage()).contains("slow", "did not answer within 200 ms", "DB_PASSWORD");
        } finally {
            never.countDown();
        }
    }

    @Test
    void build_whenProviderFails_reportsItsMessageAndRetryability() {
        InMemorySecretProvider memory = InMemorySecretProvider.create();
        memory.failWith(null, SecretProviderException.permanent("memory", "DB_PASSWORD",
                "access denied to secret 'DB_PASSWORD' in memory; grant read access", null));
        assertThatThrownBy(() -> Secrets.builder().provider(memory).require("DB_PASSWORD").build())
                .isInstanceOf(SecretValidationException.class)
                .hasMessageContaining("access denied");
    }

    @Test
    void build_whenASpecWarns_bootsAndReportsTheWarning() {
        InMemorySecretProvider memory = InMemorySecretProvider.create();
        memory.set("TLS_CERT", apiKey);
        SecretSpec expiringSoon = new SecretSpec() {
            @Override
            public String describe() {
                return "expiring";
            }

            @Override
            public List<Violation> check(dev.secrets4j.Secret secret, java.time.Instant now) {
                return List.of(Violation.warning("certificate expires in 3 days"));
            }
        };
        try (Secrets secrets = Secrets.builder().provider(memory).require("TLS_CERT", expiringSoon).build()) {
            assertThat(secrets.bootReport().warnings()).singleElement()
                    .satisfies(p -> assertThat(p.message()).isEqualTo("certificate expires in 3 days"));
            assertThat(leaks.capturedLines()).anyMatch(l -> l.contains("TLS_CERT") && l.contains("expires in 3 days"));
        }
    }

    @Test
    void build_whenACustomSpecThrows_reportsItsTypeNotItsMessage() {
        InMemorySecretProvider memory = InMemorySecretProvider.create();
        memory.set("X", apiKey);
        SecretSpec broken = new SecretSpec() {
            @Override
            public String describe() {
                return "broken";
            }

            @Override
            public List<Violation> check(dev.secrets4j.Secret secret, java.time.Instant now) {
                throw new IllegalStateException("bad value " + secret.asString());
            }
        };
        SecretValidationException e = catchThrowableOfType(SecretValidationException.class,
                () -> Secrets.builder().provider(memory).require("X", broken).build());
        assertThat(e.getMessage()).contains("check 'broken' failed with java.lang.IllegalStateException");
        leaks.assertNoLeak(e);
    }

    @Test
    void build_whenAProviderThrowsAnUnexpectedException_reportsItsTypeAndKeepsNoMessage() {
        String canary = leaks.canary("canary-in-a-provider-bug-message");
        dev.secrets4j.spi.SecretProvider buggy = new dev.secrets4j.spi.SecretProvider() {
            @Override
            public String id() {
                return "buggy";
            }

            @Override
            public Set<Capability> capabilities() {
                return Set.of(Capability.READ);
            }

            @Override
            public java.util.Optional<dev.secrets4j.Secret> get(dev.secrets4j.spi.SecretRef ref) {
                throw new IllegalStateException("parsed " + canary, new IllegalArgumentException(canary));
            }
        };
        SecretValidationException e = catchThrowableOfType(SecretValidationException.class,
                () -> Secrets.builder().provider(buggy).require("X").build());
        assertThat(e.getMessage()).contains("provider 'buggy' failed while reading secret 'X' with java.lang.IllegalStateException");
        leaks.assertNoLeak(e);

        try (Secrets secrets = Secrets.builder().provider(buggy).optional("X").build()) {
            Throwable miss = org.assertj.core.api.Assertions.catchThrowable(() -> secrets.get("Y"));
            assertThat(miss).isInstanceOf(SecretProviderException.class)
                    .cause().hasMessage("java.lang.IllegalStateException")
                    .cause().hasMessage("java.lang.IllegalArgumentException");
            leaks.assertNoLeak(miss);
        }
    }

    @Test
    void build_auditsFetchesAndValidationFailures() {
        InMemorySecretProvider memory = InMemorySecretProvider.create();
        memory.set("API_KEY", apiKey);
        List<AuditEvent> events = new CopyOnWriteArrayList<>();
        assertThatThrownBy(() -> Secrets.builder().provider(memory).auditSink(events::add)
                .require("API_KEY").require("MISSING").build())
                .isInstanceOf(SecretValidationException.class);
        assertThat(events).extracting(AuditEvent::secretName, AuditEvent::action).containsExactly(
                org.assertj.core.groups.Tuple.tuple("API_KEY", AuditEvent.Action.FETCH),
                org.assertj.core.groups.Tuple.tuple("MISSING", AuditEvent.Action.VALIDATION_FAILED));
        leaks.assertNoLeak(events.toArray());
    }

    @Test
    void validate_returnsTheReportWithoutThrowing() {
        InMemorySecretProvider memory = InMemorySecretProvider.create();
        memory.set("API_KEY", apiKey);
        try (Secrets secrets = Secrets.builder().provider(memory).require("API_KEY", SecretSpec.minLength(5)).build()) {
            memory.set("API_KEY", "abc");
            assertThat(secrets.validate().errors()).singleElement()
                    .satisfies(p -> assertThat(p.secretName()).isEqualTo("API_KEY"));
        }
    }

    @Test
    void builder_rejectsBadSettingsNamingThem() {
        assertThatThrownBy(() -> Secrets.builder().bootConcurrency(0)).hasMessageContaining("bootConcurrency");
        assertThatThrownBy(() -> Secrets.builder().callTimeout(Duration.ZERO)).hasMessageContaining("callTimeout");
        assertThatThrownBy(() -> Secrets.builder().require(" ")).hasMessageContaining("name");
        assertThatThrownBy(() -> Secrets.builder().build()).hasMessageContaining("no secret provider");
        InMemorySecretProvider memory = InMemorySecretProvider.create();
        assertThatThrownBy(() -> Secrets.builder().provider(memory).provider(memory)).hasMessageContaining("added twice");
        assertThatThrownBy(() -> Secrets.builder().bind("X", "a:b").bind("X", "a:c")).hasMessageContaining("bound to both");
    }
}
