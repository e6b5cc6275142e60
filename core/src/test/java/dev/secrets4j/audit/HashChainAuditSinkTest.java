package dev.secrets4j.audit;

import ch.qos.logback.classic.Level;
import dev.secrets4j.AuditEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static dev.secrets4j.audit.AuditLogs.file;
import static dev.secrets4j.audit.AuditLogs.hashOf;
import static dev.secrets4j.audit.AuditLogs.lines;
import static dev.secrets4j.audit.AuditLogs.members;
import static dev.secrets4j.audit.AuditLogs.seqOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

class HashChainAuditSinkTest {

    private static final byte[] KEY_1 = "k1-canary-audit-key-0123456789ab".getBytes(StandardCharsets.UTF_8);
    private static final byte[] KEY_2 = "k2-canary-audit-key-0123456789ab".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    @Test
    void record_writesOneCanonicalLinePerEvent_chainedFromTheGenesis() {
        try (HashChainAuditSink sink = HashChainAuditSink.builder(dir).build()) {
            AuditLogs.record(sink, 1, 3);

            List<String> lines = lines(file(dir, 1));
            assertThat(lines).hasSize(3);
            assertThat(members(lines.get(0))).contains(
                    entry("seq", 1L), entry("prev", ChainLink.GENESIS_HASH), entry("alg", "sha256"),
                    entry("time", "2026-03-01T10:00:01Z"), entry("secret", "DB_PASSWORD"), entry("version", "v1"),
                    entry("provider", "vault"), entry("action", "FETCH"), entry("outcome", "SUCCESS"),
                    entry("principal", "svc-1"), entry("detail", "boot read 1")).doesNotContainKey("kid");
            assertThat(members(lines.get(1))).contains(entry("seq", 2L), entry("prev", hashOf(lines.get(0))));
            assertThat(members(lines.get(2))).contains(entry("seq", 3L), entry("prev", hashOf(lines.get(1))));
            for (String line : lines) {
                assertThat(line.getBytes(StandardCharsets.UTF_8)).isEqualTo(CanonicalJson.write(members(line)));
            }
            assertThat(sink.head()).isEqualTo(new ChainLink(3, hashOf(lines.get(2))));
        }
        assertThat(AuditChainVerifier.sha256().verify(dir).lines()).isEqualTo(3);
    }

    @Test
    void record_leavesEmptyOptionalsOut() {
        try (HashChainAuditSink sink = HashChainAuditSink.builder(dir).build()) {
            sink.record(new AuditEvent(AuditLogs.T0, "K", Optional.empty(), "-", AuditEvent.Action.FETCH_FAILED,
                    AuditEvent.Outcome.FAILURE, Optional.empty(), Optional.empty()));
        }

        assertThat(members(lines(file(dir, 1)).get(0)).keySet())
                .containsExactly("action", "alg", "hash", "outcome", "prev", "provider", "secret", "seq", "time");
    }

    @Test
    void build_createsTheFolderAndAnEmptyFirstFile_whichVerifiesAsAnEmptyLog() throws Exception {
        Path nested = dir.resolve("a/b");
        try (HashChainAuditSink sink = HashChainAuditSink.builder(nested).build()) {
            assertThat(sink.currentFile()).contains(file(nested, 1).toAbsolutePath());
            assertThat(sink.head()).isEqualTo(ChainLink.genesis());
        }

        assertThat(Files.size(file(nested, 1))).isZero();
        ChainVerification result = AuditChainVerifier.sha256().verify(nested);
        assertThat(result.ok()).isTrue();
        assertThat(result.lines()).isZero();
        assertThat(result.last()).isEqualTo(ChainLink.genesis());
    }

