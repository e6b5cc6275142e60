package dev.secrets4j.spi;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProviderOptionsTest {

    private static final Set<String> KNOWN = Set.of("a", "b");

    private static ProviderOptions options(String key, String value) {
        return ProviderOptions.of("p", Set.of(key), Map.of(key, value));
    }

    @Test
    void of_whenAKeyIsUnknown_namesItAndListsTheKnownOnes() {
        assertThatThrownBy(() -> ProviderOptions.of("docker", KNOWN, Map.of("c", "1", "a", "x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("provider 'docker' has no option c; its options are a, b");
    }

    @Test
    void absentOptions_areEmpty() {
        ProviderOptions o = ProviderOptions.of("p", KNOWN, Map.of());
        assertThat(o.string("a")).isEmpty();
        assertThat(o.bool("a")).isEmpty();
        assertThat(o.size("a")).isEmpty();
        assertThat(o.duration("a")).isEmpty();
        assertThat(o.list("a")).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"true, true", "FALSE, false", "' True ', true"})
    void bool_readsTrueAndFalse(String text, boolean expected) {
        assertThat(options("k", text).bool("k")).contains(expected);
    }

    @Test
    void bool_whenNeither_namesOptionProviderAndValue() {
        assertThatThrownBy(() -> options("watch", "yes").bool("watch"))
                .hasMessage("option 'watch' of provider 'p' must be true or false, got 'yes'");
    }

    @ParameterizedTest
    @CsvSource({"65536, 65536", "64KiB, 65536", "64 kb, 65536", "1MiB, 1048576", "2G, 2147483648", "7b, 7"})
    void size_readsBytesAndBinaryUnits(String text, long expected) {
        assertThat(options("k", text).size("k")).contains(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-1", "1.5MiB", "1TB", "lots", "999999999999999G"})
    void size_whenMalformed_throwsNamingTheOption(String text) {
        assertThatThrownBy(() -> options("max-file-size", text).size("max-file-size"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("option 'max-file-size' of provider 'p'");
    }

    @ParameterizedTest
    @CsvSource({"500ms, PT0.5S", "2s, PT2S", "15m, PT15M", "PT2S, PT2S", "1d, PT24H"})
    void duration_readsShortAndIsoForms(String text, String iso) {
        assertThat(options("k", text).duration("k")).contains(Duration.parse(iso));
    }

    @Test
    void duration_whenMalformed_saysHowToWriteOne() {
        assertThatThrownBy(() -> options("poll", "soon").duration("poll")).hasMessageContaining("a duration; write 30s");
    }

    @Test
    void list_splitsOnCommasAndRefusesEmptyEntries() {
        assertThat(options("paths", " /a , /b ").list("paths")).contains(List.of("/a", "/b"));
        assertThatThrownBy(() -> options("paths", "/a,,/b").list("paths")).hasMessageContaining("without empty entries");
    }

    @Test
    void bad_showsControlCharactersAsQuestionMarks() {
        assertThat(options("k", "a\u0000b").bad("k", "x")).hasMessageEndingWith("got 'a?b'");
    }
}
