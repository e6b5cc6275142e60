package dev.secrets4j.hmac;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Signatures are compared in constant time: the one comparison of signature bytes is
 * {@code MessageDigest.isEqual}, and no source of the package compares bytes or encoded signatures
 * in a way that stops at the first difference.
 */
class ConstantTimeCompareTest {

    private static final Path SOURCES = Path.of("src/main/java/dev/secrets4j/hmac");

    private static Map<Path, String> sources() throws IOException {
        try (Stream<Path> files = Files.walk(SOURCES)) {
            return files.filter(p -> p.toString().endsWith(".java")).collect(Collectors.toMap(p -> p, p -> {
                try {
                    return Files.readString(p);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
    }

    @Test
    void signatures_areComparedWithMessageDigestIsEqual_only() throws IOException {
        Map<Path, String> sources = sources();
        assertThat(sources).hasSizeGreaterThan(5);

        assertThat(sources.get(SOURCES.resolve("WebhookScheme.java"))).contains("MessageDigest.isEqual(expected, received)");
        for (Map.Entry<Path, String> e : sources.entrySet()) {
            assertThat(e.getValue()).as(e.getKey() + " compares bytes early-exit")
                    .doesNotContain("Arrays.equals(", "Arrays.mismatch(", "Arrays.compare(", "contentEquals(",
                            "equalsIgnoreCase(expected", "equals(expected", "ByteBuffer.wrap(expected");
        }
    }

    @Test
    void matching_comparesEveryReceivedSignature_withoutStoppingAtTheFirstMatch() throws IOException {
        String scheme = sources().get(SOURCES.resolve("WebhookScheme.java"));
        List<String> loop = scheme.lines().dropWhile(l -> !l.contains("boolean matches(")).limit(8).toList();

        assertThat(loop).anyMatch(l -> l.contains("match |= MessageDigest.isEqual"));
        assertThat(loop).noneMatch(l -> l.contains("return true"));
    }
}
