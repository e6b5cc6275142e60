package dev.secrets4j.generate;

/**
 * Pearson's chi-square test of observed counts against a uniform distribution, with a threshold
 * that a uniform source exceeds with a chance below 10^-20: a failure means a bias, never bad luck.
 */
final class ChiSquare {

    /**
     * Standard deviations of the normal approximation. Ten puts the chance of a false alarm near
     * 10^-23 (for 63 degrees of freedom) to 10^-33 (for 2), by the Wilson-Hilferty approximation.
     */
    private static final double Z = 10;

    private ChiSquare() {
    }

    /** The statistic: the sum over categories of (observed - expected)^2 / expected, expecting equal counts. */
    static double statistic(long[] counts) {
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        double expected = (double) total / counts.length;
        double sum = 0;
        for (long c : counts) {
            sum += (c - expected) * (c - expected) / expected;
        }
        return sum;
    }

    /** The threshold for {@code categories - 1} degrees of freedom (Wilson-Hilferty). */
    static double threshold(int categories) {
        double k = categories - 1;
        double a = 2 / (9 * k);
        return k * Math.pow(1 - a + Z * Math.sqrt(a), 3);
    }
}