    @Test
    void maxFileSize_rollsOver_andTheFirstLineOfTheNewFileChainsToTheLastOfThePrevious() throws Exception {
        long max = 1000;
        try (HashChainAuditSink sink = HashChainAuditSink.builder(dir).maxFileSize(max).build()) {
            AuditLogs.record(sink, 1, 10);
        }

        List<Path> files = logFiles();
        assertThat(files).hasSizeGreaterThan(2);
        for (Path f : files) {
            assertThat(Files.size(f)).isLessThanOrEqualTo(max);
        }
        List<String> first = lines(files.get(0));
        String secondFileFirst = lines(files.get(1)).get(0);
        assertThat(seqOf(secondFileFirst)).isEqualTo(first.size() + 1L);
        assertThat(members(secondFileFirst)).containsEntry("prev", hashOf(first.get(first.size() - 1)));
        ChainVerification result = AuditChainVerifier.sha256().verify(dir);
        assertThat(result.ok()).isTrue();
        assertThat(result.lines()).isEqualTo(10);
        assertThat(result.files()).isEqualTo(files.size());
    }

    @Test
    void maxFileSize_smallerThanALine_givesEachLineAFileOfItsOwn() {
        try (HashChainAuditSink sink = HashChainAuditSink.builder(dir).maxFileSize(1).build()) {
            AuditLogs.record(sink, 1, 3);
        }

        assertThat(logFiles()).hasSize(3).allSatisfy(f -> assertThat(lines(f)).hasSize(1));
        assertThat(AuditChainVerifier.sha256().verify(dir).lines()).isEqualTo(3);
    }

    @Test
    void rolloverDaily_startsANewFileWithTheFirstLineOfADay_inTheClocksZone() {
        // 23:59 in UTC+2 is 21:59 UTC: the day changes two minutes later there, not in UTC.
        MutableClock clock = new MutableClock(Instant.parse("2026-03-01T21:59:00Z"), ZoneOffset.ofHours(2));
        try (HashChainAuditSink sink = HashChainAuditSink.builder(dir).rolloverDaily().clock(clock).build()) {
            AuditLogs.record(sink, 1, 2);
            clock.advance(Duration.ofMinutes(2));
            AuditLogs.record(sink, 3, 1);
        }

        assertThat(lines(file(dir, 1))).hasSize(2);
        assertThat(lines(file(dir, 2))).hasSize(1);
        assertThat(AuditChainVerifier.sha256().verify(dir).ok()).isTrue();
    }

    @Test
    void restart_continuesTheChainFromTheLastLineOfTheNewestFile() {
        ChainLink headBefore;
        try (HashChainAuditSink sink = HashChainAuditSink.builder(dir).maxFileSize(1000).build()) {
            AuditLogs.record(sink, 1, 4);
            headBefore = sink.head();
        }
        try (HashChainAuditSink sink = HashChainAuditSink.builder(dir).maxFileSize(1000).build()) {
            assertThat(sink.head()).isEqualTo(headBefore);
            AuditLogs.record(sink, 5, 3);
            assertThat(sink.head().seq()).isEqualTo(7);
        }

        ChainVerification result = AuditChainVerifier.sha256().verify(dir);
        assertThat(result.ok()).as(result.toString()).isTrue();
        assertThat(result.lines()).isEqualTo(7);
        assertThat(result.recoveries()).isEmpty();
    }

    @Test
    void restart_withDailyRollover_startsANewFileWhenTheNewestWasLastWrittenOnAnEarlierDay() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-03-02T08:00:00Z"));
        try (HashChainAuditSink sink = HashChainAuditSink.builder(dir).rolloverDaily().clock(clock).build()) {
            AuditLogs.record(sink, 1, 2);
        }
        Files.setLastModifiedTime(file(dir, 1), FileTime.from(Instant.parse("2026-03-01T20:00:00Z")));

        try (HashChainAuditSink sink = HashChainAuditSink.builder(dir).rolloverDaily().clock(clock).build()) {
            AuditLogs.record(sink, 3, 1);
        }

