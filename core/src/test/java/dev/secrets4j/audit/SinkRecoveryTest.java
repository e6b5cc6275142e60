package dev.secrets4j.audit;

import ch.qos.logback.classic.Level;
import dev.secrets4j.audit.ChainProblem.Kind;
import dev.secrets4j.audit.ChainVerification.Recovery;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;

import static dev.secrets4j.audit.AuditLogs.file;
import static dev.secrets4j.audit.AuditLogs.hashOf;
import static dev.secrets4j.audit.AuditLogs.lines;
import static dev.secrets4j.audit.AuditLogs.members;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/** A crash in the middle of a line, and a log that cannot be written for a while. */
class SinkRecoveryTest {

    private static final Instant NOW = Instant.parse("2026-03-05T12:00:00Z");

    @TempDir
    Path dir;

    @Test
    void restart_afterATornLastLine_overwritesItWithARecoveredLine_recordingItsLengthAndSha256() throws Exception {
        write(1, 3);
        String torn = lines(file(dir, 1)).get(0).substring(0, 40);
        Files.writeString(file(dir, 1), torn, StandardOpenOption.APPEND);

        ChainVerification before = AuditChainVerifier.sha256().verify(dir);
        assertThat(before.problem()).hasValueSatisfying(p -> {
            assertThat(p.kind()).isEqualTo(Kind.TORN);
            assertThat(p.line()).isEqualTo(4);
        });
        assertThat(before.lines()).isEqualTo(3);

        write(4, 1);

        List<String> lines = lines(file(dir, 1));
        assertThat(lines).hasSize(5);
        assertThat(members(lines.get(3))).contains(entry("marker", "RECOVERED"), entry("seq", 4L), entry("prev", hashOf(lines.get(2))),
                entry("tornLength", 40L), entry("torn", LineHash.sha256Hex(torn.getBytes(StandardCharsets.UTF_8))),
                entry("time", NOW.toString())).doesNotContainKey("dropped");
        assertThat(members(lines.get(4))).containsEntry("seq", 5L);
        ChainVerification after = AuditChainVerifier.sha256().verify(dir);
        assertThat(after.ok()).as(after.toString()).isTrue();
        assertThat(after.lines()).isEqualTo(5);
        assertThat(after.recoveries()).containsExactly(new Recovery(file(dir, 1), 4, 0, 40));
    }

    @Test
    void restart_afterATornLineLongerThanTheRecoveredLine_cutsTheRestOff() throws Exception {
        write(1, 2);
        Files.writeString(file(dir, 1), "x".repeat(5000), StandardOpenOption.APPEND);

        write(3, 0);

        String content = AuditLogs.read(file(dir, 1));
        assertThat(content).endsWith("}\n").doesNotContain("xxx");
        ChainVerification result = AuditChainVerifier.sha256().verify(dir);
        assertThat(result.ok()).as(result.toString()).isTrue();
        assertThat(result.recoveries()).containsExactly(new Recovery(file(dir, 1), 3, 0, 5000));
    }

    @Test
    void restart_whenTheNewestFileHoldsOnlyATornLine_chainsToTheLastLineOfTheFileBefore() throws Exception {
        write(1, 3);
        String lastOfFirst = lines(file(dir, 1)).get(2);
        Files.writeString(file(dir, 2), "{\"action\":\"FE");

        write(4, 1);

        List<String> second = lines(file(dir, 2));
        assertThat(second).hasSize(2);
        assertThat(members(second.get(0))).contains(entry("marker", "RECOVERED"), entry("prev", hashOf(lastOfFirst)), entry("seq", 4L));
        ChainVerification result = AuditChainVerifier.sha256().verify(dir);
        assertThat(result.ok()).as(result.toString()).isTrue();
        assertThat(result.lines()).isEqualTo(5);
    }

    @Test
    void writeFailure_dropsEventsWithOneWarnPerStreak_thenARecoveredLineCountsThem() throws Exception {
        // Every line gets its own file; a folder where the third file should go makes the rollover fail,
        // and the RECOVERED line goes with the first event that can be written again.
        Files.createDirectory(file(dir, 3));
        try (LogCapture log = new LogCapture(HashChainAuditSink.class);
             HashChainAuditSink sink = HashChainAuditSink.builder(dir).maxFileSize(1).clock(new MutableClock(NOW)).build()) {
            AuditLogs.record(sink, 1, 2);
            AuditLogs.record(sink, 3, 3);

            assertThat(log.at(Level.WARN)).singleElement().asString()
                    .contains("cannot be written", "FileAlreadyExistsException", "a RECOVERED line records how many");
            assertThat(sink.head().seq()).isEqualTo(2);
            assertThat(sink.toString()).contains("(failing)");

            Files.delete(file(dir, 3));
            AuditLogs.record(sink, 6, 1);

            assertThat(log.at(Level.WARN)).hasSize(1);
            assertThat(log.at(Level.INFO)).singleElement().asString().contains("is written again after 3 failed writes");
        }

        assertThat(lines(file(dir, 2))).hasSize(1);
        List<String> third = lines(file(dir, 3));
        assertThat(third).hasSize(2);
        assertThat(members(third.get(0))).contains(entry("marker", "RECOVERED"), entry("dropped", 3L), entry("seq", 3L),
                entry("time", NOW.toString())).doesNotContainKeys("torn", "tornLength");
        assertThat(members(third.get(1))).contains(entry("seq", 4L), entry("detail", "boot read 6"));
        ChainVerification result = AuditChainVerifier.sha256().verify(dir);
        assertThat(result.ok()).as(result.toString()).isTrue();
        assertThat(result.lines()).isEqualTo(4);
        assertThat(result.recoveries()).containsExactly(new Recovery(file(dir, 3), 1, 3, 0));
    }

    @Test
    void writeFailure_twoStreaks_giveTwoWarns() throws Exception {
        try (LogCapture log = new LogCapture(HashChainAuditSink.class);
             HashChainAuditSink sink = HashChainAuditSink.builder(dir).maxFileSize(1).build()) {
            AuditLogs.record(sink, 1, 1);
            Files.createDirectory(file(dir, 2));
            AuditLogs.record(sink, 2, 2);
            Files.delete(file(dir, 2));
            AuditLogs.record(sink, 4, 1);
            Files.createDirectory(file(dir, 3));
            AuditLogs.record(sink, 5, 1);
            Files.delete(file(dir, 3));
            AuditLogs.record(sink, 6, 1);

            assertThat(log.at(Level.WARN)).hasSize(2);
            assertThat(log.at(Level.INFO)).hasSize(2);
        }
        ChainVerification result = AuditChainVerifier.sha256().verify(dir);
        assertThat(result.ok()).as(result.toString()).isTrue();
        assertThat(result.recoveries()).extracting(Recovery::droppedEvents).containsExactly(2L, 1L);
    }

    /** Writes {@code count} events with a fresh sink (a restart), then closes it. */
    private void write(int from, int count) {
        try (HashChainAuditSink sink = HashChainAuditSink.builder(dir).clock(new MutableClock(NOW)).build()) {
            AuditLogs.record(sink, from, count);
        }
    }
}
