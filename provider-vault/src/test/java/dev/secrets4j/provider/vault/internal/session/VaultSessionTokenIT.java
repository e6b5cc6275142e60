package dev.secrets4j.provider.vault.internal.session;

import dev.secrets4j.SecretProviderException;
import dev.secrets4j.provider.vault.VaultAuth;
import dev.secrets4j.testing.LeakCheck;
import dev.secrets4j.testing.vault.Fault;
import dev.secrets4j.testing.vault.TokenSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static dev.secrets4j.provider.vault.internal.session.EmulatedVault.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A fixed token: checked at open, renewed when renewable, never re-obtained. */
class VaultSessionTokenIT {

    @RegisterExtension
    final LeakCheck leaks = LeakCheck.create();

    final EmulatedVault env = new EmulatedVault();

    @AfterEach
    void stop() {
        env.close();
    }

    private String token(TokenSpec spec) {
        return leaks.canary(env.vault.createToken(spec));
    }

    @Test
    void open_withRenewableToken_looksItUpAndRenewsAtTwoThirdsOfItsTtl() {
        String token = token(TokenSpec.builder().ttl(Duration.ofMinutes(30)).renewable(true).build());

        try (VaultSession session = env.open(VaultAuth.token(token))) {
            assertThat(session.token()).isEqualTo(token);
            assertThat(env.requests("auth/token/lookup-self")).hasSize(1);
            assertThat(session.health().tokenExpiresAt()).contains(T0.plus(Duration.ofMinutes(30)));
            assertThat(session.health().renewable()).isTrue();

            env.advance(Duration.ofMinutes(19));
            assertThat(env.requests("auth/token/renew-self")).isEmpty();
            env.advance(Duration.ofMinutes(1));

            assertThat(env.requests("auth/token/renew-self")).hasSize(1);
            assertThat(session.health().tokenExpiresAt()).contains(T0.plus(Duration.ofMinutes(50)));
            assertThat(session.token()).isEqualTo(token);
            assertThat(env.vault.successfulLogins()).isZero();
            leaks.assertNoLeak(session, session.health());
        }
    }

    @Test
    void open_whenTokenIsRevoked_failsNotRetryableNamingTheMethodNotTheToken() {
        String token = token(TokenSpec.defaults());
        env.vault.revokeToken(token);

        assertThatThrownBy(() -> env.open(VaultAuth.token(token)))
                .isInstanceOfSatisfying(SecretProviderException.class, e -> {
                    assertThat(e.isRetryable()).isFalse();
                    assertThat(e.providerId()).isEqualTo("vault");
                })
                .hasMessageContaining("token auth at auth/token")
                .hasMessageContaining("403")
                .hasMessageContaining("give a valid token");
        assertThat(env.time.pendingTasks()).isZero();
    }

    @Test
    void open_whenVaultIsUnreachable_failsRetryable() {
        env.vault.close();

        assertThatThrownBy(() -> env.open(VaultAuth.token(leaks.canary("hvs.canary-unreachable"))))
                .isInstanceOfSatisfying(SecretProviderException.class, e -> assertThat(e.isRetryable()).isTrue())
                .hasMessageContaining("no answer from Vault")
                .hasMessageContaining("reachable");
    }

    @Test
    void nonRenewableToken_whenItNearsExpiry_warnsOnceAndShowsExpiryInHealth() {
        String token = token(TokenSpec.builder().ttl(Duration.ofMinutes(30)).renewable(false).build());

        try (VaultSession session = env.open(VaultAuth.token(token))) {
            assertThat(session.health().renewable()).isFalse();
            assertThat(session.health().tokenExpiresAt()).contains(T0.plus(Duration.ofMinutes(30)));
            env.advance(Duration.ofMinutes(19));
            assertThat(warnings()).isEmpty();

            env.advance(Duration.ofMinutes(2));

            assertThat(warnings()).singleElement().asString()
                    .contains("expires at 2025-01-01T00:30:00Z", "cannot be renewed", "obtained again");
            assertThat(env.requests("auth/token/renew-self")).isEmpty();
            env.advance(Duration.ofHours(1));
            assertThat(warnings()).hasSize(1);
            assertThat(env.time.pendingTasks()).isZero();
        }
    }

    @Test
    void rootToken_neverExpires_soNothingIsScheduled() {
        try (VaultSession session = env.open(VaultAuth.token(leaks.canary(env.vault.rootToken())))) {
            assertThat(session.health().tokenExpiresAt()).isEmpty();
            assertThat(env.time.pendingTasks()).isZero();
        }
    }

