package dev.secrets4j.internal.spec;

import dev.secrets4j.Secret;
import dev.secrets4j.SecretSpec;

import java.time.Instant;
import java.util.List;

/** {@code not-blank}: the value has a character that is not whitespace. */
final class NotBlankSpec implements SecretSpec {

    static final NotBlankSpec INSTANCE = new NotBlankSpec();

    private NotBlankSpec() {
    }

    @Override
    public String describe() {
        return "not-blank";
    }

    @Override
    public List<Violation> check(Secret secret, Instant now) {
        return Values.checkText(secret, chars -> {
            if (chars.length == 0) {
                return List.of(Violation.error("empty"));
            }
            return Values.firstNonBlank(chars) == chars.length
                    ? List.of(Violation.error("blank: only whitespace"))
                    : List.of();
        });
    }

    @Override
    public String toString() {
        return describe();
    }
}
