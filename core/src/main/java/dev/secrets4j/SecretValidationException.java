package dev.secrets4j;

import java.util.List;

/**
 * Boot validation found one or more errors. The message lists every problem, one per line
 * ({@link ValidationReport#format()}); {@link #problems()} gives them to tools.
 */
public final class SecretValidationException extends SecretsException {

    private static final long serialVersionUID = 1L;

    private final transient ValidationReport report;

    /** An exception carrying the whole report. */
    public SecretValidationException(ValidationReport report) {
        super(report.format() + System.lineSeparator()
                + "fix or create the secrets listed above, or mark the ones you can run without as optional");
        this.report = report;
    }

    /** The full report, warnings included. */
    public ValidationReport report() {
        return report;
    }

    /** Every problem, errors and warnings. */
    public List<Problem> problems() {
        return report.problems();
    }
}
