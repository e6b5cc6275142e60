package dev.secrets4j.generate;

import java.nio.charset.StandardCharsets;
import java.security.DrbgParameters;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The default random of {@link SecretGenerators}: a 256-bit Hash_DRBG (SHA-256) that takes its
 * entropy from the operating system's non-blocking source, at creation and again before every
 * generated secret.
 *
 * <p>Why not {@code PR_AND_RESEED}: with prediction resistance the JDK's DRBG reseeds on every
 * {@code nextBytes} and {@code nextInt}, and with the default {@code securerandom.source} it reads
 * {@code /dev/random} each time: thousands of reads for one RSA key, the same blocking risk on
 * older Linux kernels as {@code getInstanceStrong()}, and six times slower. Fresh entropy once per
 * secret gives what prediction resistance is for (a leaked or cloned DRBG state, as after a VM
 * snapshot or a checkpoint and restore, does not predict the next secret) without either cost.
 */
final class StrongRandom {

    private static final int STRENGTH = 256;
    /** 256 bits of entropy input plus 128 bits standing in for the nonce (NIST SP 800-90A 8.6.7). */
    private static final int SEED_BYTES = 48;
    private static final int RESEED_BYTES = 32;
    private static final AtomicLong INSTANCES = new AtomicLong();

    private StrongRandom() {
    }

    /**
     * A new 256-bit DRBG seeded from the operating system.
     *
     * @throws IllegalStateException when this Java runtime has no DRBG of 256-bit strength
     */
    static SecureRandom create() {
        SecureRandom drbg;
        try {
            drbg = SecureRandom.getInstance("DRBG", DrbgParameters.instantiation(STRENGTH,
                    DrbgParameters.Capability.RESEED_ONLY, personalization()));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("this Java runtime has no DRBG SecureRandom of " + STRENGTH
                    + "-bit strength (" + e.getMessage() + "); check securerandom.drbg.config in java.security, "
                    + "or give SecretGenerators.builder().random(...) a strong SecureRandom", e);
        }
        // Before its first use a DRBG takes setSeed as its entropy input instead of reading the JDK's seeder.
        mixIn(drbg, SEED_BYTES);
        return drbg;
    }

    /** Mixes fresh operating-system entropy into the DRBG's state; adds to, never replaces, what it has. */
    static void refresh(SecureRandom drbg) {
        mixIn(drbg, RESEED_BYTES);
    }

    /** The name of the entropy source, for {@code toString()}. */
    static String sourceName() {
        return Source.RANDOM.map(SecureRandom::getAlgorithm).orElse("the JDK's seed generator");
    }

    private static void mixIn(SecureRandom drbg, int bytes) {
        Source.RANDOM.ifPresent(source -> {
            byte[] seed = source.generateSeed(bytes);
            try {
                drbg.setSeed(seed);
            } finally {
                Arrays.fill(seed, (byte) 0);
            }
        });
    }

    /** Not secret: it only makes each instance's output differ from every other's (SP 800-90A 8.7.1). */
    private static byte[] personalization() {
        return ("secrets4j-generate/" + ProcessHandle.current().pid() + "/" + INSTANCES.incrementAndGet() + "/"
                + System.currentTimeMillis() + "/" + System.nanoTime()).getBytes(StandardCharsets.UTF_8);
    }

    /** The operating system's non-blocking source, looked up once. */
    private static final class Source {
        /**
         * {@code NativePRNGNonBlocking} reads {@code /dev/urandom} for {@code generateSeed} (Linux, macOS,
         * BSD); {@code Windows-PRNG} asks the CryptoAPI. Elsewhere the JDK seeds the DRBG itself.
         */
        static final Optional<SecureRandom> RANDOM = find("NativePRNGNonBlocking", "Windows-PRNG");

        private static Optional<SecureRandom> find(String... algorithms) {
            for (String algorithm : algorithms) {
                try {
                    return Optional.of(SecureRandom.getInstance(algorithm));
                } catch (GeneralSecurityException e) {
                    // not on this platform: try the next
                }
            }
            return Optional.empty();
        }
    }
}
