package dev.secrets4j.provider.file;

/**
 * How the key that wraps a store's data key is derived from the master secret: PBKDF2-HMAC-SHA256
 * or Argon2id, with their cost parameters. The parameters (and a fresh random salt) are written
 * into the store's header, so a store opens with whatever it was last wrapped with, and
 * {@link FileSecretProvider#rewrap(char[], Kdf)} or {@link FileSecretProvider.Builder#upgradeKdf(boolean)}
 * raise them later without touching any secret.
 *
 * <p>Costs below OWASP's password storage recommendations are rejected, here and when a header is
 * read: PBKDF2-HMAC-SHA256 needs at least 600,000 iterations; Argon2id at least one of OWASP's
 * memory/pass pairs (46 MiB and 1 pass, 19 MiB and 2, 12 MiB and 3, 9 MiB and 4, 7 MiB and 5).
 *
 * <pre>{@code
 * Kdf.pbkdf2()                       // PBKDF2-HMAC-SHA256, 600,000 iterations: the default
 * Kdf.pbkdf2(1_200_000)              // twice the cost
 * Kdf.argon2id()                     // Argon2id, 19 MiB, 2 passes, 1 lane
 * Kdf.argon2id(64 * 1024, 3, 1)      // 64 MiB, 3 passes
 * }</pre>
 */
public sealed interface Kdf permits Kdf.Pbkdf2, Kdf.Argon2id {

    /** PBKDF2-HMAC-SHA256 at its minimum of 600,000 iterations: the default for new stores. */
    static Pbkdf2 pbkdf2() {
        return new Pbkdf2(Pbkdf2.MIN_ITERATIONS);
    }

    /**
     * PBKDF2-HMAC-SHA256 with {@code iterations} iterations.
     *
     * @throws IllegalArgumentException below 600,000 or above 100,000,000 iterations
     */
    static Pbkdf2 pbkdf2(int iterations) {
        return new Pbkdf2(iterations);
    }

    /** Argon2id at OWASP's recommended minimum: 19 MiB of memory, 2 passes, 1 lane. */
    static Argon2id argon2id() {
        return new Argon2id(19 * 1024, 2, 1);
    }

    /**
     * Argon2id with the given memory (KiB), passes and lanes.
     *
     * @throws IllegalArgumentException when the cost is below OWASP's recommendation or absurdly high
     */
    static Argon2id argon2id(int memoryKiB, int iterations, int parallelism) {
        return new Argon2id(memoryKiB, iterations, parallelism);
    }

    /** The algorithm's name as written in the header: {@code pbkdf2-hmac-sha256} or {@code argon2id}. */
    String algorithm();

    /**
     * Whether this is the same algorithm as {@code other} with no cost parameter lower: a store
     * wrapped with this need not be re-wrapped to reach {@code other}.
     */
    boolean atLeast(Kdf other);

    /**
     * PBKDF2 with HMAC-SHA256 (RFC 8018), 256-bit output.
     *
     * @param iterations the iteration count, at least {@value #MIN_ITERATIONS}
     */
    record Pbkdf2(int iterations) implements Kdf {

        /** The algorithm's name in the header. */
        public static final String NAME = "pbkdf2-hmac-sha256";
        /** The fewest iterations accepted: OWASP's recommendation for PBKDF2-HMAC-SHA256. */
        public static final int MIN_ITERATIONS = 600_000;
        /** The most iterations accepted, so that a header cannot make opening take hours. */
        public static final int MAX_ITERATIONS = 100_000_000;

        /** Checks the iteration count. */
        public Pbkdf2 {
            if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
                throw new IllegalArgumentException("PBKDF2 iterations must be between " + MIN_ITERATIONS + " and "
                        + MAX_ITERATIONS + " (OWASP recommends at least 600,000 for HMAC-SHA256), got " + iterations);
            }
        }

        /** {@value #NAME}. */
        @Override
        public String algorithm() {
            return NAME;
        }

        /** Whether {@code other} is PBKDF2 with no more iterations than this. */
        @Override
        public boolean atLeast(Kdf other) {
            return other instanceof Pbkdf2 p && iterations >= p.iterations;
        }

        /** {@code pbkdf2-hmac-sha256(600000 iterations)}. */
        @Override
        public String toString() {
            return NAME + "(" + iterations + " iterations)";
        }
    }

    /**
     * Argon2id version 1.3 (RFC 9106), 256-bit output, computed by Bouncy Castle.
     *
     * @param memoryKiB   memory in KiB
     * @param iterations  passes over the memory
     * @param parallelism lanes
     */
    record Argon2id(int memoryKiB, int iterations, int parallelism) implements Kdf {

        /** The algorithm's name in the header. */
        public static final String NAME = "argon2id";
        /** The most memory accepted: 4 GiB. */
        public static final int MAX_MEMORY_KIB = 4 * 1024 * 1024;
        /** The most passes accepted. */
        public static final int MAX_ITERATIONS = 100;
        /** The most lanes accepted. */
        public static final int MAX_PARALLELISM = 64;

        // OWASP's equivalent Argon2id settings (memory KiB, passes), parallelism 1.
        private static final int[][] OWASP_MINIMUMS = {{47_104, 1}, {19_456, 2}, {12_288, 3}, {9_216, 4}, {7_168, 5}};

        /** Checks the cost against OWASP's minimums and sane maximums. */
        public Argon2id {
            if (parallelism < 1 || parallelism > MAX_PARALLELISM) {
                throw new IllegalArgumentException("Argon2id parallelism must be between 1 and " + MAX_PARALLELISM
                        + ", got " + parallelism);
            }
            if (memoryKiB > MAX_MEMORY_KIB || iterations > MAX_ITERATIONS) {
                throw new IllegalArgumentException("Argon2id cost must be at most " + MAX_MEMORY_KIB + " KiB and "
                        + MAX_ITERATIONS + " passes, got " + memoryKiB + " KiB and " + iterations + " passes");
            }
            if (!meetsOwasp(memoryKiB, iterations)) {
                throw new IllegalArgumentException("Argon2id cost must reach one of OWASP's minimums (46 MiB and 1 pass, "
                        + "19 MiB and 2, 12 MiB and 3, 9 MiB and 4, 7 MiB and 5), got " + memoryKiB + " KiB and "
                        + iterations + " passes");
            }
        }

        /** {@value #NAME}. */
        @Override
        public String algorithm() {
            return NAME;
        }

        /** Whether {@code other} is Argon2id with no more memory, passes or lanes than this. */
        @Override
        public boolean atLeast(Kdf other) {
            return other instanceof Argon2id a && memoryKiB >= a.memoryKiB && iterations >= a.iterations
                    && parallelism >= a.parallelism;
        }

        /** {@code argon2id(m=19456 KiB, t=2, p=1)}. */
        @Override
        public String toString() {
            return NAME + "(m=" + memoryKiB + " KiB, t=" + iterations + ", p=" + parallelism + ")";
        }

        private static boolean meetsOwasp(int memoryKiB, int iterations) {
            for (int[] minimum : OWASP_MINIMUMS) {
                if (memoryKiB >= minimum[0] && iterations >= minimum[1]) {
                    return true;
                }
            }
            return false;
        }
    }
}
