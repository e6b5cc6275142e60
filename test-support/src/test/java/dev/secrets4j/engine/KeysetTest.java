package dev.secrets4j.engine;

import dev.secrets4j.Keyset;
import dev.secrets4j.Keyset.State;
import dev.secrets4j.SecretFormatException;
import dev.secrets4j.Secrets;
import dev.secrets4j.testing.FakeTime;
import dev.secrets4j.testing.InMemorySecretProvider;
import dev.secrets4j.testing.LeakCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Keyset: states follow rotations and the clock; bad versions are refused by name, never by value. */
class KeysetTest {

    @RegisterExtension
    final LeakCheck leaks = LeakCheck.create();

    private final String v1 = leaks.canary("canary-keyset-one-1111");
    private final String v2 = leaks.canary("canary-keyset-two-2222");
    private final String v3 = leaks.canary("canary-keyset-three-3333");
    private final String bad = leaks.canary("bad-canary-keyset-4444");

    private final FakeTime time = FakeTime.startingAt(Instant.parse("2026-01-01T00:00:00Z"));
    private final InMemorySecretProvider memory = InMemorySecretProvider.builder().clock(time.clock()).build();

    private Secrets secrets() {
        return Secrets.builder().provider(memory).require("KEY").listenerExecutor(Runnable::run)
                .clock(time.clock()).scheduler(time).build();
    }

    private static String parse(dev.secrets4j.Secret s) {
        if (s.asString().startsWith("bad")) {
            throw new SecretFormatException("secret 'KEY' version " + s.version() + " is not a key");
        }
        return s.asString();
    }

    private static List<String> values(Keyset<String> keys) {
        return keys.keys().stream().map(Keyset.Key::key).toList();
    }

    @Test
    void rotation_makesOldPrimaryVerifyOnly_untilGraceEnds() {
        memory.set("KEY", v1);
        try (Secrets secrets = secrets();
             Keyset<String> keys = Keyset.builder(secrets, "KEY", KeysetTest::parse).clock(time.clock())
                     .grace(Duration.ofHours(1)).build()) {
            assertThat(keys.primary().key()).isEqualTo(v1);

            memory.set("KEY", v2);
            secrets.refresh("KEY");

            assertThat(keys.primary().key()).isEqualTo(v2);
            assertThat(keys.states().values()).containsExactly(State.PRIMARY, State.VERIFY_ONLY);
            time.advance(Duration.ofMinutes(59));
            assertThat(values(keys)).containsExactly(v2, v1);
            time.advance(Duration.ofMinutes(1));
            assertThat(values(keys)).containsExactly(v2);
        }
    }

    @Test
    void pendingPeriod_publishesTheNewKeyBeforeItSigns() {
        memory.set("KEY", v1);
        try (Secrets secrets = secrets();
             Keyset<String> keys = Keyset.builder(secrets, "KEY", KeysetTest::parse).clock(time.clock())
                     .pending(Duration.ofMinutes(10)).grace(Duration.ofHours(1)).build()) {
            memory.set("KEY", v2);
            secrets.refresh("KEY");

            assertThat(keys.primary().key()).isEqualTo(v1);
            assertThat(keys.states().values()).containsExactly(State.PENDING, State.PRIMARY);
            time.advance(Duration.ofMinutes(10));
            assertThat(keys.primary().key()).isEqualTo(v2);
            assertThat(keys.states().values()).containsExactly(State.PRIMARY, State.VERIFY_ONLY);
            time.advance(Duration.ofHours(1));
            assertThat(values(keys)).containsExactly(v2);
        }
    }

    @Test
    void build_takesStillValidPreviousVersions_retiredWhenTheirSuccessorWasCreated() {
        memory.set("KEY", v1);
        time.advance(Duration.ofMinutes(30));
        memory.set("KEY", v2);
        time.advance(Duration.ofMinutes(30));
        try (Secrets secrets = secrets();
             Keyset<String> keys = Keyset.builder(secrets, "KEY", KeysetTest::parse).clock(time.clock())
                     .grace(Duration.ofHours(1)).build()) {
            assertThat(values(keys)).containsExactly(v2, v1);
            time.advance(Duration.ofMinutes(29));
            assertThat(values(keys)).containsExactly(v2, v1);
            time.advance(Duration.ofMinutes(1)); // v2 was created an hour ago: v1's grace is over
            assertThat(values(keys)).containsExactly(v2);
        }
    }

    @Test
    void find_looksUpByIdAndForgetsDroppedKeys() {
        memory.set("KEY", v1);
        try (Secrets secrets = secrets();
             Keyset<String> keys = Keyset.builder(secrets, "KEY", KeysetTest::parse).clock(time.clock())
                     .grace(Duration.ofMinutes(5)).indexBy(k -> "id-" + k.length()).build()) {
            memory.set("KEY", v3);
            secrets.refresh("KEY");
            assertThat(keys.find("id-" + v1.length())).map(Keyset.Key::key).contains(v1);
            assertThat(keys.find("id-" + v3.length())).map(Keyset.Key::key).contains(v3);
            time.advance(Duration.ofMinutes(5));
            assertThat(keys.find("id-" + v1.length())).isEmpty();
            assertThat(keys.find("nope")).isEmpty();
        }
    }

    @Test
    void badNewVersion_isRefused_keysStay_andNoValueIsShown() {
        memory.set("KEY", v1);
        try (Secrets secrets = secrets();
             Keyset<String> keys = Keyset.builder(secrets, "KEY", KeysetTest::parse).clock(time.clock()).build()) {
            memory.set("KEY", bad);
            secrets.refresh("KEY");

            assertThat(keys.primary().key()).isEqualTo(v1);
            assertThat(keys.lastRejection()).hasValueSatisfying(m -> assertThat(m).contains("'KEY'", "still using version"));
            assertThat(leaks.capturedLines()).anyMatch(l -> l.contains("WARN") && l.contains("is not a key"));
            assertThat(keys.toString()).contains("KEY", "PRIMARY");
            leaks.assertNoLeak(keys.toString(), keys.lastRejection().orElseThrow());
        }
    }

    @Test
    void build_whenCurrentValueIsNotAKey_throwsNamingSecretAndVersion_withoutTheValue() {
        memory.set("KEY", v1);
        try (Secrets secrets = secrets()) {
            assertThatThrownBy(() -> Keyset.builder(secrets, "KEY", s -> Integer.parseInt(s.asString())).build())
                    .isInstanceOf(SecretFormatException.class)
                    .hasMessageContaining("'KEY'").hasMessageContaining("NumberFormatException")
                    .satisfies(e -> leaks.assertNoLeak(e));
        }
    }

    @Test
    void build_leavesOutAPreviousVersionThatIsNotAKey_butKeepsTheOthers() {
        memory.set("KEY", bad);
        memory.set("KEY", v1);
        try (Secrets secrets = secrets();
             Keyset<String> keys = Keyset.builder(secrets, "KEY", KeysetTest::parse).clock(time.clock()).build()) {
            assertThat(values(keys)).containsExactly(v1);
            assertThat(leaks.capturedLines()).anyMatch(l -> l.contains("WARN") && l.contains("previous version"));
        }
    }

    @Test
    void builder_refusesNegativeDurations_namingTheSetting() {
        memory.set("KEY", v1);
        try (Secrets secrets = secrets()) {
            assertThatThrownBy(() -> Keyset.builder(secrets, "KEY", KeysetTest::parse).grace(Duration.ofSeconds(-1)))
                    .hasMessageContaining("grace");
        }
    }
}
