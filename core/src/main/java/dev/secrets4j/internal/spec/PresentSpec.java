package dev.secrets4j.internal.spec;

import dev.secrets4j.Secret;
import dev.secrets4j.SecretSpec;

import java.time.Instant;
import java.util.List;

/** {@code present}: the value is not empty. */
final class PresentSpec implements SecretSpec {

    static final PresentSpec INSTANCE = new PresentSpec();

    private PresentSpec() {
    }

    @Override
    public String describe() {
        return "present";
    }

    @Override
    public List<Violation> check(Secret secret, Instant now) {
        return secret.length() == 0 ? List.of(Violation.error("empty")) : List.of();
    }

    @Override
    public String toString() {
        return describe();
    }
}
