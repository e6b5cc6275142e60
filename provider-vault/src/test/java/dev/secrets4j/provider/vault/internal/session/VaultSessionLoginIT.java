package dev.secrets4j.provider.vault.internal.session;

import dev.secrets4j.SecretProviderException;
import dev.secrets4j.provider.vault.VaultAuth;
import dev.secrets4j.testing.LeakCheck;
import dev.secrets4j.testing.vault.Fault;
import dev.secrets4j.testing.vault.RecordedRequest;
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

/** AppRole, Kubernetes and JWT logins, renewal, and re-login when renewal cannot help. */
class VaultSessionLoginIT {

    private static final TokenSpec RENEWABLE = TokenSpec.builder().ttl(Duration.ofMinutes(30))
            .maxTtl(Duration.ofHours(10)).renewable(true).policies("default", "app").build();

    @RegisterExtension
    final LeakCheck leaks = LeakCheck.create();

    final EmulatedVault env = new EmulatedVault();
    final String roleId = leaks.canary("canary-role-id-4f2a");
    final String secretId = leaks.canary("canary-secret-id-8b1c");
    final String saJwt = leaks.canary("eyJhbGciOiJSUzI1NiJ9.canary-sa-jwt-1.sig");

    @AfterEach
    void stop() {
        env.close();
    }

    @Test
    void appRole_logsInAndRenewsAtTwoThirdsOfTheTtl() {
        env.vault.enableAppRole(roleId, secretId, RENEWABLE);

        try (VaultSession session = env.open(VaultAuth.appRole(roleId, secretId))) {
            String token = leaks.canary(session.token());
            assertThat(env.requests("auth/approle/login")).hasSize(1);
            assertThat(session.health().tokenExpiresAt()).contains(T0.plus(Duration.ofMinutes(30)));

            env.advance(Duration.ofMinutes(20));

            assertThat(env.requests("auth/token/renew-self")).singleElement()
                    .satisfies(r -> assertThat(r.tokenLabel()).contains(env.vault.tokenLabel(token)));
            assertThat(session.token()).isEqualTo(token);
            assertThat(session.health().tokenExpiresAt()).contains(T0.plus(Duration.ofMinutes(50)));
            assertThat(env.vault.successfulLogins()).isEqualTo(1);
        }
    }

    @Test
    void appRole_whenCredentialsAreWrong_failsNotRetryableNamingMethodAndMount() {
        env.vault.enableAppRole(roleId, leaks.canary("canary-other-secret-id"), RENEWABLE);

        assertThatThrownBy(() -> env.open(VaultAuth.appRole(roleId, secretId)))
                .isInstanceOfSatisfying(SecretProviderException.class, e -> assertThat(e.isRetryable()).isFalse())
                .hasMessageContaining("approle auth at auth/approle")
                .hasMessageContaining("400")
                .hasMessageContaining("check the role id and secret id");
        assertThat(env.time.pendingTasks()).isZero();
    }

    @Test
    void appRole_whenDeniedWithAWrappedErrorMessage_reportsItOnOneLine() {
        env.vault.enableAppRole(roleId, secretId, RENEWABLE);
        env.vault.faults().add(Fault.status(403, "{\"errors\":[\"1 error occurred:\\n\\t* permission denied\\n\\n\"]}")
                .on("POST", "auth/approle/login"));

        assertThatThrownBy(() -> env.open(VaultAuth.appRole(roleId, secretId)))
                .isInstanceOfSatisfying(SecretProviderException.class, e -> assertThat(e.isRetryable()).isFalse())
                .hasMessageContaining("Vault answered 403: 1 error occurred: * permission denied;")
                .hasMessageNotContaining("\n");
    }

    @Test
    void appRoleFromFiles_readsTheFilesAtEachLogin(@TempDir Path dir) throws IOException {
        TokenSpec notRenewable = TokenSpec.builder().ttl(Duration.ofMinutes(30)).renewable(false).build();
        env.vault.enableAppRole(roleId, secretId, notRenewable);
        Path roleIdFile = Files.writeString(dir.resolve("role-id"), roleId + "\n");
        Path secretIdFile = Files.writeString(dir.resolve("secret-id"), secretId + "\n");

        try (VaultSession session = env.open(VaultAuth.appRoleFromFiles(roleIdFile, secretIdFile))) {
            String second = leaks.canary("canary-secret-id-2nd-7d3e");
            env.vault.enableAppRole(roleId, second, notRenewable);
            Files.writeString(secretIdFile, second);

            env.advance(Duration.ofMinutes(20));

            assertThat(env.vault.successfulLogins()).isEqualTo(2);
            assertThat(session.health().consecutiveFailures()).isZero();
        }
    }

