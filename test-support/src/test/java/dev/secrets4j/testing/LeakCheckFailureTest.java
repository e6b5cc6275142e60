package dev.secrets4j.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs fixture classes that leak a canary in every way LeakCheck must catch, and checks each
 * fails with a report that names the place but never shows the value. No LeakCheck is registered
 * here, so the logger levels and appenders seen after a fixture run are the untouched ones.
 */
class LeakCheckFailureTest {

    static final String CANARY = "canary-7f3a-fixture-value";
    private static final Logger LOG = LoggerFactory.getLogger("dev.secrets4j.fixture");

    private static Level levelBefore;
    private static FixtureRunner.Outcome outcome;

    @BeforeAll
    static void runFixture() {
        levelBefore = context().getLogger("dev.secrets4j").getLevel();
        outcome = FixtureRunner.run(Fixture.class);
    }

    @Test
    void cleanTest_passes() {
        assertThat(outcome.failures()).doesNotContainKey("clean");
        assertThat(outcome.succeeded()).isEqualTo(1);
    }

    @Test
    void debugArgument_failsNamingLevelLoggerAndPlaceButNotValue() {
        String message = outcome.failureOf("debugArgument").getMessage();
        assertThat(message)
                .contains("canary #1 (length " + CANARY.length() + ")")
                .contains("DEBUG event of logger dev.secrets4j.fixture")
                .contains("argument #1")
                .contains("the message of")
                .contains("LeakCheckFailureTest$Fixture.debugArgument")
                .doesNotContain(CANARY);
    }

    @Test
    void traceLine_fails() {
        assertThat(outcome.failureOf("traceLine").getMessage()).contains("TRACE event").doesNotContain(CANARY);
    }

    @Test
    void causeOfLoggedThrowable_failsNamingItsClass() {
        assertThat(outcome.failureOf("causeMessage").getMessage())
                .contains("the cause of the throwable of WARN event")
                .contains("java.io.IOException")
                .doesNotContain(CANARY);
    }

    @Test
    void suppressedOfLoggedThrowable_fails() {
        assertThat(outcome.failureOf("suppressedMessage").getMessage())
                .contains("a suppressed exception of the throwable of ERROR event")
                .doesNotContain(CANARY);
    }

    @Test
    void hexAndBase64Encodings_fail() {
        assertThat(outcome.failureOf("hexEncoded").getMessage()).contains("hex-encoded").doesNotContain(CANARY);
        assertThat(outcome.failureOf("base64Encoded").getMessage()).contains("base64-encoded").doesNotContain(CANARY);
    }

    @Test
    void mdcEntry_fails() {
        assertThat(outcome.failureOf("mdcEntry").getMessage()).contains("MDC entry 'user'");
    }

    @Test
    void eventFromAnotherThread_fails() {
        assertThat(outcome.failureOf("otherThread").getMessage()).contains("thread fixture-worker");
    }

    @Test
    void infoOfAnotherLibrary_fails() {
        assertThat(outcome.failureOf("otherLibraryInfo").getMessage()).contains("logger com.example.Client");
    }

    @Test
    void exceptionThrownByTest_becomesLeakReportWithRedactedCause() {
        Throwable failure = outcome.failureOf("thrownException");
        assertThat(failure).isInstanceOf(AssertionError.class);
        assertThat(failure.getMessage()).contains("the exception the test threw").doesNotContain(CANARY);
        Throwable redacted = failure.getCause();
        assertThat(redacted.getMessage()).startsWith("java.lang.IllegalStateException: read failed for <canary #1>");
        assertThat(redacted.getCause().getMessage()).contains("<canary #1>").doesNotContain(CANARY);
        assertThat(redacted.getStackTrace()[0].getMethodName()).isEqualTo("thrownException");
    }

    @Test
    void assertionErrorThrownByTest_isRethrownUnchanged() {
        Throwable failure = outcome.failureOf("thrownAssertion");
        assertThat(failure).isExactlyInstanceOf(AssertionError.class);
        assertThat(failure.getMessage()).startsWith("expected another value");
    }

