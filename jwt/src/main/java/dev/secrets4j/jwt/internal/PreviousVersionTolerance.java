package dev.secrets4j.jwt.internal;

import dev.secrets4j.Secret;
import dev.secrets4j.SecretFormatException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;
import java.util.function.Function;

/**
 * A key parser for a {@link dev.secrets4j.Keyset} that lets a key ring build even when an old
 * version of its secret is unusable. At build the keyset parses the current version first, then
 * the previous versions the provider keeps; a previous version that is not a valid key (say the
 * 1024-bit key that was just replaced by a 4096-bit one, exactly as the ring's own error told the
 * operator to do) would otherwise stop the boot forever. Such a version is left out with one WARN
 * and parsed as empty. The current version, and every version that arrives after the build,
 * must parse: their errors propagate, so the build fails or the keyset refuses the rotation.
 *
 * @param <K> the key type
 */
public final class PreviousVersionTolerance<K> implements Function<Secret, Optional<K>> {

    private static final Logger log = LoggerFactory.getLogger(PreviousVersionTolerance.class);

    private final Function<Secret, K> parser;
    private final Thread buildThread = Thread.currentThread();
    private int parsedAtBuild;
    private volatile boolean built;

    private PreviousVersionTolerance(Function<Secret, K> parser) {
        this.parser = parser;
    }

    /** Wraps {@code parser}; create it on the thread that builds the keyset, call {@link #built()} once the build returned. */
    public static <K> PreviousVersionTolerance<K> of(Function<Secret, K> parser) {
        return new PreviousVersionTolerance<>(parser);
    }

    @Override
    public Optional<K> apply(Secret secret) {
        // The keyset's build parses newest first on the building thread: only its first call is the
        // current version. A change racing the build is parsed on another thread, so it stays strict.
        boolean previousAtBuild = !built && Thread.currentThread() == buildThread && parsedAtBuild++ > 0;
        try {
            return Optional.of(parser.apply(secret));
        } catch (SecretFormatException e) {
            if (!previousAtBuild) {
                throw e;
            }
            log.warn("{}; it is a previous version, so it is left out of the key ring", e.getMessage());
            return Optional.empty();
        }
    }

    /** From now on every parse error propagates. */
    public void built() {
        built = true;
    }
}
