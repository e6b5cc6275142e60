package dev.secrets4j.audit;

import dev.secrets4j.audit.ChainProblem.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.secrets4j.audit.AuditChainVerifierTest.assertProblem;
import static dev.secrets4j.audit.AuditLogs.edit;
import static dev.secrets4j.audit.AuditLogs.file;
import static dev.secrets4j.audit.AuditLogs.lines;
import static dev.secrets4j.audit.AuditLogs.resealSha256;
import static dev.secrets4j.audit.AuditLogs.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * HMAC logs: keys found by id, a key rotated at rollover, wrong and missing keys, and damage that
 * only the key makes detectable (a line recomputed, a line copied from another log under the same key).
 */
class HmacChainTest {

    private static final AuditKey K1 = AuditKey.of("k1", "k1-0123456789abcdef0123456789abc".getBytes(StandardCharsets.UTF_8));
    private static final AuditKey K2 = AuditKey.of("k2", "k2-0123456789abcdef0123456789abc".getBytes(StandardCharsets.UTF_8));
    private static final AuditKey K1_WRONG = AuditKey.of("k1", "k1-but-not-the-bytes-the-sink-had".getBytes(StandardCharsets.UTF_8));
    private static final AuditKey K2_WRONG = AuditKey.of("k2", "k2-but-not-the-bytes-the-sink-had".getBytes(StandardCharsets.UTF_8));

    @TempDir
    Path dir;

    @Test
    void keyRotatedAtRollover_verifiesWithBothKeys() {
        ChainLink head = rotatingLog(dir);

        ChainVerification result = verifier(K1, K2).verify(dir);

        assertThat(result.ok()).as(result.toString()).isTrue();
        assertThat(result.lines()).isEqualTo(6);
        assertThat(result.last()).isEqualTo(head);
        assertThat(AuditLogs.read(file(dir, 1))).contains("\"kid\":\"k1\"").doesNotContain("\"kid\":\"k2\"");
        assertThat(AuditLogs.read(file(dir, 2))).contains("\"kid\":\"k2\"").doesNotContain("\"kid\":\"k1\"");
    }

    @Test
    void wrongKey_failsAtLine1_sayingTheKeyIsWrong_notThatTheLineChanged() {
        rotatingLog(dir);

        ChainVerification result = verifier(K1_WRONG, K2).verify(dir);

        assertProblem(result, Kind.WRONG_KEY, file(dir, 1), 1, "seq 1: neither this line nor the next verifies under key 'k1',"
                + " though they chain to each other: the key the verifier was given as 'k1' is not the one the sink used");
        assertThat(result.lines()).isZero();
    }

    @Test
    void wrongRotatedKey_failsAtTheFirstLineItSigned() {
        rotatingLog(dir);

        assertProblem(verifier(K1, K2_WRONG).verify(dir), Kind.WRONG_KEY, file(dir, 2), 1, "under key 'k2'");
    }

    @Test
    void keyNotGiven_failsAtTheFirstLineItSigned_namingIt() {
        rotatingLog(dir);

        assertProblem(verifier(K1).verify(dir), Kind.WRONG_KEY, file(dir, 2), 1,
                "seq 4: it is signed with key 'k2', which the verifier was not given (it has k1); give it that key");
    }

    @Test
    void sha256Verifier_onAnHmacLog_failsAtLine1_askingForTheKey() {
        rotatingLog(dir);

        assertProblem(AuditChainVerifier.sha256().verify(dir), Kind.WRONG_KEY, file(dir, 1), 1,
                "it is hashed with hmac-sha256 (key 'k1') but the verifier has no HMAC key");
    }

    @Test
    void hmacVerifier_onASha256Log_failsAtLine1_soALogCannotBeDowngraded() {
        try (HashChainAuditSink sink = HashChainAuditSink.builder(dir).build()) {
            AuditLogs.record(sink, 1, 3);
        }

        assertProblem(verifier(K1).verify(dir), Kind.WRONG_KEY, file(dir, 1), 1, "it is hashed with sha256 but the verifier expects hmac-sha256");
    }

    @Test
    void lineDowngradedToSha256_inAnHmacLog_isRejectedAtThatLine() {
        rotatingLog(dir);
        edit(file(dir, 2), 2, l -> resealSha256(l, m -> {
            m.put("alg", "sha256");
            m.remove("kid");
            m.put("detail", "forged");
            return m;
        }));

        assertProblem(verifier(K1, K2).verify(dir), Kind.WRONG_KEY, file(dir, 2), 2, "hashed with sha256");
    }

