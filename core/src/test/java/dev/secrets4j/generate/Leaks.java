package dev.secrets4j.generate;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** Asserts that a text holds no generated value, nor any stretch of one long enough not to occur by chance. */
final class Leaks {

    /** Shorter stretches occur by chance (a PEM header, a word of a message, "AAAA"). */
    private static final int WINDOW = 12;

    private Leaks() {
    }

    /** Neither the value nor any {@value #WINDOW}-character stretch of its lines is in {@code text}. */
    static void assertNoLeak(String text, byte[] value) {
        String v = new String(value, StandardCharsets.UTF_8);
        assertThat(text).as("text quoting a generated value").doesNotContain(v.strip());
        for (String line : v.split("\\R")) {
            if (line.startsWith("-----")) {
                continue;
            }
            for (int i = 0; i + WINDOW <= line.length(); i++) {
                assertThat(text).as("text quoting a stretch of a generated value").doesNotContain(line.substring(i, i + WINDOW));
            }
        }
    }
}
