package dev.secrets4j.audit;

import dev.secrets4j.audit.ChainProblem.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static dev.secrets4j.audit.AuditLogs.edit;
import static dev.secrets4j.audit.AuditLogs.file;
import static dev.secrets4j.audit.AuditLogs.lines;
import static dev.secrets4j.audit.AuditLogs.resealSha256;
import static dev.secrets4j.audit.AuditLogs.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Each kind of damage to a sha256 log, found at the exact line, within a file and across a
 * rollover. The logs are written by a real sink that rolls over daily on a test clock, three lines
 * per file; the damage is done to the files as an attacker or an accident would.
 */
class AuditChainVerifierTest {

    @TempDir
    Path dir;

    @Test
    void intactLog_verifies_countingLinesAndFiles_andEndingAtTheSinksHead() {
        ChainLink head = log(3, 3);

        ChainVerification result = verify();

        assertThat(result.ok()).isTrue();
        assertThat(result.problem()).isEmpty();
        assertThat(result.lines()).isEqualTo(9);
        assertThat(result.files()).isEqualTo(3);
        assertThat(result.last()).isEqualTo(head);
        assertThat(result).hasToString("ChainVerification[ok, 9 lines in 3 files, last " + head + "]");
    }

    @Test
    void editedField_isChangedAtThatLine() {
        log(2, 3);
        edit(file(dir, 1), 2, l -> l.replace("svc-2", "svc-X"));

        assertProblem(verify(), Kind.CHANGED, file(dir, 1), 2, "seq 2: its hash does not match its content under sha256");
        assertThat(verify().lines()).isEqualTo(1);
    }

    @Test
    void editedFieldInALaterFile_isChangedAtThatFileAndLine() {
        log(2, 3);
        edit(file(dir, 2), 3, l -> l.replace("\"outcome\":\"SUCCESS\"", "\"outcome\":\"FAILURE\""));

        assertProblem(verify(), Kind.CHANGED, file(dir, 2), 3, "seq 6");
    }

    @Test
    void editedLineWithItsSha256Recomputed_isChangedAtThatLine_foundThroughTheNextLinesPrev() {
        log(2, 3);
        edit(file(dir, 1), 2, l -> resealSha256(l, m -> {
            m.put("principal", "someone-else");
            return m;
        }));

        assertProblem(verify(), Kind.CHANGED, file(dir, 1), 2, "seq 2: its hash is not the one the next line chains to");
    }

    @Test
    void editedLastLineWithItsSha256Recomputed_passesAlone_butNotAgainstACheckpoint() {
        ChainLink head = log(1, 3);
        edit(file(dir, 1), 3, l -> resealSha256(l, m -> {
            m.put("detail", "nothing to see");
            return m;
        }));

        assertThat(verify().ok()).isTrue();
        ChainVerification checked = AuditChainVerifier.builder().checkpoint(head).build().verify(dir);
        assertProblem(checked, Kind.CHANGED, file(dir, 1), 3, "its hash is not the checkpoint's " + head.hash());
    }

    @Test
    void reformattedLine_isChanged_thoughItsContentStillMatchesItsHash() {
        log(1, 3);
        edit(file(dir, 1), 2, l -> l.replace(",\"outcome\":", ", \"outcome\":"));

        assertProblem(verify(), Kind.CHANGED, file(dir, 1), 2, "its text is not the canonical form");
    }

    @Test
    void lineThatIsNotJson_isChanged() {
        log(1, 3);
        edit(file(dir, 1), 2, l -> l.substring(0, 30));

        assertProblem(verify(), Kind.CHANGED, file(dir, 1), 2, "it is not an audit line: it is not a JSON object");
    }

    @Test
    void deletedLine_isDeletedAtTheLineThatNowStandsInItsPlace() {
        log(1, 4);
        List<String> lines = lines(file(dir, 1));
        lines.remove(1);
        write(file(dir, 1), lines);

        assertProblem(verify(), Kind.DELETED, file(dir, 1), 2, "seq 2 is missing before seq 3");
    }

    @Test
    void deletedLines_areCountedInTheMessage() {
        log(1, 5);
        List<String> lines = lines(file(dir, 1));
        lines.subList(1, 3).clear();
        write(file(dir, 1), lines);

        assertProblem(verify(), Kind.DELETED, file(dir, 1), 2, "seq 2 to 3 are missing before seq 4");
    }

    @Test
    void deletedLastLineOfAFile_isDeletedAtTheFirstLineOfTheNextFile() {
        log(2, 3);
        List<String> lines = lines(file(dir, 1));
        lines.remove(2);
        write(file(dir, 1), lines);

        assertProblem(verify(), Kind.DELETED, file(dir, 2), 1, "seq 3 is missing before seq 4");
    }

