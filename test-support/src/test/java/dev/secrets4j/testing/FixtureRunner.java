package dev.secrets4j.testing;

import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

/**
 * Runs a fixture test class (a static nested class, which Surefire does not run by itself) on the
 * JUnit Platform and reports how each of its tests ended, so a test can check that LeakCheck or
 * the contract fails when it must.
 */
final class FixtureRunner {

    private FixtureRunner() {
    }

    /** The outcome of one fixture class: failures by test method name, and counts. */
    record Outcome(Map<String, Throwable> failures, long succeeded, long skipped) {

        /** The failure of the test method {@code name}, which must have failed. */
        Throwable failureOf(String name) {
            Throwable t = failures.get(name);
            if (t == null) {
                throw new AssertionError("fixture test " + name + " did not fail; failures: " + failures.keySet());
            }
            return t;
        }
    }

    static Outcome run(Class<?> fixture) {
        LauncherDiscoveryRequest request = request().selectors(selectClass(fixture))
                .configurationParameter(FixtureOnly.PARAMETER, "true")
                .build();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        Launcher launcher = LauncherFactory.create();
        launcher.execute(request, listener);
        TestExecutionSummary summary = listener.getSummary();
        Map<String, Throwable> failures = new LinkedHashMap<>();
        for (TestExecutionSummary.Failure f : summary.getFailures()) {
            String name = f.getTestIdentifier().getDisplayName().replaceAll("\\(.*\\)$", "");
            failures.put(name, f.getException());
        }
        return new Outcome(failures, summary.getTestsSucceededCount(), summary.getTestsSkippedCount() + summary.getTestsAbortedCount());
    }
}
