package dev.secrets4j.testing;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a fixture class that fails on purpose: it runs only inside {@link FixtureRunner}, which
 * sets the configuration parameter {@value #PARAMETER}; Surefire, which also finds static nested
 * classes, skips it.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(FixtureOnly.Condition.class)
@interface FixtureOnly {

    /** The configuration parameter FixtureRunner sets. */
    String PARAMETER = "secrets4j.fixture";

    /** Enables the class only when the parameter is set. */
    final class Condition implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return context.getConfigurationParameter(PARAMETER).filter("true"::equals).isPresent()
                    ? ConditionEvaluationResult.enabled("run by FixtureRunner")
                    : ConditionEvaluationResult.disabled("a fixture that fails on purpose; run only by FixtureRunner");
        }
    }
}
