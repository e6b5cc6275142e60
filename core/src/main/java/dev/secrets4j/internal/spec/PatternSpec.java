package dev.secrets4j.internal.spec;

import dev.secrets4j.Secret;
import dev.secrets4j.SecretSpec;

import java.nio.CharBuffer;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

/** {@code pattern REGEX}: the whole value matches the regular expression. */
final class PatternSpec implements SecretSpec {

    private final Pattern pattern;

    PatternSpec(Pattern pattern) {
        this.pattern = pattern;
    }

    @Override
    public String describe() {
        return "pattern " + pattern.pattern();
    }

    @Override
    public List<Violation> check(Secret secret, Instant now) {
        return Values.checkText(secret, chars -> {
            try {
                return pattern.matcher(CharBuffer.wrap(chars)).matches()
                        ? List.of()
                        : List.of(Violation.error("does not match pattern " + pattern.pattern()));
            } catch (StackOverflowError e) {
                // Deeply recursive patterns (nested alternations) can overflow on long values.
                return List.of(Violation.error("cannot be checked against pattern " + pattern.pattern()
                        + ": the pattern recurses too deeply for a value this long; simplify the pattern"));
            }
        });
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PatternSpec other && pattern.pattern().equals(other.pattern.pattern())
                && pattern.flags() == other.pattern.flags();
    }

    @Override
    public int hashCode() {
        return pattern.pattern().hashCode();
    }

    @Override
    public String toString() {
        return describe();
    }
}
