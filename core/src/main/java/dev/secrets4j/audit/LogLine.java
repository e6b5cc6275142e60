package dev.secrets4j.audit;

import java.nio.file.Path;

/**
 * One physical line of a log as the verifier read and checked it.
 *
 * @param file        its file
 * @param fileIndex   the file's number ({@code -1} when its name has none)
 * @param number      its line number in the file, from 1
 * @param terminated  whether a newline ends it (only the last line of a file may lack one)
 * @param parsed      its members, or null when it is not an audit line
 * @param malformed   why it is not an audit line, or null
 * @param keyProblem  why its mode or key is not one the verifier has, or null
 * @param hashOk      whether its hash matches its content under its key
 * @param canonical   whether its bytes are exactly the canonical form of its members
 */
record LogLine(Path file, long fileIndex, long number, boolean terminated, AuditLine.Parsed parsed, String malformed,
               String keyProblem, boolean hashOk, boolean canonical) {

    /** A complete audit line whose hash verifies under a key the verifier has. */
    boolean intact() {
        return terminated && parsed != null && keyProblem == null && hashOk;
    }

    /** Whether it is intact with this sequence number and this {@code prev}. */
    boolean follows(ChainLink link) {
        return intact() && parsed.seq() == link.seq() + 1 && parsed.prev().equals(link.hash());
    }

    long seq() {
        return parsed.seq();
    }

    /** {@code seq 57} for messages, or {@code a line that is not an audit line}. */
    String describe() {
        return parsed == null ? "a line that is not an audit line" : "seq " + parsed.seq();
    }
}
