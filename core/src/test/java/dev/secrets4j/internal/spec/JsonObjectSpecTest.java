package dev.secrets4j.internal.spec;

import dev.secrets4j.Secret;
import dev.secrets4j.SecretSpec;
import dev.secrets4j.SecretSpec.Violation;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static dev.secrets4j.internal.spec.Leaks.assertNoLeak;
import static org.assertj.core.api.Assertions.assertThat;

class JsonObjectSpecTest {

    private static final Instant NOW = Instant.parse("2026-03-01T00:00:00Z");
    private static final SecretSpec SPEC = Specs.jsonObject(List.of("username", "password"));
    private static final String CANARY = "canary-7f3a-db-password";

    private static List<String> check(SecretSpec spec, String value) {
        List<Violation> violations = spec.check(Secret.of("DB_CONFIG", value), NOW);
        assertNoLeak(violations, value);
        return violations.stream().map(Violation::message).toList();
    }

    @Test
    void check_whenObjectWithAllFields_passes() {
        assertThat(check(SPEC, "{\"username\": \"app\", \"password\": \"" + CANARY + "\", \"port\": 5432}")).isEmpty();
    }

    @Test
    void check_whenFieldsMissingOrNull_reportsEachByName() {
        assertThat(check(SPEC, "{\"username\": \"" + CANARY + "\"}"))
                .containsExactly("JSON object lacks field 'password'");
        assertThat(check(SPEC, "{\"username\": null}"))
                .containsExactly("JSON object field 'username' is null", "JSON object lacks field 'password'");
    }

    @Test
    void check_whenNotAnObject_saysWhatItFound() {
        assertThat(check(SPEC, "[\"" + CANARY + "\"]")).containsExactly("not a JSON object (found an array)");
        assertThat(check(SPEC, "\"" + CANARY + "\"")).containsExactly("not a JSON object (found a string)");
        assertThat(check(SPEC, "42")).containsExactly("not a JSON object (found a number)");
        assertThat(check(SPEC, "")).containsExactly("not a JSON object (empty)");
    }

    @Test
    void check_whenSyntaxError_givesPositionButNoToken() {
        List<String> messages = check(SPEC, "{\"username\": \"app\",\n \"password\": " + CANARY + "}");

        assertThat(messages).singleElement().asString()
                .startsWith("not a JSON object (invalid JSON at line 2")
                .doesNotContain("canary");
    }

    @Test
    void check_whenTrailingContentOrDuplicateKeys_reportsInvalidJson() {
        assertThat(check(SPEC, "{\"username\": \"a\", \"password\": \"b\"} " + CANARY)).singleElement().asString()
                .startsWith("not a JSON object (invalid JSON");
        assertThat(check(SPEC, "{\"password\": \"a\", \"password\": \"" + CANARY + "\", \"username\": \"u\"}"))
                .singleElement().asString().startsWith("not a JSON object (invalid JSON");
    }
}
