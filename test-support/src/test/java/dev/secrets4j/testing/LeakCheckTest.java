package dev.secrets4j.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.spi.FilterReply;
import dev.secrets4j.Secret;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The explicit checks and the capture of LeakCheck, used as a test class uses them. */
class LeakCheckTest {

    private static final Logger LOG = LoggerFactory.getLogger("dev.secrets4j.leakchecktest");

    @RegisterExtension
    final LeakCheck leaks = LeakCheck.create();

    @Test
    void canary_returnsTheValueGiven() {
        assertThat(leaks.canary("canary-7f3a-returned")).isEqualTo("canary-7f3a-returned");
        byte[] bytes = {1, 2, 3, 4, 5, 6, 7, 8};
        assertThat(leaks.canary(bytes)).isSameAs(bytes);
    }

    @Test
    void canary_whenShorterThanEight_throwsSayingWhy() {
        assertThatIllegalArgumentException().isThrownBy(() -> leaks.canary("short"))
                .withMessageContaining("at least 8")
                .withMessageContaining("got length 5")
                .withMessageNotContaining("short");
        assertThatIllegalArgumentException().isThrownBy(() -> leaks.canary(new byte[3]));
    }

    @Test
    void assertNoLeak_whenToStringShowsCanary_failsNamingObjectButNotValue() {
        String value = leaks.canary("canary-7f3a-tostring");
        Object leaky = new Object() {
            @Override
            public String toString() {
                return "Leaky[" + value + "]";
            }
        };
        AssertionError e = catchThrowableOfType(AssertionError.class, () -> leaks.assertNoLeak("fine", leaky));
        assertThat(e.getMessage()).contains("canary #1 (length 20)").contains("object #2").doesNotContain(value);
    }

    @Test
    void assertNoLeak_whenCauseOrSuppressedShowsCanary_fails() {
        String value = leaks.canary("canary-7f3a-cause");
        RuntimeException withCause = new RuntimeException("outer", new IllegalStateException("inner " + value));
        RuntimeException withSuppressed = new RuntimeException("outer");
        withSuppressed.addSuppressed(new IllegalStateException("suppressed " + value));

        AssertionError cause = catchThrowableOfType(AssertionError.class, () -> leaks.assertNoLeak(withCause));
        AssertionError suppressed = catchThrowableOfType(AssertionError.class, () -> leaks.assertNoLeak(withSuppressed));

        assertThat(cause.getMessage()).contains("the cause of object #1").doesNotContain(value);
        assertThat(suppressed.getMessage()).contains("a suppressed exception of object #1").doesNotContain(value);
    }

    @Test
    void assertNoLeak_whenValuesAreOnlyInsideSecrets_passes() {
        Secret secret = Secret.builder("db_password", leaks.canary("canary-7f3a-db-password")).version("3").build();
        assertThatCode(() -> leaks.assertNoLeak(secret, new IllegalStateException("secret 'db_password' expired"), null))
                .doesNotThrowAnyException();
    }

    @Test
    void assertNoLeak_text_findsByteCanaryBase64EncodedAtAnyOffset() {
        byte[] key = leaks.canary("canary-7f3a-hmac-key".getBytes(StandardCharsets.UTF_8));
        for (String prefix : new String[] {"", "a", "ab"}) {
            byte[] shifted = (prefix + new String(key, StandardCharsets.UTF_8) + "!").getBytes(StandardCharsets.UTF_8);
            String text = "header " + Base64.getEncoder().encodeToString(shifted);
            AssertionError e = catchThrowableOfType(AssertionError.class, () -> leaks.assertNoLeak(text));
            assertThat(e).as("prefix '%s'", prefix).isNotNull();
            assertThat(e.getMessage()).contains("base64-encoded");
        }
        assertThatCode(() -> leaks.assertNoLeak("header Y2FuYXJ5")).doesNotThrowAnyException();
    }

    @Test
    void assertNoLeak_findsValuePrintedAsArray() {
        String value = leaks.canary("canary-7f3a-array");
        assertThat(catchThrowableOfType(AssertionError.class, () -> leaks.assertNoLeak((Object) value.getBytes(StandardCharsets.UTF_8))))
                .hasMessageContaining("as text");
        assertThat(catchThrowableOfType(AssertionError.class, () -> leaks.assertNoLeak(java.util.Arrays.toString(value.toCharArray()))))
                .hasMessageContaining("as a char array");
    }

    @Test
    void capturedLines_holdOneLinePerEventWithLevelAndLogger() {
        LOG.warn("refresh of '{}' failed", "db_password");
        LOG.debug("read '{}' v{}", "db_password", 3);
        LoggerFactory.getLogger("com.example.Quiet").debug("not enabled, not captured");

        assertThat(leaks.capturedLines()).containsExactly(
                "WARN dev.secrets4j.leakchecktest - refresh of 'db_password' failed",
                "DEBUG dev.secrets4j.leakchecktest - read 'db_password' v3");
        assertThat(leaks.capturedLines()).filteredOn(l -> l.startsWith("WARN ")).hasSize(1);
        assertThat(leaks.events()).extracting(ILoggingEvent::getLevel).containsExactly(Level.WARN, Level.DEBUG);
    }

    @Test
    void events_duringTest_includeTraceOfSecrets4jAndOtherThreads() throws Exception {
        assertThat(LOG.isTraceEnabled()).isTrue();
        CompletableFuture.runAsync(() -> LOG.trace("from a pool thread")).get();
        assertThat(leaks.events()).singleElement()
                .satisfies(e -> assertThat(e.getThreadName()).isNotEqualTo(Thread.currentThread().getName()));
    }

    @Test
    void shippedLogbackTestXml_keepsConsoleAtInfo() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Appender<ILoggingEvent> console = context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("CONSOLE");
        assertThat(console).isNotNull();
        ch.qos.logback.classic.Logger logger = context.getLogger("dev.secrets4j.leakchecktest");
        LoggingEvent debug = new LoggingEvent("x", logger, Level.DEBUG, "debug line", null, null);
        LoggingEvent info = new LoggingEvent("x", logger, Level.INFO, "info line", null, null);
        assertThat(console.getFilterChainDecision(debug)).isEqualTo(FilterReply.DENY);
        assertThat(console.getFilterChainDecision(info)).isNotEqualTo(FilterReply.DENY);
    }
}
