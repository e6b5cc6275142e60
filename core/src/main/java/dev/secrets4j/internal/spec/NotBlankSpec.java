package dev.secrets4j.internal.spec;

import dev.secrets4j.Secret;
import dev.secrets4j.SecretSpec;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

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
        Optional<char[]> text = Values.utf8Chars(secret);
        if (text.isEmpty()) {
            return List.of(Violation.error(Values.NOT_UTF8));
        }
        char[] chars = text.get();
        try {
            if (chars.length == 0) {
                return List.of(Violation.error("empty"));
            }
            return Values.firstNonBlank(chars) == chars.length
                    ? List.of(Violation.error("blank: only whitespace"))
                    : List.of();
        } finally {
            Arrays.fill(chars, '\0');
        }
    }

    @Override
    public String toString() {
        return describe();
    }
}
