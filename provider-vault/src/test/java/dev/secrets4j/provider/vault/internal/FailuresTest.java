package dev.secrets4j.provider.vault.internal;

import dev.secrets4j.SecretProviderException;
import dev.secrets4j.testing.LeakCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Vault's answers become JSON or errors that name the secret, the Vault and the path, say what to do, and never quote a value. */
class FailuresTest {

    @RegisterExtension
    final LeakCheck leaks = LeakCheck.create();

    private final String value = leaks.canary("canary-vault-failures-9d1e");
    private final Failures failures = new Failures("vault", "vault at https://vault.test:8200", 1024);
    private final Call read = Call.read("reading", "app/db", "secret/data/prod/app/db");
    private final Call write = new Call("writing", "app/db", "secret/data/prod/app/db", "create, update", false);

    private static Reply json(int status, String body) {
        return new Reply(status, "application/json", body.getBytes(StandardCharsets.UTF_8), false);
    }

    @ParameterizedTest
    @CsvSource({"412,true", "429,true", "500,true", "502,true", "503,true", "504,true", "400,false", "403,false", "404,false", "405,false"})
    void status_isRetryableExactlyForTransientCodes(int status, boolean retryable) {
        SecretProviderException e = failures.status(json(status, "{\"errors\":[]}"), read);
        assertThat(e.isRetryable()).isEqualTo(retryable);
        assertThat(e.providerId()).isEqualTo("vault");
        assertThat(e.secretName()).contains("app/db");
        assertThat(e.getMessage()).startsWith("reading secret 'app/db' (secret/data/prod/app/db) at vault at https://vault.test:8200 failed: ")
                .contains(Integer.toString(status)).contains("; ");
    }

    @Test
    void status_403_namesThePolicyCapabilityAndPath() {
        SecretProviderException e = failures.status(json(403, "{\"errors\":[\"permission denied\"]}"), read);
        assertThat(e.getMessage()).contains("permission denied: Vault answered 403 (permission denied)")
                .contains("grant the token's policy 'read' on secret/data/prod/app/db");
    }

    @Test
    void status_503_quotesVaultsErrorForReads() {
        assertThat(failures.status(json(503, "{\"errors\":[\"Vault is sealed\"]}"), read).getMessage())
                .contains("(Vault is sealed)").contains("unseal Vault");
    }

    @Test
    void status_ofAWrite_neverQuotesVaultsErrors_theyCouldEchoTheValue() {
        SecretProviderException e = failures.status(json(400, "{\"errors\":[\"bad input near " + value + "\"]}"), write);
        assertThat(e.getMessage()).doesNotContain("bad input").contains("400");
        leaks.assertNoLeak(e);
    }

    @Test
    void json_withHtmlFromAProxy_isARetryableClearError() {
        Reply html = new Reply(200, "text/html; charset=utf-8", "<html>bad gateway</html>".getBytes(StandardCharsets.UTF_8), false);
        SecretProviderException e = catchThrowableOfType(SecretProviderException.class, () -> failures.json(html, read));
        assertThat(e.isRetryable()).isTrue();
        assertThat(e.getMessage()).contains("text/html").contains("instead of Vault's JSON").contains("proxy").doesNotContain("<html>");
    }

    @Test
    void json_truncated_isAClearErrorWithoutTheContent() {
        Reply cut = json(200, "{\"data\":{\"data\":{\"password\":\"" + value);
        SecretProviderException e = catchThrowableOfType(SecretProviderException.class, () -> failures.json(cut, read));
        assertThat(e.getMessage()).contains("truncated or malformed JSON");
        assertThat(e.getCause()).isNull();
        leaks.assertNoLeak(e);
    }

    @Test
    void json_trailingGarbageOrNonObject_isRefused() {
        assertThatThrownBy(() -> failures.json(json(200, "{\"data\":{}} trailing"), read)).isInstanceOf(SecretProviderException.class);
        assertThatThrownBy(() -> failures.json(json(200, "[1,2]"), read)).isInstanceOf(SecretProviderException.class);
    }

    @Test
    void reply_overTheLimit_isAPermanentSizeError() {
        Reply big = Reply.of(200, "application/json", new byte[2048], 1024);
        assertThat(big.oversized()).isTrue();
        SecretProviderException e = catchThrowableOfType(SecretProviderException.class, () -> failures.json(big, read));
        assertThat(e.isRetryable()).isFalse();
        assertThat(e.getMessage()).contains("larger than 1 KiB");
    }

    @Test
    void unreachable_isRetryableAndSaysWhatHappened() {
        SecretProviderException timeout = failures.unreachable(Unreachable.from(new RuntimeException(new HttpTimeoutException("request timed out"))), read);
        assertThat(timeout.isRetryable()).isTrue();
        assertThat(timeout.getMessage()).contains("no answer within the read timeout").contains("raise read-timeout");
        SecretProviderException refused = failures.unreachable(Unreachable.from(new ConnectException("Connection refused")), read);
        assertThat(refused.getMessage()).contains("connection refused");
        assertThat(refused.getCause()).isInstanceOf(ConnectException.class);
    }

    @Test
    void errors_areShortenedAndFreeOfControlCharacters() {
        String long1 = "x".repeat(500);
        assertThat(Failures.errors(json(400, "{\"errors\":[\"a\\nb\",\"" + long1 + "\"]}")))
                .hasValueSatisfying(s -> assertThat(s).startsWith("a b; ").hasSizeLessThan(260));
        assertThat(Failures.errors(json(404, "{\"errors\":[]}"))).isEmpty();
        assertThat(Failures.errors(new Reply(502, "text/html", "<html/>".getBytes(StandardCharsets.UTF_8), false))).isEmpty();
    }

    @Test
    void reply_toString_showsNoBody() {
        Reply r = json(200, "{\"data\":{\"password\":\"" + value + "\"}}");
        assertThat(r.toString()).contains("200").contains("bytes");
        leaks.assertNoLeak(r);
    }
}
