package dev.secrets4j.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;
import org.slf4j.event.KeyValuePair;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A JUnit 5 extension that fails a test when a registered canary value shows up where a secret
 * must never be: in any log event (message, arguments, MDC, key-value pairs, the messages of its
 * throwable and of every cause and suppressed one), in an exception the test throws, or in a
 * {@code toString()} the test checks with {@link #assertNoLeak(Object...)}.
 *
 * <pre>{@code
 * @RegisterExtension
 * final LeakCheck leaks = LeakCheck.create();
 *
 * @Test
 * void get_whenFileMissing_throwsWithoutValue() {
 *     String value = leaks.canary("canary-7f3a-db-password");
 *     ...
 *     leaks.assertNoLeak(provider, secret, exception);
 * }
 * }</pre>
 *
 * <p>While a test runs, an appender on the logback root logger captures every event that reaches
 * it, from every thread, and the logger {@code dev.secrets4j} is raised to TRACE so that debug lines
 * are checked too (the shipped {@code logback-test.xml} keeps the console at INFO). A canary is
 * recognised as text and also hex-encoded, Base64-encoded and printed as a byte or char array.
 * Failure messages name the canary by number and length ({@code canary #2 (length 24)}), never by
 * value. Works as an instance field or a static field; canaries registered in a static field stay
 * registered for the whole class. Requires logback-classic as the SLF4J binding.
 *
 * <p>An {@link AssertionError} the test throws is the test's own failure: its message may quote a
 * value the test compared, so only its causes are checked, not its own message.
 */
public final class LeakCheck implements BeforeEachCallback, AfterEachCallback,
        TestExecutionExceptionHandler, LifecycleMethodExecutionExceptionHandler {

    private static final String WATCHED_LOGGER = "dev.secrets4j";
    private static final int MAX_REPORTED = 20;

    private final List<Canary> canaries = new CopyOnWriteArrayList<>();
    private final List<ILoggingEvent> events = Collections.synchronizedList(new ArrayList<>());
    private final List<Place> captured = Collections.synchronizedList(new ArrayList<>());
    private CaptureAppender appender;
    private Level savedLevel;

    private LeakCheck() {
    }

    /** A new leak check with no canaries; register it with {@code @RegisterExtension}. */
    public static LeakCheck create() {
        return new LeakCheck();
    }

    /**
     * Registers {@code value} as a canary and returns it, for use as a secret value in the test.
     *
     * @throws IllegalArgumentException when it is shorter than 8 characters (a short canary could
     *                                  appear in a message by chance)
     */
    public String canary(String value) {
        Objects.requireNonNull(value, "value");
        checkLength(value.length());
        canaries.add(Canary.ofText(canaries.size() + 1, value));
        return value;
    }

    /**
     * Registers the bytes {@code value} as a canary and returns them (the same array).
     *
     * @throws IllegalArgumentException when it is shorter than 8 bytes
     */
    public byte[] canary(byte[] value) {
        Objects.requireNonNull(value, "value");
        checkLength(value.length);
        canaries.add(Canary.ofBytes(canaries.size() + 1, value.clone()));
        return value;
    }

    /**
     * Fails when a canary appears in the {@code toString()} of any object given or, for a
     * {@link Throwable}, in the message of it or of any cause or suppressed throwable.
     */
    public void assertNoLeak(Object... objects) {
        List<Place> places = new ArrayList<>();
        for (int i = 0; i < objects.length; i++) {
            Object o = objects[i];
            String where = "object #" + (i + 1) + " (" + (o == null ? "null" : o.getClass().getName()) + ")";
            addObject(places, where, o);
        }
        failOnLeaks(places, null);
    }

    /** Fails when a canary appears in {@code text}. */
    public void assertNoLeak(String text) {
        failOnLeaks(List.of(new Place("the text checked", text)), null);
    }

    /**
     * Every event captured so far in this test, one line each: {@code LEVEL logger - message}, such
     * as {@code WARN dev.secrets4j.internal.Refresher - refresh of 'db_password' failed}.
     */
    public List<String> capturedLines() {
        synchronized (events) {
            return events.stream()
                    .map(e -> e.getLevel() + " " + e.getLoggerName() + " - " + e.getFormattedMessage())
                    .toList();
        }
    }

    /** Every logback event captured so far in this test, in the order they were logged. */
    public List<ILoggingEvent> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    /** Starts capturing: attaches the appender and raises {@code dev.secrets4j} to TRACE. */
    @Override
    public void beforeEach(ExtensionContext context) {
        events.clear();
        captured.clear();
        LoggerContext logback = logbackContext();
        appender = new CaptureAppender(this);
        appender.setContext(logback);
        appender.setName("secrets4j-leak-check");
        appender.start();
        Logger watched = logback.getLogger(WATCHED_LOGGER);
        savedLevel = watched.getLevel();
        watched.setLevel(Level.TRACE);
        logback.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).addAppender(appender);
    }

    /** Stops capturing, restores the level, and fails the test if a canary was logged. */
    @Override
    public void afterEach(ExtensionContext context) {
        LoggerContext logback = logbackContext();
        if (appender != null) {
            logback.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).detachAppender(appender);
            appender.stop();
            appender = null;
        }
        logback.getLogger(WATCHED_LOGGER).setLevel(savedLevel);
        List<Place> places;
        synchronized (captured) {
            places = List.copyOf(captured);
        }
        failOnLeaks(places, null);
    }

    /** Checks an exception the test threw for canaries, then rethrows it. */
    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        checkThrown(throwable, "the exception the test threw");
    }

    /** Checks an exception a {@code @BeforeEach} method threw, then rethrows it. */
    @Override
    public void handleBeforeEachMethodExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        checkThrown(throwable, "the exception a @BeforeEach method threw");
    }

    /** Checks an exception an {@code @AfterEach} method threw, then rethrows it. */
    @Override
    public void handleAfterEachMethodExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        checkThrown(throwable, "the exception an @AfterEach method threw");
    }

    private void checkThrown(Throwable throwable, String where) throws Throwable {
        List<Place> places = new ArrayList<>();
        if (throwable instanceof AssertionError) {
            addCauses(places, where, throwable, Collections.newSetFromMap(new IdentityHashMap<>()));
        } else {
            addThrowable(places, where, throwable, Collections.newSetFromMap(new IdentityHashMap<>()));
        }
        failOnLeaks(places, throwable);
        throw throwable;
    }

    private void capture(ILoggingEvent event) {
        event.prepareForDeferredProcessing();
        events.add(event);
        String where = event.getLevel() + " event of logger " + event.getLoggerName()
                + " (thread " + event.getThreadName() + callerOf(event) + ")";
        List<Place> places = new ArrayList<>();
        places.add(new Place("the message of " + where, event.getFormattedMessage()));
        if (!Objects.equals(event.getMessage(), event.getFormattedMessage())) {
            places.add(new Place("the message pattern of " + where, event.getMessage()));
        }
        Object[] args = event.getArgumentArray();
        if (args != null) {
            for (int i = 0; i < args.length; i++) {
                addObject(places, "argument #" + (i + 1) + " of " + where, args[i]);
            }
        }
        Map<String, String> mdc = event.getMDCPropertyMap();
        if (mdc != null) {
            mdc.forEach((k, v) -> places.add(new Place("MDC entry '" + k + "' of " + where, k + "=" + v)));
        }
        List<KeyValuePair> pairs = event.getKeyValuePairs();
        if (pairs != null) {
            for (KeyValuePair pair : pairs) {
                addObject(places, "key-value pair '" + pair.key + "' of " + where, pair.value);
            }
        }
        addProxy(places, "the throwable of " + where, event.getThrowableProxy(),
                Collections.newSetFromMap(new IdentityHashMap<>()));
        captured.addAll(places);
    }

    private static String callerOf(ILoggingEvent event) {
        StackTraceElement[] caller = event.getCallerData();
        return caller == null || caller.length == 0 ? "" : ", logged at " + caller[0];
    }

    private void addObject(List<Place> places, String where, Object o) {
        if (o instanceof Throwable t) {
            addThrowable(places, where, t, Collections.newSetFromMap(new IdentityHashMap<>()));
        } else if (o instanceof byte[] bytes) {
            places.add(new Place(where, Arrays.toString(bytes)));
            places.add(new Place(where, new String(bytes, StandardCharsets.UTF_8)));
        } else if (o instanceof char[] chars) {
            places.add(new Place(where, Arrays.toString(chars)));
            places.add(new Place(where, String.valueOf(chars)));
        } else if (o instanceof Object[] array) {
            places.add(new Place(where, Arrays.deepToString(array)));
        } else {
            places.add(new Place(where, safeToString(o)));
        }
    }

    private static String safeToString(Object o) {
        try {
            return String.valueOf(o);
        } catch (RuntimeException e) {
            return "";
        }
    }

    private void addThrowable(List<Place> places, String where, Throwable t, Set<Throwable> seen) {
        if (t == null || !seen.add(t)) {
            return;
        }
        String name = t.getClass().getName();
        places.add(new Place("the message of " + where + " (" + name + ")", t.getMessage()));
        places.add(new Place("the toString() of " + where + " (" + name + ")", safeToString(t)));
        addCauses(places, where, t, seen);
    }

    private void addCauses(List<Place> places, String where, Throwable t, Set<Throwable> seen) {
        seen.add(t);
        addThrowable(places, "the cause of " + where, t.getCause(), seen);
        for (Throwable s : t.getSuppressed()) {
            addThrowable(places, "a suppressed exception of " + where, s, seen);
        }
    }

    private void addProxy(List<Place> places, String where, IThrowableProxy p, Set<IThrowableProxy> seen) {
        if (p == null || !seen.add(p)) {
            return;
        }
        places.add(new Place(where + " (" + p.getClassName() + ")", p.getMessage()));
        addProxy(places, "the cause of " + where, p.getCause(), seen);
        IThrowableProxy[] suppressed = p.getSuppressed();
        if (suppressed != null) {
            for (IThrowableProxy s : suppressed) {
                addProxy(places, "a suppressed exception of " + where, s, seen);
            }
        }
    }

    private void failOnLeaks(List<Place> places, Throwable original) {
        List<String> findings = new ArrayList<>();
        for (Place place : places) {
            for (Canary canary : canaries) {
                canary.foundIn(place.text()).ifPresent(how ->
                        findings.add(canary.label() + " appeared " + how + " in " + place.where()));
            }
        }
        if (findings.isEmpty()) {
            return;
        }
        List<String> distinct = findings.stream().distinct().toList();
        StringBuilder message = new StringBuilder("secret leak: ").append(distinct.size())
                .append(distinct.size() == 1 ? " place shows" : " places show").append(" a canary value");
        distinct.stream().limit(MAX_REPORTED).forEach(f -> message.append("\n  ").append(f));
        if (distinct.size() > MAX_REPORTED) {
            message.append("\n  ... and ").append(distinct.size() - MAX_REPORTED).append(" more");
        }
        message.append("\nNo value may appear in a log line, exception message or toString(); log names and versions instead.");
        AssertionError error = new AssertionError(message.toString());
        if (original != null) {
            error.initCause(redacted(original, Collections.newSetFromMap(new IdentityHashMap<>())));
        }
        throw error;
    }

    /** A copy of {@code t} for the report, with every canary replaced by its number. */
    private Throwable redacted(Throwable t, Set<Throwable> seen) {
        seen.add(t);
        String message = t.getMessage();
        for (Canary canary : canaries) {
            message = canary.redact(message);
        }
        RedactedException copy = new RedactedException(t.getClass().getName() + (message == null ? "" : ": " + message));
        copy.setStackTrace(t.getStackTrace());
        if (t.getCause() != null && !seen.contains(t.getCause())) {
            copy.initCause(redacted(t.getCause(), seen));
        }
        for (Throwable s : t.getSuppressed()) {
            if (!seen.contains(s)) {
                copy.addSuppressed(redacted(s, seen));
            }
        }
        return copy;
    }

    private static void checkLength(int length) {
        if (length < Canary.MIN_LENGTH) {
            throw new IllegalArgumentException("a canary must be at least " + Canary.MIN_LENGTH
                    + " long so it cannot appear in a message by chance, got length " + length
                    + "; use a value such as \"canary-7f3a-db-password\"");
        }
    }

    private static LoggerContext logbackContext() {
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (factory instanceof LoggerContext context) {
            return context;
        }
        throw new IllegalStateException("LeakCheck needs logback-classic as the SLF4J binding, found "
                + factory.getClass().getName() + "; add ch.qos.logback:logback-classic to the test class path and remove other bindings");
    }

    /** Where a text was seen, and the text. */
    private record Place(String where, String text) {
    }

    /** An exception the test threw, with canaries blanked out, kept as the cause of a leak report. */
    private static final class RedactedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RedactedException(String message) {
            super(message);
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }

    /** Hands every event it receives to the leak check. */
    private static final class CaptureAppender extends AppenderBase<ILoggingEvent> {
        private final LeakCheck owner;

        CaptureAppender(LeakCheck owner) {
            this.owner = owner;
        }

        @Override
        protected void append(ILoggingEvent event) {
            owner.capture(event);
        }
    }
}