    @Test
    void editedLine_isChangedAtThatLine_evenWithItsSha256Recomputed() {
        rotatingLog(dir);
        edit(file(dir, 2), 2, l -> l.replace("svc-5", "svc-X"));

        assertProblem(verifier(K1, K2).verify(dir), Kind.CHANGED, file(dir, 2), 2, "seq 5: its hash does not match its content under key 'k2'");
    }

    @Test
    void deletedLineAcrossTheRollover_isDeletedAtTheFirstLineOfTheNextFile() {
        rotatingLog(dir);
        List<String> first = lines(file(dir, 1));
        write(file(dir, 1), first.subList(0, 2));

        assertProblem(verifier(K1, K2).verify(dir), Kind.DELETED, file(dir, 2), 1, "seq 3 is missing before seq 4");
    }

    @Test
    void linesSwappedAcrossTheRollover_areReordered() {
        rotatingLog(dir);
        List<String> first = lines(file(dir, 1));
        List<String> second = lines(file(dir, 2));
        String last = first.set(2, second.get(0));
        second.set(0, last);
        write(file(dir, 1), first);
        write(file(dir, 2), second);

        assertProblem(verifier(K1, K2).verify(dir), Kind.REORDERED, file(dir, 1), 3, "seq 4 is here, but seq 3");
    }

    @Test
    void lineCopiedInFromAnotherLogUnderTheSameKey_isInserted() throws Exception {
        Path other = Files.createDirectory(dir.resolve("other"));
        Path mine = Files.createDirectory(dir.resolve("mine"));
        rotatingLog(other, 100);
        rotatingLog(mine);
        List<String> lines = lines(file(mine, 1));
        lines.add(1, lines(file(other, 1)).get(2));
        write(file(mine, 1), lines);

        assertProblem(verifier(K1, K2).verify(mine), Kind.INSERTED, file(mine, 1), 2,
                "seq 3: it verifies on its own but the line it chains to is not in the log");
    }

    @Test
    void lineReplacedByTheSameSeqFromAnotherLogUnderTheSameKey_isChangedAtThatLine() throws Exception {
        Path other = Files.createDirectory(dir.resolve("other"));
        Path mine = Files.createDirectory(dir.resolve("mine"));
        rotatingLog(other, 100);
        rotatingLog(mine);
        List<String> lines = lines(file(mine, 1));
        lines.set(1, lines(file(other, 1)).get(1));
        write(file(mine, 1), lines);

        assertProblem(verifier(K1, K2).verify(mine), Kind.CHANGED, file(mine, 1), 2,
                "seq 2: it verifies on its own but its prev is not the hash of the line before it");
    }

    @Test
    void lineFromAnotherLogWithTheSameSeq_insertedBeforeTheRealOne_isInserted() throws Exception {
        Path other = Files.createDirectory(dir.resolve("other"));
        Path mine = Files.createDirectory(dir.resolve("mine"));
        rotatingLog(other, 100);
        rotatingLog(mine);
        List<String> lines = lines(file(mine, 1));
        lines.add(1, lines(file(other, 1)).get(1));
        write(file(mine, 1), lines);

        assertProblem(verifier(K1, K2).verify(mine), Kind.INSERTED, file(mine, 1), 2, "it was copied in from another log");
    }

    @Test
    void verifierBuilder_refusesOneKeyIdWithTwoKeys() {
        assertThatThrownBy(() -> AuditChainVerifier.builder().hmacKey(K1).hmacKey(K1_WRONG))
                .hasMessage("hmacKey 'k1' was given twice with different bytes; give each key id once");
        assertThat(AuditChainVerifier.builder().hmacKeys(List.of(K1, K1, K2)).build())
                .hasToString("AuditChainVerifier[hmac-sha256 keys k1, k2, audit-*.jsonl]");
    }

    /** Two files of three events: the first under k1, the second under k2 (taken at the rollover). */
    private static ChainLink rotatingLog(Path dir) {
        return rotatingLog(dir, 1);
    }

    /** The same, with events numbered from {@code from}: another log's lines differ from this one's. */
    private static ChainLink rotatingLog(Path dir, int from) {
        MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
        AtomicInteger calls = new AtomicInteger();
        try (HashChainAuditSink sink = HashChainAuditSink.builder(dir).rolloverDaily().clock(clock)
                .hmacSha256(() -> calls.getAndIncrement() == 0 ? K1 : K2).build()) {
            AuditLogs.record(sink, from, 3);
            clock.advance(Duration.ofDays(1));
            AuditLogs.record(sink, from + 3, 3);
            return sink.head();
        }
    }

    private static AuditChainVerifier verifier(AuditKey... keys) {
        return AuditChainVerifier.builder().hmacKeys(List.of(keys)).build();
    }
}
