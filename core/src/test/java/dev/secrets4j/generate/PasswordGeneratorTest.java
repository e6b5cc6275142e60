package dev.secrets4j.generate;

import dev.secrets4j.generate.PasswordGenerator.CharacterClass;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static dev.secrets4j.generate.PasswordGenerator.CharacterClass.DIGITS;
import static dev.secrets4j.generate.PasswordGenerator.CharacterClass.LOWER;
import static dev.secrets4j.generate.PasswordGenerator.CharacterClass.SYMBOLS;
import static dev.secrets4j.generate.PasswordGenerator.CharacterClass.UPPER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class PasswordGeneratorTest {

    private static final SecureRandom RANDOM = SecretGenerators.strongRandom();
    /** Characters people mistake for others, quotes and escapes, and whitespace. */
    private static final String AMBIGUOUS = "0Oo1lI|`'\"\\ \t\n\r";

    private static String generate(PasswordGenerator generator) {
        return new String(generator.generate(RANDOM), StandardCharsets.US_ASCII);
    }

    private static Set<CharacterClass> classesIn(String password) {
        Set<CharacterClass> found = EnumSet.noneOf(CharacterClass.class);
        for (char c : password.toCharArray()) {
            for (CharacterClass k : CharacterClass.values()) {
                if (k.defaultCharacters().indexOf(c) >= 0) {
                    found.add(k);
                }
            }
        }
        return found;
    }

    @Test
    void generate_atTheShortestLength_alwaysHoldsEveryClassAndStartsWithALetterOrDigit() {
        PasswordGenerator generator = PasswordGenerator.builder().length(12).build();

        for (int i = 0; i < 5_000; i++) {
            String password = generate(generator);
            assertThat(password).hasSize(12);
            assertThat(classesIn(password)).containsExactlyInAnyOrder(CharacterClass.values());
            assertThat(Character.isLetterOrDigit(password.charAt(0))).as("first character is a letter or digit").isTrue();
        }
    }

    @Test
    void generate_neverHoldsAnAmbiguousCharacter() {
        PasswordGenerator generator = PasswordGenerator.builder().build();

        for (int i = 0; i < 5_000; i++) {
            String password = generate(generator);
            for (char c : AMBIGUOUS.toCharArray()) {
                assertThat(password.indexOf(c)).as("position of ambiguous '%s'", c).isEqualTo(-1);
            }
        }
    }

    @Test
    void generate_withSomeClasses_drawsEachOfThemAndNoOther() {
        PasswordGenerator generator = PasswordGenerator.builder().length(16).classes(LOWER, DIGITS).build();

        for (int i = 0; i < 2_000; i++) {
            String password = generate(generator);
            assertThat(password).matches("[a-km-np-z2-9]{16}");
            assertThat(classesIn(password)).containsExactlyInAnyOrder(LOWER, DIGITS);
        }
        assertThat(generator.symbols()).isEmpty();
        assertThat(generator.classes()).containsExactlyInAnyOrder(LOWER, DIGITS);
    }

    @Test
    void generate_withCustomSymbols_drawsOnlyThoseSymbolsAndAlwaysOne() {
        PasswordGenerator generator = PasswordGenerator.builder().length(12).symbols("!#").build();

        for (int i = 0; i < 2_000; i++) {
            String password = generate(generator);
            assertThat(password).matches("[A-Za-z2-9!#]{12}").containsPattern("[!#]").doesNotContain("-", "_", ".");
        }
        assertThat(generator.symbols()).isEqualTo("!#");
    }

    @Test
    void generate_characterFrequenciesWithinEachClass_areUniform() {
        PasswordGenerator generator = PasswordGenerator.builder().build();
        long[][] counts = new long[CharacterClass.values().length][];
        for (CharacterClass k : CharacterClass.values()) {
            counts[k.ordinal()] = new long[k.defaultCharacters().length()];
        }

        for (int i = 0; i < 10_000; i++) {
            for (char c : generate(generator).toCharArray()) {
                for (CharacterClass k : CharacterClass.values()) {
                    int at = k.defaultCharacters().indexOf(c);
                    if (at >= 0) {
                        counts[k.ordinal()][at]++;
                    }
                }
            }
        }

        for (CharacterClass k : CharacterClass.values()) {
            assertThat(ChiSquare.statistic(counts[k.ordinal()])).as("chi-square of %s", k)
                    .isLessThan(ChiSquare.threshold(counts[k.ordinal()].length));
        }
    }

    @Test
    void entropyBits_ofTheDefaults_countsEveryValidPassword() {
        assertThat(PasswordGenerator.builder().build().entropyBits()).isBetween(187.8, 187.9);
        assertThat(PasswordGenerator.builder().length(12).build().entropyBits()).isBetween(69.0, 69.1);
        // first from {a, b}, then from {a, b, -}, with a '-' somewhere: aa- ab- ba- bb- a-a a-b a-- b-a b-b b--
        assertThat(Math.pow(2, PasswordGenerator.entropyBits(List.of(2, 1), List.of(true, false), 3)))
                .isCloseTo(10, within(1e-9));
    }

    @Test
    void length_outsideTwelveTo1024_isRejectedNamingTheSetting() {
        assertThatThrownBy(() -> PasswordGenerator.builder().length(11)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("length must be between 12 and 1024 characters, got 11");
        assertThatThrownBy(() -> PasswordGenerator.builder().length(1025)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("length must be between 12 and 1024 characters, got 1025");
        assertThat(PasswordGenerator.builder().length(1024).build().generate(RANDOM)).hasSize(1024);
    }

    @Test
    void symbols_withAmbiguousOrUnsafeCharacters_areRejectedNamingTheSetting() {
        assertThatThrownBy(() -> PasswordGenerator.builder().symbols("-|")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("symbols must be").hasMessageContaining("the ambiguous character '|' at index 1");
        assertThatThrownBy(() -> PasswordGenerator.builder().symbols("- ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("symbols must be").hasMessageContaining("whitespace at index 1");
        assertThatThrownBy(() -> PasswordGenerator.builder().symbols("-a")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the letter or digit 'a' at index 1");
        assertThatThrownBy(() -> PasswordGenerator.builder().symbols("--")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'-' twice at index 1");
        assertThatThrownBy(() -> PasswordGenerator.builder().symbols("-\u00a7")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not printable ASCII");
        assertThatThrownBy(() -> PasswordGenerator.builder().symbols("")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("symbols must hold at least one symbol");
    }

    @Test
    void build_withSymbolsButNoSymbolClass_isRejectedNamingBothSettings() {
        assertThatThrownBy(() -> PasswordGenerator.builder().classes(UPPER, LOWER).symbols("!").build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("password generator for type 'password' has symbols set but SYMBOLS is not among classes "
                        + "[UPPER, LOWER]; add CharacterClass.SYMBOLS or remove symbols(...)");
    }

    @Test
    void build_withTooLittleEntropy_isRejectedSayingWhatToRaise() {
        assertThatThrownBy(() -> PasswordGenerator.builder().length(12).classes(DIGITS).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("password generator for type 'password' makes passwords of 12 characters from 8 (classes "
                        + "[DIGITS]), which have 36 bits of entropy, fewer than 64; raise length or enable more classes");
        assertThat(PasswordGenerator.builder().length(22).classes(DIGITS).build().entropyBits()).isGreaterThan(64);
    }

    @Test
    void type_canBeChangedButMustBeATypeName() {
        assertThat(PasswordGenerator.builder().type("long-password").length(64).build().type()).isEqualTo("long-password");
        assertThatThrownBy(() -> PasswordGenerator.builder().type("Long Password"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("type must be a type name")
                .hasMessageEndingWith("got 'Long Password'");
    }

    @Test
    void classes_whenSymbolsOnly_drawSymbolsInEveryPosition() {
        PasswordGenerator generator = PasswordGenerator.builder().length(64).classes(SYMBOLS).symbols("-_.!#%+=").build();

        assertThat(generate(generator)).matches("[-_.!#%+=]{64}");
    }
}