    @Test
    void kubernetes_readsTheRotatedServiceAccountTokenAtEachLogin(@TempDir Path dir) throws IOException {
        TokenSpec notRenewable = TokenSpec.builder().ttl(Duration.ofMinutes(30)).renewable(false).build();
        env.vault.enableKubernetes("payments", saJwt, notRenewable);
        Path saFile = Files.writeString(dir.resolve("token"), saJwt);

        try (VaultSession session = env.open(VaultAuth.kubernetes("payments", saFile))) {
            String first = leaks.canary(session.token());
            String rotated = leaks.canary("eyJhbGciOiJSUzI1NiJ9.canary-sa-jwt-2.sig");
            env.vault.enableKubernetes("payments", rotated, notRenewable);
            Files.writeString(saFile, rotated);

            env.advance(Duration.ofMinutes(20));

            assertThat(env.requests("auth/kubernetes/login")).hasSize(2);
            assertThat(env.requests("auth/token/renew-self")).isEmpty();
            assertThat(session.token()).isNotEqualTo(first);
            leaks.canary(session.token());
            assertThat(session.health().tokenExpiresAt()).contains(T0.plus(Duration.ofMinutes(50)));
        }
    }

    @Test
    void kubernetes_atACustomMount_logsInThere(@TempDir Path dir) throws IOException {
        env.vault.enableLogin("kubernetes", "kubernetes-prod", "payments", saJwt, RENEWABLE);
        Path saFile = Files.writeString(dir.resolve("token"), saJwt);

        try (VaultSession session = env.open(VaultAuth.kubernetes("payments", saFile).mountPath("kubernetes-prod"))) {
            leaks.canary(session.token());
            assertThat(env.requests("auth/kubernetes-prod/login")).hasSize(1);
        }
    }

    @Test
    void kubernetes_whenTheTokenFileIsMissing_failsNotRetryableNamingTheFile(@TempDir Path dir) {
        Path missing = dir.resolve("no-such-token");

        assertThatThrownBy(() -> env.open(VaultAuth.kubernetes("payments", missing)))
                .isInstanceOfSatisfying(SecretProviderException.class, e -> assertThat(e.isRetryable()).isFalse())
                .hasMessageContaining("kubernetes auth at auth/kubernetes")
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("does not exist");
        assertThat(env.vault.requests()).isEmpty();
    }

    @Test
    void jwt_logsInWithTheJwtFromItsFile(@TempDir Path dir) throws IOException {
        String jwt = leaks.canary("eyJhbGciOiJFUzI1NiJ9.canary-ci-jwt.sig");
        env.vault.enableJwt("ci", jwt, RENEWABLE);
        Path jwtFile = Files.writeString(dir.resolve("jwt"), jwt);

        try (VaultSession session = env.open(VaultAuth.jwt("ci", jwtFile))) {
            leaks.canary(session.token());
            assertThat(env.requests("auth/jwt/login")).hasSize(1);
            assertThat(session.health().renewable()).isTrue();
        }
    }

    @Test
    void renewalCappedByMaxTtl_leadsToALoginBeforeTheTokenExpires() {
        TokenSpec capped = TokenSpec.builder().ttl(Duration.ofMinutes(30)).maxTtl(Duration.ofMinutes(45))
                .renewable(true).build();
        env.vault.enableAppRole(roleId, secretId, capped);

        try (VaultSession session = env.open(VaultAuth.appRole(roleId, secretId))) {
            String first = leaks.canary(session.token());
            env.advance(Duration.ofMinutes(20));
            // Vault granted 25 minutes instead of 30: the token ends at its max TTL, 45 minutes after login.
            assertThat(env.requests("auth/token/renew-self")).hasSize(1);
            assertThat(session.health().tokenExpiresAt()).contains(T0.plus(Duration.ofMinutes(45)));
            assertThat(session.token()).isEqualTo(first);

            env.advance(Duration.ofMinutes(17));   // 2/3 of the 25 capped minutes after the renewal: 36:40

            assertThat(env.vault.successfulLogins()).isEqualTo(2);
            assertThat(env.requests("auth/token/renew-self")).hasSize(1);
            assertThat(session.token()).isNotEqualTo(first);
            leaks.canary(session.token());
            assertThat(session.health().tokenExpiresAt()).contains(T0.plus(Duration.ofSeconds(36 * 60 + 40))
                    .plus(Duration.ofMinutes(30)));
            assertThat(leaks.capturedLines()).anySatisfy(l -> assertThat(l).startsWith("INFO").contains("max TTL"));
        }
    }

    @Test
    void requests_neverCarryTheTokenOnLogin_andCarryNoNamespaceWhenNoneIsSet() {
        env.vault.enableAppRole(roleId, secretId, RENEWABLE);

        try (VaultSession session = env.open(VaultAuth.appRole(roleId, secretId))) {
            leaks.canary(session.token());
            RecordedRequest login = env.requests("auth/approle/login").get(0);
            assertThat(login.tokenLabel()).isEmpty();
            assertThat(login.namespace()).isEmpty();
            assertThat(login.headers()).containsEntry("x-vault-request", "true");
        }
    }
}
