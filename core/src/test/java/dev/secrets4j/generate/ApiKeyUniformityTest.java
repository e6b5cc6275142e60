package dev.secrets4j.generate;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Chi-square checks that api keys use the 64 base64url characters equally, overall and at every
 * position. The threshold is exceeded by chance less than once in 10^20 runs: a failure is a bias.
 */
class ApiKeyUniformityTest {

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    private static final int KEYS = 20_000;

    @Test
    void apiKeys_useEveryCharacterEquallyOftenOverallAndAtEachPosition() {
        SecretGenerators generators = SecretGenerators.builder().withoutServiceLoader().build();
        long[] overall = new long[64];
        long[][] byPosition = new long[32][64];
        Set<String> seen = new HashSet<>();

        for (int i = 0; i < KEYS; i++) {
            String key = new String(generators.generate("api-key"), StandardCharsets.US_ASCII);
            seen.add(key);
            for (int p = 0; p < 32; p++) {
                int at = ALPHABET.indexOf(key.charAt(p));
                overall[at]++;
                byPosition[p][at]++;
            }
        }

        assertThat(seen).as("distinct keys").hasSize(KEYS);
        double threshold = ChiSquare.threshold(64);
        assertThat(ChiSquare.statistic(overall)).as("chi-square over all positions").isLessThan(threshold);
        for (int p = 0; p < 32; p++) {
            assertThat(ChiSquare.statistic(byPosition[p])).as("chi-square at position %d", p).isLessThan(threshold);
        }
    }

    @Test
    void chiSquare_onABiasedSource_exceedsTheThreshold() {
        long[] counts = new long[64];
        for (int i = 0; i < 64; i++) {
            counts[i] = 10_000;
        }
        counts[0] = 0;   // a generator that never draws one character

        assertThat(ChiSquare.statistic(counts)).isGreaterThan(ChiSquare.threshold(64));
        assertThat(ChiSquare.threshold(64)).isBetween(250.0, 260.0);
    }
}
