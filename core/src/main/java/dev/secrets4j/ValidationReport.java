package dev.secrets4j;

import java.util.List;

/**
 * The outcome of resolving and checking every declared secret: all problems, errors and
 * warnings alike, in declaration order. {@link #format()} gives the aligned, value-free text that
 * boot failures print.
 */
public final class ValidationReport {

    private final List<Problem> problems;
    private final int checked;

    private ValidationReport(List<Problem> problems, int checked) {
        this.problems = List.copyOf(problems);
        this.checked = checked;
    }

    /** A report of {@code checked} secrets with these problems. */
    public static ValidationReport of(List<Problem> problems, int checked) {
        return new ValidationReport(problems, checked);
    }

    /** Every problem, errors and warnings. */
    public List<Problem> problems() {
        return problems;
    }

    /** The problems that stop a boot. */
    public List<Problem> errors() {
        return problems.stream().filter(Problem::isError).toList();
    }

    /** The problems that are only reported. */
    public List<Problem> warnings() {
        return problems.stream().filter(p -> !p.isError()).toList();
    }

    /** Whether any problem is an error. */
    public boolean hasErrors() {
        return problems.stream().anyMatch(Problem::isError);
    }

    /** How many secrets were checked. */
    public int checkedCount() {
        return checked;
    }

    /**
     * The report as aligned lines, one per problem:
     * <pre>
     * secrets4j: 2 problems with required secrets
     *   db_password  missing                           looked in docker:/run/secrets, env
     *   jwt_key      RSA key has 1024 bits, need 2048  docker:/run/secrets/jwt_key
     * </pre>
     */
    public String format() {
        if (problems.isEmpty()) {
            return "secrets4j: " + checked + " secret" + (checked == 1 ? "" : "s") + " checked, no problems";
        }
        int errors = errors().size();
        int warnings = problems.size() - errors;
        StringBuilder out = new StringBuilder("secrets4j: ");
        if (errors > 0) {
            out.append(errors).append(errors == 1 ? " problem" : " problems");
        }
        if (warnings > 0) {
            out.append(errors > 0 ? " and " : "").append(warnings).append(warnings == 1 ? " warning" : " warnings");
        }
        out.append(" in ").append(checked).append(checked == 1 ? " secret" : " secrets");
        int nameWidth = problems.stream().mapToInt(p -> p.secretName().length()).max().orElse(0);
        int messageWidth = problems.stream().mapToInt(p -> label(p).length()).max().orElse(0);
        for (Problem p : problems) {
            out.append(System.lineSeparator())
                    .append("  ").append(pad(p.secretName(), nameWidth))
                    .append("  ").append(pad(label(p), messageWidth))
                    .append("  ").append(p.location());
        }
        return out.toString();
    }

    private static String label(Problem p) {
        return p.isError() ? p.message() : "warning: " + p.message();
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }

    /** Same as {@link #format()}. */
    @Override
    public String toString() {
        return format();
    }
}
