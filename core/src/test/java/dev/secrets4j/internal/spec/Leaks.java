package dev.secrets4j.internal.spec;

import dev.secrets4j.SecretSpec;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Asserts that no violation message quotes a value or any stretch of it. */
final class Leaks {

    /** Shorter stretches occur by chance (a PEM header, a word of the message). */
    private static final int WINDOW = 12;

    private Leaks() {
    }

    /** No message holds the value, or any {@value #WINDOW}-character stretch of its lines. */
    static void assertNoLeak(List<SecretSpec.Violation> violations, String value) {
        for (SecretSpec.Violation v : violations) {
            if (!value.isBlank()) {
                assertThat(v.message()).doesNotContain(value.strip());
            }
            for (String line : value.split("\\R")) {
                if (line.startsWith("-----")) {
                    continue;
                }
                for (int i = 0; i + WINDOW <= line.length(); i++) {
                    assertThat(v.message()).as("violation message quoting the value")
                            .doesNotContain(line.substring(i, i + WINDOW));
                }
            }
        }
    }
}
