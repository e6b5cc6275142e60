package dev.secrets4j.spring.boot.autoconfigure.core.diagnostics;

import dev.secrets4j.SecretValidationException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a {@link SecretValidationException} at boot, from {@code spring.config.import=secrets4j:}
 * or from the {@code Secrets} bean, into Spring Boot's "APPLICATION FAILED TO START" report: the
 * description is the problem table (name, problem, where it looked), the action says what to do.
 * Registered in {@code META-INF/spring.factories}.
 */
public final class SecretValidationFailureAnalyzer extends AbstractFailureAnalyzer<SecretValidationException> {

    /** Created by Spring Boot. */
    public SecretValidationFailureAnalyzer() {
    }

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, SecretValidationException cause) {
        String action = "Create or fix each secret listed above where the application looks for it (last column), "
                + "or declare the ones it can run without as optional (secrets4j.optional, or required: false in the catalog).";
        return new FailureAnalysis(cause.report().format(), action, cause);
    }
}
