package dev.secrets4j.audit;

import dev.secrets4j.AuditEvent;
import dev.secrets4j.Secret;
import dev.secrets4j.SecretSpec;
import dev.secrets4j.SecretValidationException;
import dev.secrets4j.Secrets;
import dev.secrets4j.spi.Capability;
import dev.secrets4j.spi.SecretProvider;
import dev.secrets4j.spi.SecretRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static dev.secrets4j.audit.AuditLogs.file;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Canaries: secret values and HMAC keys must not reach the log, a toString, or a verifier's
 * message, in any encoding.
 */
class NoValueInLogTest {

    private static final String VALUE_CANARY = "canary-value-7c1e55d0a9";
    private static final String SHORT_CANARY = "canary-short";
    private static final byte[] KEY_CANARY = "canary-audit-key-3b8f0e21d6c4a9".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    /** The key or value as text, hex and Base64, each of which a careless line could carry. */
    static List<String> forms(byte[] secret) {
        return List.of(new String(secret, StandardCharsets.UTF_8), HexFormat.of().formatHex(secret),
                Base64.getEncoder().encodeToString(secret));
    }

    @Test
    void eventsFromARealBoot_putNoValueInTheLog_andTheLogVerifies() {
        try (HashChainAuditSink sink = HashChainAuditSink.builder(dir).hmacSha256(AuditKey.of("k1", KEY_CANARY)).build()) {
            // SHORT_PASSWORD fails validation: its event carries the reason, which must not quote the value.
            assertThatThrownBy(() -> Secrets.builder()
                    .provider(new MapProvider(Map.of("DB_PASSWORD", VALUE_CANARY, "SHORT_PASSWORD", SHORT_CANARY)))
                    .require("DB_PASSWORD")
                    .require("SHORT_PASSWORD", SecretSpec.minLength(64))
                    .auditSink(sink)
                    .build()).isInstanceOf(SecretValidationException.class);
        }

        String log = AuditLogs.read(file(dir, 1));
        assertThat(log).contains("\"action\":\"FETCH\"", "\"action\":\"VALIDATION_FAILED\"", "DB_PASSWORD", "SHORT_PASSWORD");
        for (String canary : List.of(VALUE_CANARY, SHORT_CANARY)) {
            assertThat(forms(canary.getBytes(StandardCharsets.UTF_8))).allSatisfy(form -> assertThat(log).doesNotContain(form));
        }
        assertThat(forms(KEY_CANARY)).allSatisfy(form -> assertThat(log).doesNotContain(form));
        assertThat(AuditChainVerifier.builder().hmacKey(AuditKey.of("k1", KEY_CANARY)).build().verify(dir).ok()).isTrue();
    }

    @Test
    void aSecretInAnEventsDetail_isWrittenMasked() {
        Secret secret = Secret.builder("DB_PASSWORD", VALUE_CANARY).version("3").providerId("vault").build();
        try (HashChainAuditSink sink = HashChainAuditSink.builder(dir).build()) {
            sink.record(new AuditEvent(AuditLogs.T0, secret.name(), Optional.of(secret.version()), secret.providerId(),
                    AuditEvent.Action.CHANGED, AuditEvent.Outcome.SUCCESS, Optional.empty(), Optional.of("now " + secret)));
        }

        assertThat(AuditLogs.read(file(dir, 1))).contains("now Secret[DB_PASSWORD v3 from vault: ****]").doesNotContain(VALUE_CANARY);
    }

    @Test
    void toStrings_andVerifierMessages_nameKeyIdsButNeverKeys() {
        AuditKey key = AuditKey.of("k1", KEY_CANARY);
        AuditKey wrong = AuditKey.of("k1", "canary-wrong-key-bytes-5e7d9a1c".getBytes(StandardCharsets.UTF_8));
        try (HashChainAuditSink sink = HashChainAuditSink.builder(dir).hmacSha256(key).build()) {
            AuditLogs.record(sink, 1, 3);
            assertNoKey(sink.toString());
        }
        AuditChainVerifier verifier = AuditChainVerifier.builder().hmacKey(wrong).build();
        ChainVerification result = verifier.verify(dir);

        assertThat(result.problem()).hasValueSatisfying(p -> assertThat(p.kind()).isEqualTo(ChainProblem.Kind.WRONG_KEY));
        assertThat(key).hasToString("AuditKey[k1: ****]");
        for (String text : List.of(key.toString(), wrong.toString(), verifier.toString(), result.toString(),
                result.problem().orElseThrow().message())) {
            assertNoKey(text);
            assertThat(text).doesNotContain("canary-wrong-key");
        }
        assertThatThrownBy(() -> AuditKey.fromSecret(Secret.of("AUDIT_KEY", SHORT_CANARY)))
                .hasMessageContaining("AUDIT_KEY").hasMessageNotContaining(SHORT_CANARY);
    }

    @Test
    void fromSecret_keysWithTheSecretsBytes_underTheIdNameAtVersion() {
        Secret secret = Secret.builder("AUDIT_KEY", KEY_CANARY).version("7").providerId("vault").build();
        try (HashChainAuditSink sink = HashChainAuditSink.builder(dir).hmacSha256(() -> AuditKey.fromSecret(secret)).build()) {
            AuditLogs.record(sink, 1, 2);
        }

        assertThat(AuditLogs.read(file(dir, 1))).contains("\"kid\":\"AUDIT_KEY@7\"");
        assertThat(AuditChainVerifier.builder().hmacKey(AuditKey.of("AUDIT_KEY@7", KEY_CANARY)).build().verify(dir).lines())
                .isEqualTo(2);
    }

    private static void assertNoKey(String text) {
        assertThat(forms(KEY_CANARY)).allSatisfy(form -> assertThat(text).doesNotContain(form));
    }

    /** The smallest real provider: fixed values by name. */
    private record MapProvider(Map<String, String> values) implements SecretProvider {
        @Override
        public String id() {
            return "map";
        }

        @Override
        public Set<Capability> capabilities() {
            return Set.of(Capability.READ);
        }

        @Override
        public Optional<Secret> get(SecretRef ref) {
            return Optional.ofNullable(values.get(ref.path()))
                    .map(v -> Secret.builder(ref.path(), v).version("1").providerId(id()).build());
        }
    }
}
