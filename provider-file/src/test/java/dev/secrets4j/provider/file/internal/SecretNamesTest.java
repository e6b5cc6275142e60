package dev.secrets4j.provider.file.internal;

import dev.secrets4j.SecretFormatException;
import dev.secrets4j.testing.LeakCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Names become file names that stay in the folder, never collide, and survive case-insensitive file systems. */
class SecretNamesTest {

    @RegisterExtension
    final LeakCheck leaks = LeakCheck.create();

    /** RFC 4648, section 10, in lower case without padding. */
    @ParameterizedTest
    @CsvSource({"'',''", "f,my", "fo,mzxq", "foo,mzxw6", "foob,mzxw6yq", "fooba,mzxw6ytb", "foobar,mzxw6ytboi"})
    void base32_matchesRfc4648Vectors(String input, String expected) {
        assertThat(SecretNames.base32(input.getBytes(StandardCharsets.US_ASCII))).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({
            "db_password, db_password.json",
            "api-key-2, api-key-2.json",
            "DB_PASSWORD, ~irbf6ucbknjvot2siq.json",
            "con, ~mnxw4.json",
            "~root, ~pzzg633u.json",
            "_hidden, ~l5ugszdemvxa.json"})
    void fileName_keepsPlainLowerCaseNames_andEncodesEveryOther(String name, String file) {
        assertThat(SecretNames.fileName(name)).isEqualTo(file);
    }

    @ParameterizedTest
    @ValueSource(strings = {"../etc/passwd", "..", "/etc/passwd", "a/../../b", "a/b", "a\\b", "..\\..\\win.ini", "a\u0000b",
            "a\nb", ".", "", "C:x", "c:\\windows"})
    void check_rejectsNamesThatCouldLeaveTheFolder(String name) {
        assertThatThrownBy(() -> SecretNames.check("file", name))
                .isInstanceOf(SecretFormatException.class)
                .hasMessageContaining("rejected by provider file");
    }

    @Test
    void check_rejectsNamesOverTheLimit_showingOnlyTheirStart() {
        String max = "é".repeat(SecretNames.MAX_NAME_BYTES / 2);
        String over = "x".repeat(SecretNames.MAX_NAME_BYTES + 1);

        assertThatCode(() -> SecretNames.check("file", max)).doesNotThrowAnyException();
        assertThat(SecretNames.fileName(max).length()).isLessThanOrEqualTo(255);
        assertThatThrownBy(() -> SecretNames.check("file", over))
                .isInstanceOf(SecretFormatException.class)
                .hasMessageContaining("151 bytes long, more than the limit of 150")
                .hasMessageNotContaining("x".repeat(41));
        assertThatThrownBy(() -> SecretNames.check("file", "x".repeat(10_000))).hasMessageContaining("10000 bytes");
    }

    @Test
    void fileName_ofAcceptedNames_isOneFileInsideTheFolder_andNeverCollides() {
        Path folder = Path.of("/store/secrets");
        List<String> names = List.of("%2e%2e%2fetc", "~root", "*", "CON", "con", "Con", "a b", "a.b", "ä",
                "é", "e\u0301", "\u202e", "db_password", "DB_PASSWORD", "Db_Password", "x.json", "store", "a~b", "-", "_");
        Set<String> files = new HashSet<>();
        for (String name : names) {
            SecretNames.check("file", name);
            String file = SecretNames.fileName(name);
            Path resolved = folder.resolve(file).normalize();
            assertThat(resolved.getParent()).as(name).isEqualTo(folder);
            assertThat(file).as(name).doesNotContain("/", "\\", "..").doesNotStartWith(".");
            assertThat(files.add(file.toLowerCase(Locale.ROOT))).as("file of %s is unique ignoring case", name).isTrue();
        }
    }
}
