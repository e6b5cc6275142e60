package dev.secrets4j.provider.vault;

import dev.secrets4j.SecretProviderException;
import dev.secrets4j.spi.ProviderHealth;
import dev.secrets4j.spi.SecretRef;
import dev.secrets4j.testing.LeakCheck;
import dev.secrets4j.testing.vault.Fault;
import dev.secrets4j.testing.vault.HealthState;
import dev.secrets4j.testing.vault.TokenSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Vault's failures become clear errors, retryable or not as Vault's codes say; a 403 gets one re-login first. */
class VaultErrorsIT {

    @RegisterExtension
    final LeakCheck leaks = LeakCheck.create();

    final Emulated env = new Emulated();
    final String password = leaks.canary("canary-errors-password-81aa");
    final SecretRef ref = SecretRef.parse("vault:secret/app/db#password");

    {
        leaks.canary(env.vault.rootToken());
        env.vault.putKv("secret", "app/db", Map.of("password", password));
    }

    @AfterEach
    void stop() {
        env.close();
    }

    private SecretProviderException failure(VaultSecretProvider p) {
        SecretProviderException e = catchThrowableOfType(SecretProviderException.class, () -> p.get(ref));
        assertThat(e).as("get(%s) must fail", ref).isNotNull();
        assertThat(e.providerId()).isEqualTo("vault");
        assertThat(e.getMessage()).contains("secret/app/db").contains("vault at " + env.vault.address());
        leaks.assertNoLeak(e);
        return e;
    }

    @Test
    void forbidden_withAppRole_logsInOnceMoreAndRetries() {
        String roleId = leaks.canary("canary-role-id-errors-01");
        String secretId = leaks.canary("canary-secret-id-errors-02");
        env.vault.enableAppRole(roleId, secretId, TokenSpec.builder().ttl(Duration.ofHours(1)).renewable(true).build());
        try (VaultSecretProvider p = env.provider(VaultAuth.appRole(roleId, secretId)).build()) {
            assertThat(p.get(ref)).isPresent();
            env.vault.faults().add(Fault.status(403).on("GET", "secret/").times(1));
            assertThat(p.get(ref).map(s -> s.asString())).contains(password);
            assertThat(env.requests("secret/metadata/app/db")).extracting(r -> r.status()).containsExactly(403, 200);
            assertThat(env.vault.successfulLogins()).isEqualTo(2);
        }
    }

    @Test
    void forbidden_evenAfterReLogin_isAPermissionErrorNamingThePathNeverTheToken() {
        String roleId = leaks.canary("canary-role-id-errors-03");
        String secretId = leaks.canary("canary-secret-id-errors-04");
        env.vault.enableAppRole(roleId, secretId, TokenSpec.builder().ttl(Duration.ofHours(1)).build());
        try (VaultSecretProvider p = env.provider(VaultAuth.appRole(roleId, secretId)).build()) {
            env.vault.faults().add(Fault.status(403).on("GET", "secret/data/"));
            SecretProviderException e = failure(p);
            assertThat(e.isRetryable()).isFalse();
            assertThat(e.getMessage()).contains("permission denied").contains("grant the token's policy 'read' on secret/data/app/db");
        }
    }

    @Test
    void forbidden_withFixedToken_isFinalAndSaysSo() {
        try (VaultSecretProvider p = env.provider().build()) {
            env.vault.faults().add(Fault.status(403).on("GET", "secret/data/"));
            SecretProviderException e = failure(p);
            assertThat(e.isRetryable()).isFalse();
            assertThat(e.getMessage()).contains("403").contains("logging in again did not help");
        }
    }

    @Test
    void sealedRateLimitedAndServerErrors_areRetryable() {
        try (VaultSecretProvider p = env.provider().build()) {
            assertThat(p.get(ref)).isPresent();
            env.vault.seal();
            assertThat(failure(p)).satisfies(e -> {
                assertThat(e.isRetryable()).isTrue();
                assertThat(e.getMessage()).contains("503").contains("sealed");
            });
            assertThat(p.health().status()).isEqualTo(ProviderHealth.Status.DOWN);
            assertThat(p.health().detail()).contains("is sealed");
            env.vault.unseal();
            for (int status : new int[] {429, 500, 502}) {
                env.vault.faults().clear();
                env.vault.faults().add(Fault.status(status).on("*", "secret/"));
                assertThat(failure(p).isRetryable()).as("status %s", status).isTrue();
            }
        }
    }

