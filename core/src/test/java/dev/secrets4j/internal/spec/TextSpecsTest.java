package dev.secrets4j.internal.spec;

import dev.secrets4j.Problem;
import dev.secrets4j.Secret;
import dev.secrets4j.SecretSpec;
import dev.secrets4j.SecretSpec.Violation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import static dev.secrets4j.internal.spec.Leaks.assertNoLeak;
import static org.assertj.core.api.Assertions.assertThat;

class TextSpecsTest {

    private static final Instant NOW = Instant.parse("2026-03-01T00:00:00Z");
    private static final String CANARY = "canary-7f3a-db-password";
    private static final byte[] NOT_UTF8 = {'c', 'a', (byte) 0xC3, 0x28, 'n'};

    private static List<Violation> check(SecretSpec spec, String value) {
        List<Violation> violations = spec.check(Secret.of("DB_PASSWORD", value), NOW);
        assertNoLeak(violations, value);
        return violations;
    }

    private static List<Violation> check(SecretSpec spec, byte[] value) {
        return spec.check(Secret.builder("DB_PASSWORD", value).build(), NOW);
    }

    private static List<String> messages(List<Violation> violations) {
        return violations.stream().map(Violation::message).toList();
    }

    @Test
    void present_whenEmpty_reportsEmpty() {
        assertThat(messages(check(Specs.present(), ""))).containsExactly("empty");
        assertThat(check(Specs.present(), CANARY)).isEmpty();
        assertThat(check(Specs.present(), " ")).isEmpty();
    }

    @Test
    void notBlank_whenOnlyWhitespace_reportsBlank() {
        assertThat(messages(check(Specs.notBlank(), " \t\n\u00a0"))).containsExactly("blank: only whitespace");
        assertThat(messages(check(Specs.notBlank(), ""))).containsExactly("empty");
        assertThat(check(Specs.notBlank(), "  " + CANARY + " ")).isEmpty();
    }

    @Test
    void minLength_whenShort_reportsCountAndNeedWithoutValue() {
        List<Violation> violations = check(Specs.minLength(32), CANARY);

        assertThat(violations).containsExactly(Violation.error("too short: 23 characters, need at least 32"));
        assertThat(violations.get(0).severity()).isEqualTo(Problem.Severity.ERROR);
    }

    @Test
    void minLength_whenExactlyLongEnough_passes() {
        assertThat(check(Specs.minLength(CANARY.length()), CANARY)).isEmpty();
        assertThat(messages(check(Specs.minLength(2), "x"))).containsExactly("too short: 1 character, need at least 2");
    }

    @Test
    void minLength_countsCodePointsNotBytes() {
        String fourEmoji = "\uD83D\uDD11\uD83D\uDD11\uD83D\uDD11\uD83D\uDD11";

        assertThat(check(Specs.minLength(4), fourEmoji)).isEmpty();
        assertThat(messages(check(Specs.minLength(5), fourEmoji)))
                .containsExactly("too short: 4 characters, need at least 5");
    }

    @Test
    void pattern_whenNoFullMatch_namesThePatternNotTheValue() {
        assertThat(messages(check(Specs.pattern("^[a-z]+$"), CANARY)))
                .containsExactly("does not match pattern ^[a-z]+$");
        assertThat(messages(check(Specs.pattern("canary"), CANARY)))
                .as("the whole value must match, not a part").containsExactly("does not match pattern canary");
        assertThat(check(Specs.pattern("canary-[0-9a-f]{4}-.*"), CANARY)).isEmpty();
    }

    @Test
    void pattern_whenRegexRecursesTooDeep_reportsViolationInsteadOfThrowing() {
        String longValue = "ab".repeat(100_000);

        assertThat(messages(check(Specs.pattern("(a|b)*"), longValue))).singleElement().asString()
                .startsWith("cannot be checked against pattern (a|b)*");
    }

    @Test
    void base64_whenStandardOrUrlSafeOrUnpaddedOrWrapped_passes() {
        byte[] key = new byte[48];
        byte[] plusesThenSlashes = {(byte) 0xFB, (byte) 0xEF, (byte) 0xBE, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF};
        for (int i = 0; i < key.length; i++) {
            key[i] = plusesThenSlashes[i % plusesThenSlashes.length];
        }
        String standard = Base64.getEncoder().encodeToString(key);
        String urlSafe = Base64.getUrlEncoder().withoutPadding().encodeToString(key);
        String wrapped = Base64.getMimeEncoder(16, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key) + "\n";

        assertThat(standard).contains("+").contains("/");
        assertThat(urlSafe).contains("-").contains("_");
        assertThat(check(Specs.base64(48), standard)).isEmpty();
        assertThat(check(Specs.base64(48), urlSafe)).isEmpty();
        assertThat(check(Specs.base64(48), wrapped)).isEmpty();
    }

    @Test
    void base64_whenTooFewBytes_reportsDecodedSize() {
        String sixteen = Base64.getEncoder().encodeToString(CANARY.substring(0, 16).getBytes(StandardCharsets.UTF_8));

        assertThat(messages(check(Specs.base64(32), sixteen)))
                .containsExactly("base64 decodes to 16 bytes, need at least 32");
    }

    @ParameterizedTest
    @ValueSource(strings = {CANARY + "!", "abc$defg", "ab+cd-ef", "abcde", "ab cd", "QUJD=QUJD"})
    void base64_whenNotBase64_reportsNotBase64(String value) {
        assertThat(messages(check(Specs.base64(1), value))).containsExactly("not base64");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "https://hooks.example.com/services/x", "postgres://app:pw@db:5432/app", "redis://my_redis:6379",
            "http://[::1]:8080/", "jdbc:postgresql://db.internal/app?ssl=true", "  https://example.com\n"})
    void url_whenAbsoluteWithHost_passes(String value) {
        assertThat(check(Specs.url(), value)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {CANARY, "/relative/path", "mailto:ops@example.com", "https://", "file:///etc/passwd",
            "http://exa mple.com/", "https://user@:443/", "jdbc:oracle:thin:@db:1521:orcl", ""})
    void url_whenNotAbsoluteWithHost_reportsWithoutValue(String value) {
        assertThat(messages(check(Specs.url(), value))).containsExactly("not an absolute URL with scheme and host");
    }

    @Test
    void everyTextSpec_whenValueIsNotUtf8_reportsViolationInsteadOfThrowing() {
        List<SecretSpec> textSpecs = List.of(Specs.notBlank(), Specs.minLength(1), Specs.pattern(".*"), Specs.url(),
                Specs.rsaPrivateKey(2048), Specs.publicKey(), Specs.x509Certificate(java.time.Duration.ofDays(1)),
                Specs.jsonObject(List.of()));

        for (SecretSpec spec : textSpecs) {
            assertThat(messages(check(spec, NOT_UTF8))).as(spec.describe()).containsExactly("not valid UTF-8 text");
        }
        assertThat(check(Specs.present(), NOT_UTF8)).isEmpty();
        assertThat(messages(check(Specs.base64(1), NOT_UTF8))).containsExactly("not base64");
    }
}
