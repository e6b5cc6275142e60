package dev.secrets4j.audit;

import dev.secrets4j.AuditEvent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/** Builds logs with a real sink and edits their files the way an attacker or a crash would. */
final class AuditLogs {

    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private AuditLogs() {
    }

    /** The n-th test event: a FETCH of DB_PASSWORD at T0 + n seconds. */
    static AuditEvent event(int n) {
        return new AuditEvent(T0.plusSeconds(n), "DB_PASSWORD", Optional.of("v" + n), "vault", AuditEvent.Action.FETCH,
                AuditEvent.Outcome.SUCCESS, Optional.of("svc-" + n), Optional.of("boot read " + n));
    }

    /** Writes {@code count} events with {@code sink}, numbered from {@code from}. */
    static void record(HashChainAuditSink sink, int from, int count) {
        for (int i = from; i < from + count; i++) {
            sink.record(event(i));
        }
    }

    static Path file(Path dir, int index) {
        return dir.resolve(LogFiles.name("audit", index));
    }

    static List<String> lines(Path file) {
        try {
            return new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void write(Path file, List<String> lines) {
        try {
            Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Changes line {@code number} (from 1) of {@code file} with {@code edit}. */
    static void edit(Path file, int number, UnaryOperator<String> edit) {
        List<String> lines = lines(file);
        lines.set(number - 1, edit.apply(lines.get(number - 1)));
        write(file, lines);
    }

    /** The members of a line, read back. */
    static SortedMap<String, Object> members(String line) {
        return new TreeMap<>(AuditLine.parse(line.getBytes(StandardCharsets.UTF_8)).members());
    }

    /** {@code line} with {@code change} applied to its members and its sha256 hash recomputed, as anyone can in sha256 mode. */
    static String resealSha256(String line, UnaryOperator<SortedMap<String, Object>> change) {
        SortedMap<String, Object> m = change.apply(members(line));
        m.remove(AuditLine.HASH);
        m.put(AuditLine.HASH, LineHash.sha256().hex(CanonicalJson.write(m)));
        return new String(CanonicalJson.write(m), StandardCharsets.UTF_8);
    }

    static long seqOf(String line) {
        return (Long) members(line).get(AuditLine.SEQ);
    }

    static String hashOf(String line) {
        return (String) members(line).get(AuditLine.HASH);
    }
}
