package dev.secrets4j.internal;

import dev.secrets4j.AuditEvent;
import dev.secrets4j.AuditSink;
import dev.secrets4j.Problem;
import dev.secrets4j.Secret;
import dev.secrets4j.SecretSpec;
import dev.secrets4j.ValidationReport;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns resolution outcomes into a {@link ValidationReport}: missing required secrets, failed
 * backend calls, spec violations and provider findings (file permissions), each with where it
 * looked; records audit events on the way.
 */
final class BootValidation {

    private BootValidation() {
    }

    static ValidationReport check(List<Declaration> declarations, Map<String, Outcome> outcomes, Instant now, AuditSink audit) {
        List<Problem> problems = new ArrayList<>();
        for (Declaration d : declarations) {
            Outcome o = outcomes.get(d.name());
            int before = problems.size();
            if (o instanceof Outcome.Found f) {
                audit.record(event(now, d.name(), Optional.of(f.secret().version()), f.provider().id(),
                        AuditEvent.Action.FETCH, AuditEvent.Outcome.SUCCESS, Optional.empty()));
                checkValue(d, f, now, problems);
            } else if (o instanceof Outcome.Absent a) {
                if (d.required()) {
                    problems.add(Problem.error(d.name(), "missing", "looked in " + a.lookedIn()));
                }
            } else if (o instanceof Outcome.Failed f) {
                audit.record(event(now, d.name(), Optional.empty(), f.providerId(), AuditEvent.Action.FETCH_FAILED,
                        AuditEvent.Outcome.FAILURE, Optional.of(f.error().getClass().getSimpleName())));
                String where = f.providerId().equals("-") ? d.lookupRef().toString() : f.providerId() + ":" + d.lookupRef().path();
                problems.add(d.required()
                        ? Problem.error(d.name(), f.error().getMessage(), where)
                        : Problem.warning(d.name(), f.error().getMessage(), where));
            }
            for (Problem p : problems.subList(before, problems.size())) {
                if (p.isError()) {
                    audit.record(event(now, d.name(), Optional.empty(), providerOf(o), AuditEvent.Action.VALIDATION_FAILED,
                            AuditEvent.Outcome.FAILURE, Optional.of(p.message())));
                }
            }
        }
        return ValidationReport.of(problems, declarations.size());
    }

    private static void checkValue(Declaration d, Outcome.Found f, Instant now, List<Problem> problems) {
        Secret s = f.secret();
        String where = location(f);
        for (SecretSpec spec : d.specs()) {
            List<SecretSpec.Violation> violations;
            try {
                violations = spec.check(s, now);
            } catch (RuntimeException e) {
                // A custom spec's exception may quote the value: report only its type.
                violations = List.of(SecretSpec.Violation.error("check '" + spec.describe() + "' failed with "
                        + e.getClass().getName()));
            }
            violations.forEach(v -> problems.add(new Problem(d.name(), v.severity(), v.message(), where)));
        }
        try {
            f.provider().inspect(s).forEach(v -> problems.add(new Problem(d.name(), v.severity(), v.message(), where)));
        } catch (RuntimeException e) {
            problems.add(Problem.warning(d.name(), "provider check failed with " + e.getClass().getName(), where));
        }
    }

    /** Where a found secret came from: the provider id and its file, variable or path. */
    static String location(Outcome.Found f) {
        Secret s = f.secret();
        String detail = s.metadata("path").or(() -> s.metadata("file")).or(() -> s.metadata("variable"))
                .orElse(f.ref().path());
        return f.provider().id() + ":" + detail + f.ref().field().map(x -> "#" + x).orElse("");
    }

    private static String providerOf(Outcome o) {
        if (o instanceof Outcome.Found f) {
            return f.provider().id();
        }
        if (o instanceof Outcome.Failed f) {
            return f.providerId();
        }
        return "-";
    }

    private static AuditEvent event(Instant now, String name, Optional<String> version, String provider,
                                    AuditEvent.Action action, AuditEvent.Outcome outcome, Optional<String> detail) {
        return new AuditEvent(now, name, version, provider, action, outcome, Optional.empty(), detail);
    }
}
