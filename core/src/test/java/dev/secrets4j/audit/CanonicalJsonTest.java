package dev.secrets4j.audit;

import dev.secrets4j.AuditEvent;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CanonicalJsonTest {

    @Test
    void write_sortsMembersAndLeavesNoWhitespace() {
        SortedMap<String, Object> m = new TreeMap<>();
        m.put("seq", 12L);
        m.put("action", "FETCH");
        m.put("Zeta", "upper case sorts first");
        m.put("neg", -3L);

        assertThat(utf8(CanonicalJson.write(m)))
                .isEqualTo("{\"Zeta\":\"upper case sorts first\",\"action\":\"FETCH\",\"neg\":-3,\"seq\":12}");
    }

    @Test
    void write_escapesOnlyWhatRfc8785Escapes() {
        SortedMap<String, Object> m = new TreeMap<>();
        m.put("s", "q\" b\\ \b\t\n\f\r \u0001\u001f del\u007f slash/ \u00e9 \uD83D\uDD11");

        assertThat(utf8(CanonicalJson.write(m)))
                .isEqualTo("{\"s\":\"q\\\" b\\\\ \\b\\t\\n\\f\\r \\u0001\\u001f del\u007f slash/ \u00e9 \uD83D\uDD11\"}");
    }

    @Test
    void write_replacesUnpairedSurrogates_soTheBytesAreUtf8AndReadBackAlike() throws Exception {
        SortedMap<String, Object> m = new TreeMap<>();
        m.put("s", "a\uD83Db\uDD11c");

        byte[] bytes = CanonicalJson.write(m);

        assertThat(utf8(bytes)).isEqualTo("{\"s\":\"a\uFFFDb\uFFFDc\"}");
        assertThat(StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString()).isEqualTo("{\"s\":\"a\uFFFDb\uFFFDc\"}");
    }

    @Test
    void write_rejectsValuesThatAreNeitherStringsNorIntegers() {
        SortedMap<String, Object> m = new TreeMap<>();
        m.put("x", 1.5);

        assertThatThrownBy(() -> CanonicalJson.write(m)).hasMessageContaining("'x'").hasMessageContaining("Double");
    }

    @Test
    void parse_thenWrite_givesTheSameBytes_forEveryEscape() {
        SortedMap<String, Object> m = sealedMembers("q\" b\\ \b\t\n\f\r \u0001\u001f del\u007f slash/ \u00e9 \uD83D\uDD11");
        byte[] line = CanonicalJson.write(m);

        AuditLine.Parsed parsed = AuditLine.parse(line);

        assertThat(parsed.members()).isEqualTo(m);
        assertThat(parsed.isCanonical(line)).isTrue();
    }

    /**
     * The format is a contract with other tools: this line and its hash are in docs/audit.md and
     * were checked there with {@code jq -cSj 'del(.hash)' | sha256sum}.
     */
    @Test
    void seal_producesTheDocumentedLine() throws Exception {
        AuditEvent event = new AuditEvent(Instant.parse("2026-03-01T10:00:00Z"), "DB_PASSWORD", Optional.of("3"), "vault",
                AuditEvent.Action.FETCH, AuditEvent.Outcome.SUCCESS, Optional.empty(), Optional.of("boot"));
        String hashed = "{\"action\":\"FETCH\",\"alg\":\"sha256\",\"detail\":\"boot\",\"outcome\":\"SUCCESS\","
                + "\"prev\":\"0000000000000000000000000000000000000000000000000000000000000000\",\"provider\":\"vault\","
                + "\"secret\":\"DB_PASSWORD\",\"seq\":1,\"time\":\"2026-03-01T10:00:00Z\",\"version\":\"3\"}";
        String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(hashed.getBytes(StandardCharsets.UTF_8)));

        AuditLine.Sealed sealed = AuditLine.seal(AuditLine.event(event), ChainLink.genesis(), LineHash.sha256());

        assertThat(hash).isEqualTo("fa1b7121331ebfba50c44e9f7d21e50433ca7d78b11b6ad3eb520e19528b7066");
        assertThat(utf8(sealed.bytes())).isEqualTo("{\"action\":\"FETCH\",\"alg\":\"sha256\",\"detail\":\"boot\",\"hash\":\"" + hash
                + "\",\"outcome\":\"SUCCESS\",\"prev\":\"0000000000000000000000000000000000000000000000000000000000000000\","
                + "\"provider\":\"vault\",\"secret\":\"DB_PASSWORD\",\"seq\":1,\"time\":\"2026-03-01T10:00:00Z\",\"version\":\"3\"}\n");
        assertThat(sealed.link()).isEqualTo(new ChainLink(1, hash));
    }

    @Test
    void parse_rejectsDuplicateMembers_floats_andMissingChainMembers_withoutQuotingTheLine() {
        String ok = utf8(CanonicalJson.write(sealedMembers("d")));

        assertThatThrownBy(() -> AuditLine.parse(bytes(ok.replace("{", "{\"seq\":1,"))))
                .hasMessageStartingWith("it is not a JSON object");
        assertThatThrownBy(() -> AuditLine.parse(bytes(ok.replace("\"seq\":1", "\"seq\":1.0"))))
                .hasMessage("member 'seq' is neither a string nor an integer");
        assertThatThrownBy(() -> AuditLine.parse(bytes(ok.replace("\"seq\":1", "\"seq\":0"))))
                .hasMessage("it has no positive integer 'seq'");
        assertThatThrownBy(() -> AuditLine.parse(bytes(ok.replace("\"secret\"", "\"secrets\""))))
                .hasMessage("it has no string 'secret'");
        assertThatThrownBy(() -> AuditLine.parse(bytes("{\"detail\":\"canary-in-garbage" + "\"")))
                .hasMessageNotContaining("canary");
    }

    private static SortedMap<String, Object> sealedMembers(String detail) {
        AuditEvent event = new AuditEvent(Instant.EPOCH, "K", Optional.empty(), "env", AuditEvent.Action.FETCH,
                AuditEvent.Outcome.SUCCESS, Optional.empty(), Optional.of(detail));
        byte[] line = AuditLine.seal(AuditLine.event(event), ChainLink.genesis(), LineHash.sha256()).bytes();
        return AuditLine.parse(Arrays.copyOf(line, line.length - 1)).members();
    }

    private static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