    @Test
    void deletedFirstLineOfAFile_isDeletedAtTheLineAfterIt() {
        log(2, 3);
        List<String> lines = lines(file(dir, 2));
        lines.remove(0);
        write(file(dir, 2), lines);

        assertProblem(verify(), Kind.DELETED, file(dir, 2), 1, "seq 4 is missing before seq 5");
    }

    @Test
    void deletedMiddleFile_isDeletedAtTheNextFile_namingTheMissingNumber() throws Exception {
        log(3, 3);
        Files.delete(file(dir, 2));

        assertProblem(verify(), Kind.DELETED, file(dir, 3), 1, "seq 4 to 6 are missing before seq 7; the files numbered 2 are missing");
    }

    @Test
    void duplicatedLine_isInsertedAtTheCopy() {
        log(1, 4);
        List<String> lines = lines(file(dir, 1));
        lines.add(2, lines.get(1));
        write(file(dir, 1), lines);

        assertProblem(verify(), Kind.INSERTED, file(dir, 1), 3, "seq 2: it repeats the line before it");
    }

    @Test
    void earlierLineCopiedFurtherDown_isInserted() {
        log(2, 3);
        List<String> lines = lines(file(dir, 2));
        lines.add(1, lines(file(dir, 1)).get(0));
        write(file(dir, 2), lines);

        assertProblem(verify(), Kind.INSERTED, file(dir, 2), 2, "seq 1: the chain is past seq 1");
    }

    @Test
    void garbageLine_isInserted_becauseTheChainContinuesWithoutIt() {
        log(1, 4);
        List<String> lines = lines(file(dir, 1));
        lines.add(1, "hello");
        write(file(dir, 1), lines);

        assertProblem(verify(), Kind.INSERTED, file(dir, 1), 2, "the next line continues the chain without it");
    }

    @Test
    void forgedLineWithARecomputedSha256_isInsertedAtTheForgery() {
        log(1, 4);
        List<String> lines = lines(file(dir, 1));
        // A made-up seq 2 that chains to seq 1, placed before the real seq 2.
        lines.add(1, resealSha256(lines.get(1), m -> {
            m.put("detail", "forged");
            return m;
        }));
        write(file(dir, 1), lines);

        assertProblem(verify(), Kind.INSERTED, file(dir, 1), 2, "seq 2: it and the line after it both claim seq 2");
    }

    @Test
    void swappedLines_areReorderedAtTheFirstOfThem() {
        log(1, 5);
        List<String> lines = lines(file(dir, 1));
        lines.add(1, lines.remove(2));
        write(file(dir, 1), lines);

        assertProblem(verify(), Kind.REORDERED, file(dir, 1), 2, "seq 3 is here, but seq 2, which comes next, is later, at audit-000001.jsonl line 3");
    }

    @Test
    void lineMovedUpAcrossARollover_isReorderedWhereItNowStands() {
        log(2, 3);
        List<String> first = lines(file(dir, 1));
        List<String> second = lines(file(dir, 2));
        first.add(1, second.remove(1));
        write(file(dir, 1), first);
        write(file(dir, 2), second);

        assertProblem(verify(), Kind.REORDERED, file(dir, 1), 2, "seq 5 is here, but seq 2");
    }

    @Test
    void linesSwappedAcrossTheRolloverBoundary_areReorderedAtTheLastLineOfTheFirstFile() {
        log(2, 3);
        List<String> first = lines(file(dir, 1));
        List<String> second = lines(file(dir, 2));
        String last = first.set(2, second.get(0));
        second.set(0, last);
        write(file(dir, 1), first);
        write(file(dir, 2), second);

        assertProblem(verify(), Kind.REORDERED, file(dir, 1), 3, "seq 4 is here, but seq 3, which comes next, is later, at audit-000002.jsonl line 1");
    }

    @Test
    void lastLineCutShort_isTorn() throws Exception {
        log(2, 3);
        String content = AuditLogs.read(file(dir, 2));
        Files.writeString(file(dir, 2), content.substring(0, content.length() - 30));

        ChainVerification result = verify();

        assertProblem(result, Kind.TORN, file(dir, 2), 3, "the line has no newline at its end");
        assertThat(result.lines()).isEqualTo(5);
    }

    @Test
    void lastNewlineRemoved_isTornEvenThoughTheLineIsComplete() throws Exception {
        log(1, 3);
        String content = AuditLogs.read(file(dir, 1));
        Files.writeString(file(dir, 1), content.substring(0, content.length() - 1));

        assertProblem(verify(), Kind.TORN, file(dir, 1), 3, "incomplete");
    }

    @Test
    void tornLineInAnEarlierFile_isTornThere() throws Exception {
        log(2, 3);
        String content = AuditLogs.read(file(dir, 1));
        Files.writeString(file(dir, 1), content.substring(0, content.length() - 30));

        assertProblem(verify(), Kind.TORN, file(dir, 1), 3, "incomplete");
    }

