package dev.secrets4j.audit;

import dev.secrets4j.audit.ChainProblem.Kind;
import dev.secrets4j.audit.ChainVerification.Recovery;
import dev.secrets4j.audit.LogFiles.LogFile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;

/**
 * One verification: accepts lines while each is intact and continues the chain, and at the first
 * that does not, looks at it and the lines after it to name the problem. The rules, in the order
 * they are tried, are the table in {@code docs/audit.md}.
 */
final class ChainWalk {

    private final List<LogFile> files;
    private final Path where;
    private final LineReader reader;
    private final ChainLink start;
    private final SortedMap<Long, String> checkpoints;
    private final List<Recovery> recoveries = new ArrayList<>();
    private ChainLink last;
    private LogLine lastLine;
    private long lines;

    ChainWalk(List<LogFile> files, Path where, Map<String, LineHash> hmacByKid, ChainLink start, SortedMap<Long, String> checkpoints) {
        this.files = files;
        this.where = where;
        this.reader = new LineReader(files, hmacByKid);
        this.start = start;
        this.checkpoints = checkpoints;
        this.last = start;
    }

    ChainVerification run() throws IOException {
        try (reader) {
            if (files.isEmpty()) {
                return fail(Kind.MISSING_FILE, where, 0, "there are no audit files here; check the folder and the base name");
            }
            for (LogLine line = reader.next(); line != null; line = reader.next()) {
                if (!line.terminated()) {
                    return fail(line, Kind.TORN, "the line has no newline at its end, so it is incomplete: the sink stopped"
                            + " while writing it (a crash, a full disk) or the file was cut here; a sink that starts again on this"
                            + " folder replaces it with a RECOVERED line");
                }
                if (!line.follows(last)) {
                    return classify(line);
                }
                if (!line.canonical()) {
                    return fail(line, Kind.CHANGED, line.describe() + ": its content matches its hash, but its text is not the"
                            + " canonical form the sink writes (whitespace, member order or escapes were changed)");
                }
                String expected = checkpoints.get(line.seq());
                if (expected != null && !expected.equals(line.parsed().hash())) {
                    return fail(line, Kind.CHANGED, line.describe() + ": its hash is not the checkpoint's " + expected
                            + ": this line or one before it was rewritten, and every hash after it recomputed");
                }
                accept(line);
            }
            if (!checkpoints.isEmpty() && checkpoints.lastKey() > last.seq()) {
                Path file = reader.lastFile();
                return fail(Kind.TRUNCATED, file, reader.lastFileLines() + 1, "the log ends at seq " + last.seq()
                        + " but a checkpoint was taken at seq " + checkpoints.lastKey() + ": lines were removed from its end");
            }
            return new ChainVerification(lines, reader.filesOpened(), last, recoveries, Optional.empty());
        }
    }

    private void accept(LogLine line) {
        if (line.parsed().marker().filter(AuditLine.RECOVERED::equals).isPresent()) {
            recoveries.add(new Recovery(line.file(), line.number(), line.parsed().longMember(AuditLine.DROPPED),
                    line.parsed().longMember(AuditLine.TORN_LENGTH)));
        }
        last = line.parsed().link();
        lastLine = line;
        lines++;
    }

    private ChainVerification classify(LogLine line) throws IOException {
        long expected = last.seq() + 1;
        LogLine next = reader.peek();
        boolean nextFollowsLast = next != null && next.follows(last);
        if (line.parsed() == null) {
            return nextFollowsLast
                    ? fail(line, Kind.INSERTED, "it is not an audit line (" + line.malformed() + ") and the next line continues the"
                            + " chain without it")
                    : fail(line, Kind.CHANGED, "it is not an audit line: " + line.malformed());
        }
        if (line.keyProblem() != null) {
            return nextFollowsLast
                    ? fail(line, Kind.INSERTED, line.describe() + ": " + line.keyProblem() + "; and the next line continues the chain"
                            + " without it")
                    : fail(line, Kind.WRONG_KEY, line.describe() + ": " + line.keyProblem());
        }
        if (!line.hashOk()) {
            if (nextFollowsLast) {
                return fail(line, Kind.INSERTED, line.describe() + ": its hash does not match its content, and the next line"
                        + " continues the chain without it");
            }
            if (reader.hmac() && line.parsed().seq() == expected && line.parsed().prev().equals(last.hash()) && failsButChains(next, line)) {
                String kid = line.parsed().kid().orElseThrow();
                return fail(line, Kind.WRONG_KEY, line.describe() + ": neither this line nor the next verifies under key '" + kid
                        + "', though they chain to each other: the key the verifier was given as '" + kid + "' is not the one"
                        + " the sink used (or every line was rewritten without the key); check the key");
            }
            return fail(line, Kind.CHANGED, line.describe() + ": its hash does not match its content under "
                    + line.parsed().kid().map(k -> "key '" + k + "'").orElse("sha256") + ": the line was edited after it was written");
        }
        long seq = line.seq();
        if (seq == expected) {
            return sameSeqOtherPrev(line, next, nextFollowsLast);
        }
        if (seq < expected) {
            return seqAlreadyPassed(line, next, nextFollowsLast);
        }
        return seqAhead(line, expected);
    }

