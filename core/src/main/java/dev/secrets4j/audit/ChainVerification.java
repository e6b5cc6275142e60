package dev.secrets4j.audit;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Holds the outcome of {@link AuditChainVerifier#verify(Path)}: how much of the log verified and,
 * unless it all did, the first problem.
 *
 * @param lines      lines verified (before the problem, if any)
 * @param files      files read
 * @param last       the last verified line, to give {@link AuditChainVerifier.Builder#startAfter}
 *                   when the next files are verified, or to keep as a checkpoint
 * @param recoveries the {@code RECOVERED} lines among the verified ones: where the sink resumed
 *                   after a torn line or dropped events
 * @param problem    the first problem, or empty when the whole log verified
 */
public record ChainVerification(long lines, int files, ChainLink last, List<Recovery> recoveries, Optional<ChainProblem> problem) {

    /**
     * Describes a {@code RECOVERED} line: the sink resumed the chain here, after dropping events
     * it could not write, or after a torn line (which it overwrote).
     *
     * @param file          the file of the {@code RECOVERED} line
     * @param line          its line in that file
     * @param droppedEvents events the sink could not write before it (0 after a plain crash)
     * @param tornBytes     length of the torn line it replaced (0 when there was none)
     */
    public record Recovery(Path file, long line, long droppedEvents, long tornBytes) {

        /** Checks that no part is null. */
        public Recovery {
            Objects.requireNonNull(file, "file");
        }
    }

    /** Checks that no part is null and copies the list. */
    public ChainVerification {
        Objects.requireNonNull(last, "last");
        recoveries = List.copyOf(recoveries);
        Objects.requireNonNull(problem, "problem");
    }

    /** Whether every line verified: no problem found. */
    public boolean ok() {
        return problem.isEmpty();
    }

    /** {@code ChainVerification[ok, 120 lines in 3 files, last seq 120 ...]} or {@code ChainVerification[CHANGED at ..., 6 lines verified before]}. */
    @Override
    public String toString() {
        String recovered = recoveries.isEmpty() ? "" : ", " + recoveries.size() + " recovered";
        return problem.map(p -> "ChainVerification[" + p + "; " + lines + " lines verified before" + recovered + "]")
                .orElseGet(() -> "ChainVerification[ok, " + lines + " lines in " + files + " files, last " + last + recovered + "]");
    }
}