    @Test
    void firstFileMissing_isAMissingFileAtTheFirstLineLeft() throws Exception {
        log(3, 3);
        Files.delete(file(dir, 1));

        assertProblem(verify(), Kind.MISSING_FILE, file(dir, 2), 1, "the log starts at seq 4 in audit-000002.jsonl, so seq 1 to 3 (the files before it) are missing");
    }

    @Test
    void firstLinesOfTheFirstFileDeleted_isDeleted() {
        log(1, 3);
        List<String> lines = lines(file(dir, 1));
        lines.remove(0);
        write(file(dir, 1), lines);

        assertProblem(verify(), Kind.DELETED, file(dir, 1), 1, "seq 1 is missing before seq 2");
    }

    @Test
    void folderWithoutLogFiles_isAMissingFileNamingTheFolder() {
        assertProblem(verify(), Kind.MISSING_FILE, dir, 0, "there are no audit files here");
    }

    @Test
    void pathThatDoesNotExist_throwsNamingIt() {
        Path nowhere = dir.resolve("nowhere");

        assertThatThrownBy(() -> AuditChainVerifier.sha256().verify(nowhere))
                .isInstanceOf(UncheckedIOException.class).hasMessageContaining(nowhere.toString());
    }

    @Test
    void laterFileAlone_isAMissingFile_butVerifiesAfterTheLastLinkOfTheFilesBefore() {
        log(2, 3);
        ChainLink endOfFirst = AuditChainVerifier.sha256().verify(file(dir, 1)).last();

        assertProblem(AuditChainVerifier.sha256().verify(file(dir, 2)), Kind.MISSING_FILE, file(dir, 2), 1, "pass startAfter");
        ChainVerification second = AuditChainVerifier.builder().startAfter(endOfFirst).build().verify(file(dir, 2));
        assertThat(second.ok()).as(second.toString()).isTrue();
        assertThat(second.lines()).isEqualTo(3);
        assertThat(endOfFirst.seq()).isEqualTo(3);
    }

    @Test
    void logCutBeforeACheckpoint_isTruncatedOnePastItsLastLine() {
        ChainLink head = log(2, 3);
        List<String> lines = lines(file(dir, 2));
        write(file(dir, 2), lines.subList(0, 1));

        assertThat(verify().ok()).isTrue();
        ChainVerification checked = AuditChainVerifier.builder().checkpoint(head).build().verify(dir);
        assertProblem(checked, Kind.TRUNCATED, file(dir, 2), 2, "the log ends at seq 4 but a checkpoint was taken at seq 6");
        assertThat(checked.lines()).isEqualTo(4);
    }

    @Test
    void builder_rejectsConflictingCheckpointsAndMalformedLinks() {
        ChainLink link = new ChainLink(3, "ab".repeat(32));

        assertThatThrownBy(() -> AuditChainVerifier.builder().checkpoint(link).checkpoint(new ChainLink(3, "cd".repeat(32))))
                .hasMessage("checkpoint seq 3 was given twice with different hashes");
        assertThatThrownBy(() -> new ChainLink(3, "AB".repeat(32))).hasMessageContaining("64 lowercase hex digits");
        assertThatThrownBy(() -> new ChainLink(-1, "ab".repeat(32))).hasMessageContaining("got -1");
        assertThatThrownBy(() -> new ChainLink(0, "ab".repeat(32))).hasMessageContaining("genesis");
        assertThat(AuditChainVerifier.builder().checkpoint(link).checkpoint(link).build())
                .hasToString("AuditChainVerifier[sha256, audit-*.jsonl, checkpoints at seq 3]");
    }

    /** Writes {@code files} files of {@code perFile} events with a sink that rolls over daily; returns its head. */
    private ChainLink log(int files, int perFile) {
        MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
        try (HashChainAuditSink sink = HashChainAuditSink.builder(dir).rolloverDaily().clock(clock).build()) {
            int n = 1;
            for (int f = 0; f < files; f++) {
                AuditLogs.record(sink, n, perFile);
                n += perFile;
                clock.advance(Duration.ofDays(1));
            }
            return sink.head();
        }
    }

    private ChainVerification verify() {
        return AuditChainVerifier.sha256().verify(dir);
    }

    static void assertProblem(ChainVerification result, Kind kind, Path file, long line, String messagePart) {
        assertThat(result.ok()).as(result.toString()).isFalse();
        ChainProblem p = result.problem().orElseThrow();
        assertThat(p.kind()).as(p.toString()).isEqualTo(kind);
        assertThat(p.file()).as(p.toString()).isEqualTo(file);
        assertThat(p.line()).as(p.toString()).isEqualTo(line);
        assertThat(p.message()).contains(messagePart);
    }
}