    /** An intact line with the expected sequence number whose {@code prev} is not the last line's hash. */
    private ChainVerification sameSeqOtherPrev(LogLine line, LogLine next, boolean nextFollowsLast) {
        if (lastLine == null) {
            return fail(line, Kind.CHANGED, line.describe() + ": it does not chain to " + (start.seq() == 0
                    ? "the genesis (its prev is not 64 zeros)" : "the line given to startAfter (" + start + ")")
                    + ": it belongs to another log, or the line before it was rewritten");
        }
        if (next != null && next.follows(line.parsed().link())) {
            return fail(lastLine, Kind.CHANGED, lastLine.describe() + ": its hash is not the one the next line chains to, though"
                    + " it matches its own content: the line was replaced and its hash recomputed (possible only in sha256 mode,"
                    + " or with the HMAC key)");
        }
        if (nextFollowsLast) {
            return fail(line, Kind.INSERTED, line.describe() + ": it verifies on its own but chains to a line that is not here,"
                    + " and the next line continues the chain without it: it was copied in from another log");
        }
        return fail(line, Kind.CHANGED, line.describe() + ": it verifies on its own but its prev is not the hash of the line"
                + " before it: it was copied from another log, or the line before it was replaced");
    }

    /** An intact line whose sequence number the chain has passed. */
    private ChainVerification seqAlreadyPassed(LogLine line, LogLine next, boolean nextFollowsLast) {
        if (line.parsed().hash().equals(last.hash())) {
            return fail(line, Kind.INSERTED, line.describe() + ": it repeats the line before it");
        }
        if (nextFollowsLast) {
            return fail(line, Kind.INSERTED, line.describe() + ": the chain is past seq " + line.seq()
                    + ", and the next line continues it without this one");
        }
        if (lastLine != null && line.seq() == last.seq() && line.parsed().prev().equals(lastLine.parsed().prev())
                && next != null && next.follows(line.parsed().link())) {
            return fail(lastLine, Kind.INSERTED, lastLine.describe() + ": it and the line after it both claim seq " + line.seq()
                    + " after the same line, and the log continues from the other one, so this one was inserted (its hash"
                    + " recomputed: possible only in sha256 mode, or with the HMAC key)");
        }
        return fail(line, Kind.INSERTED, line.describe() + ": the chain is already past seq " + line.seq()
                + " (at seq " + last.seq() + "): the line repeats an earlier one or was copied in");
    }

    /** An intact line whose sequence number is ahead of the chain: moved up, or lines before it are gone. */
    private ChainVerification seqAhead(LogLine line, long expected) throws IOException {
        long seq = line.seq();
        LogLine missing = null;
        boolean predecessorFound = false;
        for (LogLine later = reader.next(); later != null && (missing == null || !predecessorFound); later = reader.next()) {
            if (missing == null && later.follows(last)) {
                missing = later;
            }
            if (later.intact() && later.seq() == seq - 1 && later.parsed().hash().equals(line.parsed().prev())) {
                predecessorFound = true;
            }
        }
        if (missing != null && predecessorFound) {
            return fail(line, Kind.REORDERED, line.describe() + " is here, but seq " + expected + ", which comes next, is later, at "
                    + missing.file().getFileName() + " line " + missing.number() + ": lines were moved");
        }
        if (missing != null) {
            return fail(line, Kind.INSERTED, line.describe() + ": it verifies on its own but the line it chains to is not in the"
                    + " log, and seq " + expected + " follows later at " + missing.file().getFileName() + " line " + missing.number()
                    + ": it was copied in from another log");
        }
        String range = seq - expected == 1 ? "seq " + expected : "seq " + expected + " to " + (seq - 1);
        if (lastLine == null && line.fileIndex() != 1) {
            return fail(line, Kind.MISSING_FILE, "the log starts at seq " + seq + " in " + line.file().getFileName()
                    + ", so " + range + " (the files before it) are missing; verify the whole folder, or pass startAfter"
                    + " with the last line of the files verified before");
        }
        if (line.parsed().prev().equals(last.hash())) {
            return fail(line, Kind.CHANGED, line.describe() + ": it chains to seq " + last.seq() + " but is numbered " + seq
                    + ": it was rewritten with its hash recomputed");
        }
        String files = "";
        if (lastLine != null && line.number() == 1 && lastLine.fileIndex() >= 0 && line.fileIndex() > lastLine.fileIndex() + 1) {
            files = "; the files numbered " + (lastLine.fileIndex() + 1)
                    + (line.fileIndex() - lastLine.fileIndex() > 2 ? " to " + (line.fileIndex() - 1) : "") + " are missing";
        }
        return fail(line, Kind.DELETED, range + " " + (seq - expected == 1 ? "is" : "are") + " missing before " + line.describe()
                + files);
    }

    /** Whether {@code next} is a complete line with a known key that fails its hash but chains to {@code line}'s stated hash. */
    private static boolean failsButChains(LogLine next, LogLine line) {
        return next != null && next.terminated() && next.parsed() != null && next.keyProblem() == null && !next.hashOk()
                && next.seq() == line.seq() + 1 && next.parsed().prev().equals(line.parsed().hash());
    }

    private ChainVerification fail(LogLine line, Kind kind, String message) {
        return fail(kind, line.file(), line.number(), message);
    }

    private ChainVerification fail(Kind kind, Path file, long lineNumber, String message) {
        // Lines accepted before the problem are verified; a problem at the last accepted line is not.
        long verified = lines;
        ChainLink verifiedLast = last;
        if (lastLine != null && file.equals(lastLine.file()) && lineNumber == lastLine.number()) {
            verified--;
            if (!recoveries.isEmpty() && recoveries.get(recoveries.size() - 1).line() == lineNumber
                    && recoveries.get(recoveries.size() - 1).file().equals(file)) {
                recoveries.remove(recoveries.size() - 1);
            }
            verifiedLast = verified == 0 ? start : new ChainLink(last.seq() - 1, lastLine.parsed().prev());
        }
        return new ChainVerification(verified, reader.filesOpened(), verifiedLast, recoveries,
                Optional.of(new ChainProblem(kind, file, lineNumber, message)));
    }
}