    @Test
    void cleanExceptionThrownByTest_isRethrownUnchanged() {
        Throwable failure = outcome.failureOf("thrownCleanException");
        assertThat(failure).isExactlyInstanceOf(IllegalStateException.class).hasMessage("plain failure");
    }

    @Test
    void afterRun_levelAndAppendersAreRestored() {
        LoggerContext context = context();
        assertThat(context.getLogger("dev.secrets4j").getLevel()).isEqualTo(levelBefore);
        assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("secrets4j-leak-check")).isNull();
    }

    @Test
    void staticField_checksEveryTestAndResetsCapturePerTest() {
        FixtureRunner.Outcome run = FixtureRunner.run(StaticFixture.class);
        assertThat(run.failures()).containsOnlyKeys("leaks");
        assertThat(run.succeeded()).isEqualTo(2);
    }

    private static LoggerContext context() {
        return (LoggerContext) LoggerFactory.getILoggerFactory();
    }

    /** Leaks the canary in many ways; run only through {@link FixtureRunner}. */
    @FixtureOnly
    static class Fixture {
        @RegisterExtension
        final LeakCheck leaks = LeakCheck.create();

        @BeforeEach
        void register() {
            leaks.canary(CANARY);
        }

        @Test
        void clean() {
            LOG.debug("read secret '{}' version {}", "db_password", 3);
            assertThat(leaks.capturedLines()).containsExactly("DEBUG dev.secrets4j.fixture - read secret 'db_password' version 3");
        }

        @Test
        void debugArgument() {
            LOG.debug("value is {}", CANARY);
        }

        @Test
        void traceLine() {
            LOG.trace("value " + CANARY);
        }

        @Test
        void causeMessage() {
            LOG.warn("refresh failed", new IllegalStateException("wrapper", new IOException("bad " + CANARY)));
        }

        @Test
        void suppressedMessage() {
            IllegalStateException e = new IllegalStateException("close failed");
            e.addSuppressed(new IOException("left " + CANARY));
            LOG.error("close failed", e);
        }

        @Test
        void hexEncoded() {
            LOG.info("digest {}", HexFormat.of().formatHex(CANARY.getBytes(StandardCharsets.UTF_8)));
        }

        @Test
        void base64Encoded() {
            // a one-byte prefix shifts the value off the 3-byte group boundary
            LOG.info("sent {}", Base64.getEncoder().encodeToString(("u" + CANARY).getBytes(StandardCharsets.UTF_8)));
        }

        @Test
        void mdcEntry() {
            MDC.put("user", CANARY);
            try {
                LOG.info("request");
            } finally {
                MDC.remove("user");
            }
        }

        @Test
        void otherThread() throws InterruptedException {
            Thread worker = new Thread(() -> LOG.error("worker saw " + CANARY), "fixture-worker");
            worker.start();
            worker.join();
        }

        @Test
        void otherLibraryInfo() {
            LoggerFactory.getLogger("com.example.Client").info("response body {}", CANARY);
        }

        @Test
        void thrownException() {
            throw new IllegalStateException("read failed for " + CANARY, new IOException("cause " + CANARY));
        }

        @Test
        void thrownAssertion() {
            throw new AssertionError("expected another value but was " + CANARY);
        }

        @Test
        void thrownCleanException() {
            throw new IllegalStateException("plain failure");
        }
    }

    /** Uses a static LeakCheck: each test is still checked, and capture starts afresh. */
    @FixtureOnly
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class StaticFixture {
        @RegisterExtension
        static final LeakCheck LEAKS = LeakCheck.create();

        @BeforeAll
        static void register() {
            LEAKS.canary(CANARY);
        }

        @Test
        @Order(1)
        void first() {
            LOG.info("first");
            assertThat(LEAKS.capturedLines()).containsExactly("INFO dev.secrets4j.fixture - first");
        }

        @Test
        @Order(2)
        void leaks() {
            LOG.info("leaking {}", CANARY);
        }

        @Test
        @Order(3)
        void third() {
            assertThat(LEAKS.events()).isEmpty();
        }
    }
}