    @Test
    void tokenFromEnvironment_prefersVaultTokenVariable(@TempDir Path home) throws IOException {
        String fromVariable = token(TokenSpec.defaults());
        String fromFile = token(TokenSpec.defaults());
        Files.writeString(home.resolve(".vault-token"), fromFile + "\n");
        env.home = home;
        env.variables.put("VAULT_TOKEN", fromVariable);

        try (VaultSession session = env.open(VaultAuth.tokenFromEnvironment())) {
            assertThat(session.token()).isEqualTo(fromVariable);
        }
    }

    @Test
    void tokenFromEnvironment_withoutVariable_readsTheHomeTokenFile(@TempDir Path home) throws IOException {
        String fromFile = token(TokenSpec.defaults());
        Files.writeString(home.resolve(".vault-token"), fromFile + "\n");
        env.home = home;

        try (VaultSession session = env.open(VaultAuth.tokenFromEnvironment())) {
            assertThat(session.token()).isEqualTo(fromFile);
        }
    }

    @Test
    void tokenFromEnvironment_whenNeitherExists_failsNotRetryableSayingWhereItLooked(@TempDir Path home) {
        env.home = home;

        assertThatThrownBy(() -> env.open(VaultAuth.tokenFromEnvironment()))
                .isInstanceOfSatisfying(SecretProviderException.class, e -> assertThat(e.isRetryable()).isFalse())
                .hasMessageContaining("VAULT_TOKEN")
                .hasMessageContaining(".vault-token");
        assertThat(env.vault.requests()).isEmpty();
    }

    @Test
    void tokenFromFile_readsTheFile(@TempDir Path dir) throws IOException {
        String token = token(TokenSpec.defaults());
        Path file = Files.writeString(dir.resolve("token"), token + "\n");

        try (VaultSession session = env.open(VaultAuth.tokenFromFile(file))) {
            assertThat(session.token()).isEqualTo(token);
        }
    }

    @Test
    void reloginAfterForbidden_withFixedToken_throwsPermissionErrorWithoutLoggingIn() {
        String token = token(TokenSpec.defaults());

        try (VaultSession session = env.open(VaultAuth.token(token))) {
            env.vault.revokeToken(token);

            assertThatThrownBy(() -> session.reloginAfterForbidden(token))
                    .isInstanceOfSatisfying(SecretProviderException.class, e -> assertThat(e.isRetryable()).isFalse())
                    .hasMessageContaining("403")
                    .hasMessageContaining("cannot be obtained again");
            assertThat(env.vault.successfulLogins()).isZero();
        }
    }

    @Test
    void close_withFixedToken_stopsTheScheduleAndLeavesTheTokenValid() {
        String token = token(TokenSpec.builder().ttl(Duration.ofMinutes(30)).build());
        VaultSession session = env.open(VaultAuth.token(token));
        assertThat(env.time.pendingTasks()).isEqualTo(1);

        session.close();
        session.close();

        assertThat(env.time.pendingTasks()).isZero();
        assertThat(env.requests("auth/token/revoke-self")).isEmpty();
        env.advance(Duration.ofHours(1));
        assertThat(env.requests("auth/token/renew-self")).isEmpty();
    }

    @Test
    void renewal_whenFixedTokenIsRevokedMeanwhile_warnsOnceAndStops() {
        String token = token(TokenSpec.builder().ttl(Duration.ofMinutes(30)).build());

        try (VaultSession session = env.open(VaultAuth.token(token))) {
            env.vault.revokeToken(token);
            env.advance(Duration.ofMinutes(20));

            assertThat(warnings()).singleElement().asString().contains("rejected the configured token", "403");
            assertThat(session.health().consecutiveFailures()).isEqualTo(1);
            assertThat(session.health().lastFailure()).hasValueSatisfying(f -> assertThat(f).contains("403"));
            assertThat(env.time.pendingTasks()).isZero();
        }
    }

    @Test
    void renewal_whenVaultIsDownUntilTheFixedTokenExpires_warnsAndStopsTrying() {
        String token = token(TokenSpec.builder().ttl(Duration.ofMinutes(30)).build());

        try (VaultSession session = env.open(VaultAuth.token(token))) {
            env.vault.faults().add(Fault.status(503, "{\"errors\":[\"Vault is sealed\"]}").on("*", ""));

            env.advance(Duration.ofMinutes(40));

            assertThat(env.time.pendingTasks()).isZero();
            assertThat(warnings()).hasSize(2).last().asString()
                    .contains("expires at 2025-01-01T00:30:00Z", "could not be renewed in time", "503");
            assertThat(session.health().consecutiveFailures()).isGreaterThan(1);
            assertThat(session.token()).isEqualTo(token);
        }
    }

    private java.util.List<String> warnings() {
        return leaks.capturedLines().stream().filter(l -> l.startsWith("WARN")).toList();
    }
}
