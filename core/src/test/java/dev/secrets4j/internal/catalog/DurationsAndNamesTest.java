package dev.secrets4j.internal.catalog;

import dev.secrets4j.internal.Durations;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DurationsAndNamesTest {

    @ParameterizedTest
    @CsvSource({"30s, PT30S", "15m, PT15M", "12h, PT12H", "90d, PT2160H", "P90D, PT2160H", "PT12H, PT12H",
            "P1DT2H, PT26H", "pt5m, PT5M", "' 7d ', PT168H"})
    void parse_whenShortFormOrIso_readsDuration(String text, String iso) {
        assertThat(Durations.parse(text)).contains(Duration.parse(iso));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "90", "90 days", "90D", "1w", "d", "-5d", "P1M", "P1Y", "1.5h", "9999999999d",
            "P99999999999999999999D"})
    void parse_whenNotADuration_isEmpty(String text) {
        assertThat(Durations.parse(text)).isEmpty();
    }

    @Test
    void format_givesShortestExactSpelling() {
        assertThat(Durations.format(Duration.ofDays(90))).isEqualTo("90d");
        assertThat(Durations.format(Duration.ofHours(36))).isEqualTo("36h");
        assertThat(Durations.format(Duration.ofMinutes(90))).isEqualTo("90m");
        assertThat(Durations.format(Duration.ofSeconds(61))).isEqualTo("61s");
        assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("PT1.5S");
    }

    @Test
    void suggest_findsTyposOtherSpellingsAndUniquePrefixes() {
        List<String> keys = EntryReader.KEYS;

        assertThat(Names.suggest("min-lenght", keys)).contains("min-length");
        assertThat(Names.suggest("minLength", keys)).contains("min-length");
        assertThat(Names.suggest("MIN_BITS", keys)).contains("min-bits");
        assertThat(Names.suggest("rotate_every", keys)).contains("rotate-every");
        assertThat(Names.suggest("cert-warn", keys)).contains("cert-warn-days");
        assertThat(Names.suggest("x509", EntryReader.FORMATS)).contains("x509-certificate");
        assertThat(Names.suggest("password", keys)).isEmpty();
        assertThat(Names.suggest("min", keys)).as("ambiguous prefix").isEmpty();
    }

    @Test
    void printable_replacesControlCharactersAndCutsLongNames() {
        assertThat(Names.printable("a\u0000b\nc")).isEqualTo("a?b?c");
        assertThat(Names.printable("k".repeat(100))).hasSize(63).endsWith("...");
    }
}
