package dev.secrets4j.audit;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Describes the first place where an audit log is not the chain its sink wrote: what kind of
 * damage, in which file, at which line. How each kind is told apart is in {@code docs/audit.md}.
 *
 * @param kind    what was found
 * @param file    the file (or, for {@link Kind#MISSING_FILE} with no file at all, the folder)
 * @param line    the line in {@code file}, from 1 ({@code 0} when there is no line to point at;
 *                one past the last line for {@link Kind#TRUNCATED})
 * @param message what is wrong and what to do, naming sequence numbers and key ids, never a key
 */
public record ChainProblem(Kind kind, Path file, long line, String message) {

    /** The kinds of damage the verifier names. */
    public enum Kind {
        /** A line's content does not match its hash, is not an audit line, or is not in canonical form. */
        CHANGED,
        /** Lines are missing here: a gap in the sequence numbers that no later line fills. */
        DELETED,
        /** A line that is not part of the chain: without it, the chain continues. */
        INSERTED,
        /** A line of the chain is here, but the line that should come next comes later. */
        REORDERED,
        /** The last line of a file has no newline: a write was cut short (a crash, a full disk) or the file was cut. */
        TORN,
        /** The log ends before a checkpoint the verifier was given: lines were removed from its end. */
        TRUNCATED,
        /** The log does not start where the chain starts: its first file or files are missing, or there are no files. */
        MISSING_FILE,
        /** A line's hash mode or HMAC key is not one the verifier was given, or the key given under its id is wrong. */
        WRONG_KEY
    }

    /** Checks that no part is null and that {@code line} is not negative. */
    public ChainProblem {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(message, "message");
        if (line < 0) {
            throw new IllegalArgumentException("line must be 0 or more, got " + line);
        }
    }

    /** {@code CHANGED at /var/log/app/audit/audit-000002.jsonl line 7: seq 57: its hash does not match ...}. */
    @Override
    public String toString() {
        return kind + " at " + file + (line > 0 ? " line " + line : "") + ": " + message;
    }
}