    @Test
    void notVaultsJson_isAClearErrorNotAParseTrace() {
        try (VaultSecretProvider p = env.provider().build()) {
            env.vault.faults().add(Fault.garbage("<html>502 bad gateway " + password + "</html>", "text/html").on("*", "secret/"));
            assertThat(failure(p).getMessage()).contains("text/html").contains("instead of Vault's JSON").doesNotContain("<html>");
            env.vault.faults().clear();
            env.vault.faults().add(Fault.truncatedJson().on("*", "secret/"));
            assertThat(failure(p)).satisfies(e -> assertThat(e.getMessage()).contains("truncated or malformed JSON"));
            env.vault.faults().clear();
            env.vault.faults().add(Fault.oversized(2_000_000).on("*", "secret/"));
            assertThat(failure(p)).satisfies(e -> {
                assertThat(e.getMessage()).contains("larger than 1 MiB");
                assertThat(e.isRetryable()).isFalse();
            });
        }
    }

    @Test
    void resetAndHang_areRetryableNoAnswerErrors() {
        try (VaultSecretProvider p = env.provider().readTimeout(Duration.ofMillis(300)).build()) {
            assertThat(p.get(ref)).isPresent();
            env.vault.faults().add(Fault.resetConnection().on("*", "secret/"));
            assertThat(failure(p)).satisfies(e -> {
                assertThat(e.isRetryable()).isTrue();
                assertThat(e.getMessage()).contains("no answer (connection reset or closed early");
            });
            env.vault.faults().clear();
            env.vault.faults().add(Fault.hang().on("GET", "secret/metadata/"));
            assertThat(failure(p)).satisfies(e -> {
                assertThat(e.isRetryable()).isTrue();
                assertThat(e.getMessage()).contains("no answer within the read timeout");
            });
            env.vault.faults().clear();
        }
    }

    @Test
    void health_mapsSysHealthStatesAndTheToken() {
        try (VaultSecretProvider p = env.provider().build()) {
            assertThat(p.health().status()).isEqualTo(ProviderHealth.Status.UP);
            assertThat(p.health().detail()).contains("is active").contains("not logged in yet");
            p.get(ref);
            assertThat(p.health().detail()).contains("token does not expire");
            env.vault.health(HealthState.STANDBY);
            assertThat(p.health()).satisfies(h -> assertThat(h.status()).isEqualTo(ProviderHealth.Status.UP))
                    .satisfies(h -> assertThat(h.detail()).contains("standby"));
            env.vault.health(HealthState.PERFORMANCE_STANDBY);
            assertThat(p.health().detail()).contains("performance standby");
            env.vault.health(HealthState.UNINITIALIZED);
            assertThat(p.health()).satisfies(h -> assertThat(h.status()).isEqualTo(ProviderHealth.Status.DOWN))
                    .satisfies(h -> assertThat(h.detail()).contains("not initialised"));
            env.vault.health(HealthState.ACTIVE);
            env.vault.faults().add(Fault.garbage("<html>maintenance</html>", "text/html").on("GET", "sys/health"));
            assertThat(p.health().status()).isEqualTo(ProviderHealth.Status.DOWN);
            leaks.assertNoLeak(p.health());
        }
    }

    @Test
    void health_isDegradedWhileTokenRenewalsFail_andDownOnceTheTokenExpired() {
        String token = leaks.canary(env.vault.createToken(TokenSpec.builder().ttl(Duration.ofMinutes(30)).renewable(true).build()));
        try (VaultSecretProvider p = env.provider(VaultAuth.token(token)).build()) {
            p.get(ref);
            env.vault.faults().add(Fault.status(503).on("*", "auth/token/renew-self"));
            env.advance(Duration.ofMinutes(21));
            assertThat(p.health()).satisfies(h -> assertThat(h.status()).isEqualTo(ProviderHealth.Status.DEGRADED))
                    .satisfies(h -> assertThat(h.detail()).contains("failed in a row"));
            env.advance(Duration.ofMinutes(10));
            assertThat(p.health()).satisfies(h -> assertThat(h.status()).isEqualTo(ProviderHealth.Status.DOWN))
                    .satisfies(h -> assertThat(h.detail()).contains("token expired at"));
            leaks.assertNoLeak(p.health());
        }
    }

    @Test
    void https_withTheEmulatorsCa_reads_andWithoutItFailsTls() {
        try (Emulated tls = new Emulated(true)) {
            leaks.canary(tls.vault.rootToken());
            tls.vault.putKv("secret", "app/db", Map.of("password", password));
            try (VaultSecretProvider p = tls.provider().caCertificatePem(tls.vault.caCertificatePem()).build()) {
                assertThat(p.get(ref).orElseThrow().asString()).isEqualTo(password);
                assertThat(p.health().status()).isEqualTo(ProviderHealth.Status.UP);
            }
            try (VaultSecretProvider untrusting = tls.provider().build()) {
                assertThatThrownBy(() -> untrusting.get(ref)).isInstanceOfSatisfying(SecretProviderException.class,
                        e -> assertThat(e.isRetryable()).isTrue()).hasMessageContaining("TLS");
            }
        }
    }
}
