package dev.secrets4j.internal.spec;

import dev.secrets4j.Secret;
import dev.secrets4j.SecretSpec;

import java.time.Instant;
import java.util.List;

/**
 * {@code min-length N}: the value has at least N characters. Characters are Unicode code points
 * of the UTF-8 decoded value, so an emoji counts once.
 */
record MinLengthSpec(int minChars) implements SecretSpec {

    @Override
    public String describe() {
        return "min-length " + minChars;
    }

    @Override
    public List<Violation> check(Secret secret, Instant now) {
        return Values.checkText(secret, chars -> {
            int length = Character.codePointCount(chars, 0, chars.length);
            return length < minChars
                    ? List.of(Violation.error("too short: " + Values.plural(length, "character")
                            + ", need at least " + minChars))
                    : List.of();
        });
    }

    @Override
    public String toString() {
        return describe();
    }
}
