package dev.secrets4j.internal.catalog;

import dev.secrets4j.SecretFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class CatalogParserErrorsTest {

    private static String error(String text) {
        return error(text, "app.yaml");
    }

    private static String error(String text, String source) {
        SecretFormatException e = catchThrowableOfType(SecretFormatException.class,
                () -> CatalogParser.parse(text, source));
        assertThat(e).as("a SecretFormatException").isNotNull();
        assertThat(e.getMessage()).startsWith("secrets catalog " + source);
        return e.getMessage();
    }

    @Test
    void unknownKey_namesLineKeySecretSuggestionAndKnownKeys() {
        String message = error("""
                secrets:
                  - name: DB_PASSWORD
                    description: Primary database password



                    min-lenght: 32
                """);

        assertThat(message).isEqualTo("secrets catalog app.yaml, line 7: unknown key 'min-lenght' in secret "
                + "'DB_PASSWORD'; did you mean 'min-length'? known keys: name, description, required, from, type, "
                + "format, min-length, not-blank, pattern, min-bits, min-bytes, cert-warn-days, fields, rotate-every, "
                + "warn-before, grace, strategy");
    }

    @Test
    void unknownKey_beforeTheName_stillNamesTheSecret() {
        assertThat(error("secrets:\n  - minLength: 3\n    name: API_KEY\n"))
                .contains("line 2: unknown key 'minLength' in secret 'API_KEY'; did you mean 'min-length'?");
    }

    @Test
    void unknownTopLevelKey_suggestsSecrets() {
        assertThat(error("secret:\n  - name: A\n"))
                .contains("line 1: unknown top-level key 'secret'; did you mean 'secrets'?")
                .contains("line 1: no 'secrets' list");
    }

    @Test
    void missingName_namesTheEntryNumberAndLine() {
        assertThat(error("secrets:\n  - name: A\n  - description: no name here\n    min-length: 3\n"))
                .isEqualTo("secrets catalog app.yaml, line 3: secret #2 has no 'name'; add one, such as name: DB_PASSWORD");
    }

    @Test
    void duplicateNames_pointAtBothLines() {
        assertThat(error("secrets:\n  - name: A\n  - name: B\n  - name: A\n"))
                .isEqualTo("secrets catalog app.yaml, line 4: duplicate secret 'A' (first declared on line 2); "
                        + "declare each secret once");
    }

    @Test
    void duplicateName_stillNamesTheSecretInItsOtherErrors() {
        assertThat(error("secrets:\n  - name: A\n  - name: A\n    min-length: x\n"))
                .contains("line 3: duplicate secret 'A'").contains("line 4: 'min-length' in secret 'A' must be");
    }

    @Test
    void duplicateKeyInOneEntry_isReported() {
        assertThat(error("secrets:\n  - name: A\n    min-length: 3\n    min-length: 40\n"))
                .contains("line 4: key 'min-length' appears twice in the same mapping (first on line 3)");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "min-length: abc      | 'min-length' in secret 'A' must be a whole number such as min-length: 32, got text 'abc'",
            "min-length: 3.5      | 'min-length' in secret 'A' must be a whole number such as min-length: 32, got a decimal number 3.5",
            "min-length: -1       | 'min-length' in secret 'A' must be at least 1, got -1",
            "min-length: 0        | 'min-length' in secret 'A' must be at least 1, got 0",
            "min-length: 99999999999 | 'min-length' in secret 'A' must be at most 2147483647, got 99999999999",
            "required: yes        | 'required' in secret 'A' must be true or false, got text 'yes'",
            "not-blank: 1         | 'not-blank' in secret 'A' must be true or false, got a whole number 1",
            "description: [a, b]  | 'description' in secret 'A' must be text, got a list",
            "type: 42             | 'type' in secret 'A' must be text, got a whole number 42; quote it",
            "pattern: ''          | 'pattern' in secret 'A' is empty; give a value or remove the key",
            "from: jwt_key        | 'from' in secret 'A' is not a reference: malformed secret reference 'jwt_key': it has no scheme",
            "from: 'docker:key#'  | 'from' in secret 'A' is not a reference: malformed secret reference 'docker:key#'",
            "pattern: '^(tok_'    | 'pattern' in secret 'A' is not a valid regular expression: Unclosed group near index 6",
            "rotate-every: 90 days | 'rotate-every' in secret 'A' is not a duration: '90 days'; write 30s, 15m, 12h, 90d or ISO-8601",
            "rotate-every: 90     | 'rotate-every' in secret 'A' must be a duration with a unit, got a whole number 90",
            "rotate-every: 0d     | 'rotate-every' in secret 'A' must be longer than zero, got '0d'",
            "rotate-every: P1M    | 'rotate-every' in secret 'A' is not a duration: 'P1M'",
            "warn-before: 1d      | 'warn-before' in secret 'A' needs 'rotate-every'",
            "min-bits: 4096       | 'min-bits' in secret 'A' needs 'format: rsa-private-key'; add it or remove 'min-bits'",
            "min-bytes: 64        | 'min-bytes' in secret 'A' needs 'format: base64'",
            "cert-warn-days: 14   | 'cert-warn-days' in secret 'A' needs 'format: x509-certificate'",
            "fields: [user]       | 'fields' in secret 'A' needs 'format: json-object'",
            "cert-warn-days: -1   | 'cert-warn-days' in secret 'A' must be at least 0, got -1",
    })
    void badValue_isReportedOnItsLineWithKeyAndFix(String line, String expected) {
        String message = error("secrets:\n  - name: A\n    " + line + "\n");

        assertThat(message).contains("line 3: " + expected);
    }

    @Test
    void modifierOfAnotherFormat_namesBoth() {
        assertThat(error("secrets:\n  - name: K\n    format: base64\n    min-bits: 4096\n"))
                .isEqualTo("secrets catalog app.yaml, line 4: 'min-bits' in secret 'K' applies only to format "
                        + "rsa-private-key, not base64; remove 'min-bits' or change the format");
    }

    @Test
    void fieldsOfWrongShape_areReported() {
        assertThat(error("secrets:\n  - name: C\n    format: json-object\n    fields: username\n"))
                .contains("line 4: 'fields' in secret 'C' must be a list such as fields: [username, password], got text 'username'");
        assertThat(error("secrets:\n  - name: C\n    format: json-object\n    fields: [user, 3]\n"))
                .contains("line 4: 'fields' in secret 'C' must hold only names such as [username, password], but item 2");
    }

    @Test
    void unknownFormat_listsKnownFormatsAndSuggests() {
        assertThat(error("secrets:\n  - name: A\n    format: rsa\n"))
                .isEqualTo("secrets catalog app.yaml, line 3: 'format' in secret 'A' has unknown format 'rsa'; did you "
                        + "mean 'rsa-private-key'? known formats: rsa-private-key, public-key, x509-certificate, base64, "
                        + "json-object, url");
        assertThat(error("secrets:\n  - name: A\n    format: pem\n"))
                .contains("line 3: 'format' in secret 'A' has unknown format 'pem'; known formats: rsa-private-key");
    }

    @Test
    void unknownFormat_doesNotAlsoBlameItsModifiers() {
        assertThat(error("secrets:\n  - name: A\n    format: rsa-key\n    min-bits: 4096\n"))
                .startsWith("secrets catalog app.yaml, line 3:").doesNotContain("min-bits");
    }

    @Test
    void warnBeforeNotShorterThanRotateEvery_isReported() {
        assertThat(error("secrets:\n  - name: A\n    rotate-every: 90d\n    warn-before: P90D\n"))
                .isEqualTo("secrets catalog app.yaml, line 4: 'warn-before' in secret 'A' must be shorter than "
                        + "'rotate-every' (90d is not shorter than 90d)");
    }

    @Test
    void manyErrors_areAllReportedInLineOrder() {
        String message = error("""
                secrets:
                  - name: A
                    min-length: abc
                  - name: B
                    format: nope
                  - min-length: 3
                """);

        assertThat(message).startsWith("secrets catalog app.yaml has 3 errors; fix each:\n")
                .containsSubsequence("line 3: 'min-length' in secret 'A'", "line 5: 'format' in secret 'B'",
                        "line 6: secret #3 has no 'name'");
    }

    @Test
    void emptyFile_isAnErrorOnLineOne() {
        for (String empty : new String[] {"", "   \n", "# only a comment\n", "---\n"}) {
            assertThat(error(empty)).isEqualTo("secrets catalog app.yaml, line 1: the file is empty; add 'secrets:' "
                    + "followed by one '- name: ...' entry per secret");
        }
        assertThat(error("", "app.json")).contains("line 1: the file is empty");
    }

    @Test
    void wrongShapes_atTopLevel_areReported() {
        assertThat(error("- name: A\n")).contains("line 1: the top level must be a mapping holding 'secrets:', got a list");
        assertThat(error("secrets:\n")).contains("line 1: 'secrets' must be a list of secrets, got nothing");
        assertThat(error("secrets:\n  - DB_PASSWORD\n"))
                .contains("line 2: secret #1 must be a mapping with at least a name, such as '- name: DB_PASSWORD', "
                        + "got text 'DB_PASSWORD'");
        assertThat(error("version: 2\nsecrets: []\n")).contains("line 1: unsupported 'version' 2; this secrets4j reads version 1");
    }

    @Test
    void nameWithWhitespace_isReported() {
        assertThat(error("secrets:\n  - name: DB PASSWORD\n"))
                .contains("line 2: name 'DB PASSWORD' of secret #1 contains whitespace or control characters");
    }

    @Test
    void yamlSyntaxError_givesItsLineWithoutQuotingTheFile() {
        String message = error("secrets:\n  - name: A\n   min-length: 3\n");

        assertThat(message).startsWith("secrets catalog app.yaml, line 3: YAML syntax error: ")
                .endsWith("; fix the YAML near this line")
                .doesNotContain("^").doesNotContain("\n");
    }

    @Test
    void yamlTabIndentation_isASyntaxErrorWithItsLine() {
        assertThat(error("secrets:\n  - name: A\n\tmin-length: 3\n"))
                .startsWith("secrets catalog app.yaml, line 3: YAML syntax error").contains("TAB");
    }

    @Test
    void jsonSyntaxError_givesItsLine() {
        assertThat(error("{\"secrets\": [\n {\"name\": \"A\",\n \"min-length\": 3]}", "app.json"))
                .isEqualTo("secrets catalog app.json, line 3: JSON syntax error: Unexpected close marker ']': "
                        + "expected '}'; fix the JSON near this line");
    }

    @Test
    void jsonUnknownKey_givesItsLine() {
        assertThat(error("{\"secrets\": [\n {\"name\": \"A\",\n  \"min_length\": 3}]}", "app.json"))
                .contains("line 3: unknown key 'min_length' in secret 'A'; did you mean 'min-length'?");
    }

    @Test
    void yamlAlias_isRejectedOnceInsteadOfReadAsItsAnchorName() {
        String message = error("secrets:\n  - name: A\n    min-length: &n 32\n  - name: B\n    min-length: *n\n");

        assertThat(message).isEqualTo("secrets catalog app.yaml, line 5: YAML aliases (*n) are not supported in a "
                + "secrets catalog; write the value out");
    }

    @Test
    void secondYamlDocument_isRejected() {
        assertThat(error("secrets:\n  - name: A\n---\nsecrets: []\n"))
                .contains("line 4: a second YAML document starts here");
    }

    @Test
    void unknownKeyValue_isNeverQuoted() {
        String canary = "canary-7f3a-db-password";

        assertThat(error("secrets:\n  - name: DB_PASSWORD\n    value: " + canary + "\n"))
                .contains("line 3: unknown key 'value'").doesNotContain(canary);
    }

    @Test
    void parse_whenArgumentsNull_throwsNullPointer() {
        assertThatThrownBy(() -> CatalogParser.parse(null, "a.yaml")).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> CatalogParser.parse("secrets: []", null)).isInstanceOf(NullPointerException.class);
    }
}
