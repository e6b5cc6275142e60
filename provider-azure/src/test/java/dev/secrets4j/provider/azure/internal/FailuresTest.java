package dev.secrets4j.provider.azure.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secrets4j.SecretProviderException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class FailuresTest {

    private static final String JSON = "application/json; charset=utf-8";
    private static final String VAULT = "https://v.vault.azure.net";

    private static String body(String code, String inner) {
        return "{\"error\":{\"code\":\"" + code + "\",\"message\":\"x\",\"innererror\":{\"code\":\"" + inner + "\"}}}";
    }

    @Test
    void map_when403SecretDisabled_reportsDisabledNotPermission() {
        SecretProviderException e = Failures.map(403, JSON, body("Forbidden", "SecretDisabled"), VAULT, "db-password", "get");
        assertThat(e.isRetryable()).isFalse();
        assertThat(e.getMessage()).contains("is disabled").contains("db-password").doesNotContain("role");
    }

    @Test
    void map_when403_namesVaultSecretAndRole() {
        SecretProviderException e = Failures.map(403, JSON, body("Forbidden", "ForbiddenByRbac"), VAULT, "db-password", "get");
        assertThat(e.isRetryable()).isFalse();
        assertThat(e.getMessage()).contains(VAULT).contains("'db-password'").contains("Key Vault Secrets User");
        assertThat(Failures.map(403, JSON, "", VAULT, "s", "set").getMessage()).contains("Key Vault Secrets Officer");
    }

    @Test
    void map_when409DeletedButRecoverable_saysRecoverOrPurge() {
        SecretProviderException e = Failures.map(409, JSON, body("Conflict", "ObjectIsDeletedButRecoverable"), VAULT, "s", "set");
        assertThat(e.isRetryable()).isFalse();
        assertThat(e.getMessage()).contains("recover it or purge it");
    }

    @Test
    void map_byStatus_retriesThrottlingAndServerErrorsOnly() {
        assertThat(Failures.map(429, JSON, body("Throttled", ""), VAULT, "s", "get").isRetryable()).isTrue();
        assertThat(Failures.map(408, JSON, "", VAULT, "s", "get").isRetryable()).isTrue();
        assertThat(Failures.map(500, JSON, "", VAULT, "s", "get").isRetryable()).isTrue();
        assertThat(Failures.map(503, JSON, "", VAULT, "s", "get").isRetryable()).isTrue();
        assertThat(Failures.map(501, JSON, "", VAULT, "s", "get").isRetryable()).isFalse();
        assertThat(Failures.map(505, JSON, "", VAULT, "s", "get").isRetryable()).isFalse();
        assertThat(Failures.map(400, JSON, body("BadParameter", ""), VAULT, "s", "get").isRetryable()).isFalse();
    }

    @Test
    void map_whenHtmlBody_saysGatewayAnswered() {
        SecretProviderException e = Failures.map(502, "text/html", "<html><body>Bad gateway</body></html>", VAULT, "s", "get");
        assertThat(e.getMessage()).contains("HTML page").contains("gateway").doesNotContain("<html>");
        assertThat(e.isRetryable()).isTrue();
    }

    @Test
    void codes_whenTruncatedJson_givesNone() {
        assertThat(Failures.codes("{\"error\":{\"code\":\"Thr")).isEqualTo(Failures.Codes.NONE);
        assertThat(Failures.codes(body("Forbidden", "SecretDisabled"))).isEqualTo(new Failures.Codes("Forbidden", "SecretDisabled"));
    }

    @Test
    void retryAfter_readsMillisSecondsAndHttpDate() {
        Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
        assertThat(Failures.retryAfter("1500", "9", clock)).contains(Duration.ofMillis(1500));
        assertThat(Failures.retryAfter(null, "7", clock)).contains(Duration.ofSeconds(7));
        assertThat(Failures.retryAfter(null, "Thu, 01 Jan 2026 00:00:05 GMT", clock)).contains(Duration.ofSeconds(5));
        assertThat(Failures.retryAfter(null, "soon", clock)).isEmpty();
    }
}