        assertThat(lines(file(dir, 1))).hasSize(2);
        assertThat(lines(file(dir, 2))).hasSize(1);
    }

    @Test
    void build_refusesAFolderThatAnotherSinkWrites_untilItIsClosed() {
        HashChainAuditSink first = HashChainAuditSink.builder(dir).build();

        assertThatThrownBy(() -> HashChainAuditSink.builder(dir).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("is already written by another sink");

        first.close();
        HashChainAuditSink.builder(dir).build().close();
    }

    @Test
    void build_refusesToContinueALogWrittenInAnotherHashMode() {
        try (HashChainAuditSink sink = HashChainAuditSink.builder(dir).build()) {
            AuditLogs.record(sink, 1, 1);
        }

        assertThatThrownBy(() -> HashChainAuditSink.builder(dir).hmacSha256(AuditKey.of("k1", KEY_1)).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("was written with sha256 but this sink hashes with hmac-sha256");
        // The failed build released the folder.
        HashChainAuditSink.builder(dir).build().close();
    }

    @Test
    void build_refusesToContinueFromALastLineThatIsNotAnAuditLine() throws Exception {
        try (HashChainAuditSink sink = HashChainAuditSink.builder(dir).build()) {
            AuditLogs.record(sink, 1, 2);
        }
        Files.writeString(file(dir, 1), "not json\n", StandardOpenOption.APPEND);

        assertThatThrownBy(() -> HashChainAuditSink.builder(dir).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("the last complete line of audit-000001.jsonl is not an audit line")
                .hasMessageContaining("AuditChainVerifier");
    }

    @Test
    void hmac_linesCarryTheKeyId_andTheSupplierIsAskedAgainAtEachRollover() {
        AtomicInteger calls = new AtomicInteger();
        try (HashChainAuditSink sink = HashChainAuditSink.builder(dir).maxFileSize(1)
                .hmacSha256(() -> calls.incrementAndGet() == 1 ? AuditKey.of("k1", KEY_1) : AuditKey.of("k2", KEY_2))
                .build()) {
            AuditLogs.record(sink, 1, 3);
        }

        assertThat(calls).hasValue(3);
        assertThat(members(lines(file(dir, 1)).get(0))).contains(entry("alg", "hmac-sha256"), entry("kid", "k1"));
        assertThat(members(lines(file(dir, 2)).get(0))).containsEntry("kid", "k2");
        ChainVerification result = AuditChainVerifier.builder()
                .hmacKey(AuditKey.of("k1", KEY_1)).hmacKey(AuditKey.of("k2", KEY_2)).build().verify(dir);
        assertThat(result.ok()).as(result.toString()).isTrue();
        assertThat(result.lines()).isEqualTo(3);
    }

    @Test
    void hmac_supplierFailingAtRollover_keepsThePreviousKeyWithAWarn() {
        AtomicInteger calls = new AtomicInteger();
        try (LogCapture log = new LogCapture(ChainWriter.class);
             HashChainAuditSink sink = HashChainAuditSink.builder(dir).maxFileSize(1).hmacSha256(() -> {
                 if (calls.incrementAndGet() > 1) {
                     throw new IllegalStateException("vault down");
                 }
                 return AuditKey.of("k1", KEY_1);
             }).build()) {
            AuditLogs.record(sink, 1, 2);

            assertThat(log.at(Level.WARN)).singleElement().asString()
                    .contains("key supplier failed at rollover (IllegalStateException)", "hmac-sha256 key 'k1'");
        }
        assertThat(members(lines(file(dir, 2)).get(0))).containsEntry("kid", "k1");
        assertThat(AuditChainVerifier.builder().hmacKey(AuditKey.of("k1", KEY_1)).build().verify(dir).ok()).isTrue();
    }

    @Test
    void hmac_supplierFailingAtBuild_failsTheBuild() {
        assertThatThrownBy(() -> HashChainAuditSink.builder(dir).hmacSha256(() -> {
            throw new IllegalStateException("no key yet");
        }).build()).isInstanceOf(IllegalStateException.class).hasMessageContaining("key supplier failed");
        assertThatThrownBy(() -> HashChainAuditSink.builder(dir).hmacSha256(() -> null).build())
                .hasMessageContaining("returned null");
    }

    @Test
    void record_fromManyThreads_givesEveryEventOneLineInOneChain() throws Exception {
        int threads = 8;
        int perThread = 250;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (HashChainAuditSink sink = HashChainAuditSink.builder(dir).maxFileSize(50_000).build()) {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int base = t * perThread;
                done.add(pool.submit(() -> {
                    go.await();
                    AuditLogs.record(sink, base, perThread);
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }

        ChainVerification result = AuditChainVerifier.sha256().verify(dir);
        assertThat(result.ok()).as(result.toString()).isTrue();
        assertThat(result.lines()).isEqualTo(threads * perThread);
        assertThat(logFiles().stream().flatMap(f -> lines(f).stream()).map(l -> members(l).get("detail")).distinct())
                .hasSize(threads * perThread);
    }

    @Test
    void fsyncEveryLine_writesTheSameChain() {
        try (HashChainAuditSink sink = HashChainAuditSink.builder(dir).fsync(HashChainAuditSink.Fsync.EVERY_LINE).maxFileSize(700).build()) {
            AuditLogs.record(sink, 1, 5);
        }

        assertThat(AuditChainVerifier.sha256().verify(dir).lines()).isEqualTo(5);
    }

    @Test
    void record_afterClose_dropsTheEventWithOneWarn_andDoesNotThrow() {
        HashChainAuditSink sink = HashChainAuditSink.builder(dir).build();
        sink.close();
        sink.close();

        try (LogCapture log = new LogCapture(HashChainAuditSink.class)) {
            AuditLogs.record(sink, 1, 3);
            sink.record(null);

            assertThat(log.at(Level.WARN)).singleElement().asString().contains("is closed");
        }
        assertThat(lines(file(dir, 1))).isEmpty();
        assertThat(sink.currentFile()).isEmpty();
    }

    @Test
    void builder_rejectsBadSettings_namingTheSettingAndTheValue() {
        HashChainAuditSink.Builder b = HashChainAuditSink.builder(dir);

        assertThatThrownBy(() -> b.maxFileSize(0)).hasMessage("maxFileSize must be at least 1 byte, got 0");
        assertThatThrownBy(() -> b.baseName("../x")).hasMessageContaining("baseName").hasMessageContaining("'../x'");
        assertThatThrownBy(() -> b.baseName(".hidden")).hasMessageContaining("baseName");
        assertThatThrownBy(() -> b.clock(null)).hasMessage("clock");
        assertThatThrownBy(() -> AuditKey.of("k", new byte[15])).hasMessageContaining("has 15 bytes, need at least 16");
        assertThatThrownBy(() -> AuditKey.of(" ", KEY_1)).hasMessageContaining("audit key id");
    }

    @Test
    void baseName_namesTheFiles_andTheVerifierFindsThemByIt() {
        try (HashChainAuditSink sink = HashChainAuditSink.builder(dir).baseName("secrets-audit").build()) {
            AuditLogs.record(sink, 1, 2);
        }

        assertThat(dir.resolve("secrets-audit-000001.jsonl")).exists();
        assertThat(AuditChainVerifier.builder().baseName("secrets-audit").build().verify(dir).lines()).isEqualTo(2);
        assertThat(AuditChainVerifier.sha256().verify(dir).problem()).hasValueSatisfying(
                p -> assertThat(p.kind()).isEqualTo(ChainProblem.Kind.MISSING_FILE));
    }

    @Test
    void toString_namesFileModeKeyIdAndSeq_neverTheKey() {
        try (HashChainAuditSink sink = HashChainAuditSink.builder(dir).hmacSha256(AuditKey.of("k1", KEY_1)).build()) {
            AuditLogs.record(sink, 1, 2);

            assertThat(sink.toString()).isEqualTo("HashChainAuditSink[" + file(dir, 1).toAbsolutePath()
                    + ", hmac-sha256 key 'k1', seq 2]");
            assertThat(NoValueInLogTest.forms(KEY_1)).allSatisfy(form -> assertThat(sink.toString()).doesNotContain(form));
        }
    }

    private List<Path> logFiles() {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".jsonl")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
