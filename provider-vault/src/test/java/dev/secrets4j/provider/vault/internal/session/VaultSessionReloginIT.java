package dev.secrets4j.provider.vault.internal.session;

import dev.secrets4j.SecretProviderException;
import dev.secrets4j.provider.vault.VaultAuth;
import dev.secrets4j.testing.LeakCheck;
import dev.secrets4j.testing.vault.Fault;
import dev.secrets4j.testing.vault.TokenSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** One re-login after a 403, shared by concurrent callers; close stops the schedule and revokes the token. */
class VaultSessionReloginIT {

    private static final TokenSpec RENEWABLE = TokenSpec.builder().ttl(Duration.ofMinutes(30))
            .maxTtl(Duration.ofHours(10)).renewable(true).build();
    private static final int CALLERS = 8;

    @RegisterExtension
    final LeakCheck leaks = LeakCheck.create();

    final EmulatedVault env = new EmulatedVault();
    final String roleId = leaks.canary("canary-role-id-61f0");
    final String secretId = leaks.canary("canary-secret-id-3c9a");

    @AfterEach
    void stop() {
        env.close();
    }

    private VaultSession openAppRole() {
        env.vault.enableAppRole(roleId, secretId, RENEWABLE);
        VaultSession session = env.open(VaultAuth.appRole(roleId, secretId));
        leaks.canary(session.token());
        return session;
    }

    @Test
    void reloginAfterForbidden_fromConcurrentCallers_logsInOnceAndGivesEveryoneTheNewToken() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CALLERS);
        try (VaultSession session = openAppRole()) {
            String rejected = session.token();
            env.vault.revokeToken(rejected);
            CountDownLatch ready = new CountDownLatch(CALLERS);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < CALLERS; i++) {
                results.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return session.reloginAfterForbidden(rejected);
                }));
            }
            assertThat(ready.await(10, TimeUnit.SECONDS)).isTrue();
            go.countDown();
            List<String> tokens = new ArrayList<>();
            for (Future<String> result : results) {
                tokens.add(result.get(10, TimeUnit.SECONDS));
            }

            assertThat(env.vault.successfulLogins()).isEqualTo(2);
            assertThat(tokens).hasSize(CALLERS).containsOnly(session.token()).doesNotContain(rejected);
            leaks.canary(session.token());
            assertThat(env.time.pendingTasks()).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void reloginAfterForbidden_whenTheTokenWasAlreadyReplaced_returnsTheCurrentOneWithoutLogin() {
        try (VaultSession session = openAppRole()) {
            String old = session.token();
            String current = session.reloginAfterForbidden(old);
            leaks.canary(current);

            assertThat(session.reloginAfterForbidden(old)).isEqualTo(current);
            assertThat(env.vault.successfulLogins()).isEqualTo(2);
        }
    }

    @Test
    void reloginAfterForbidden_whenLoginFails_throwsTheSameErrorToLaterCallers_andRecoversInTheBackground() {
        try (VaultSession session = openAppRole()) {
            String rejected = session.token();
            env.vault.faults().add(Fault.status(503, "{\"errors\":[\"Vault is sealed\"]}").on("*", "auth/approle/login").times(1));

            SecretProviderException first = catchRelogin(session, rejected);
            SecretProviderException second = catchRelogin(session, rejected);

            assertThat(first.isRetryable()).isTrue();
            assertThat(first.getMessage()).contains("approle auth at auth/approle", "503", "keeps trying");
            assertThat(second).isSameAs(first);
            assertThat(env.requests("auth/approle/login")).hasSize(2);

            env.advance(env.time.nextTaskIn().orElseThrow());

            assertThat(session.token()).isNotEqualTo(rejected);
            leaks.canary(session.token());
            assertThat(session.reloginAfterForbidden(rejected)).isEqualTo(session.token());
        }
    }

    @Test
    void reloginAfterForbidden_whenLoginIsRefused_throwsNotRetryable() {
        try (VaultSession session = openAppRole()) {
            String rejected = session.token();
            env.vault.enableAppRole(roleId, leaks.canary("canary-rotated-secret-id"), RENEWABLE);

            SecretProviderException failure = catchRelogin(session, rejected);

            assertThat(failure.isRetryable()).isFalse();
            assertThat(failure.getMessage()).contains("400", "check the credentials");
        }
    }

    @Test
    void close_stopsTheScheduleAndRevokesTheTokenItLoggedInFor() {
        VaultSession session = openAppRole();
        String token = session.token();
        assertThat(env.time.pendingTasks()).isEqualTo(1);

        session.close();
        session.close();

        assertThat(env.time.pendingTasks()).isZero();
        assertThat(env.requests("auth/token/revoke-self")).singleElement()
                .satisfies(r -> assertThat(r.tokenLabel()).contains(env.vault.tokenLabel(token)));
        assertThatThrownBy(() -> env.open(VaultAuth.token(token)))
                .isInstanceOf(SecretProviderException.class).hasMessageContaining("403");
        assertThatThrownBy(() -> session.reloginAfterForbidden(token))
                .isInstanceOf(SecretProviderException.class).hasMessageContaining("closed");
    }

    @Test
    void close_whenRevocationFails_warnsWithoutThrowing() {
        VaultSession session = openAppRole();
        env.vault.faults().add(Fault.resetConnection().on("*", "auth/token/revoke-self"));

        session.close();

        assertThat(env.time.pendingTasks()).isZero();
        assertThat(leaks.capturedLines()).anySatisfy(l -> assertThat(l).startsWith("WARN").contains("revoking its token failed"));
    }

    private static SecretProviderException catchRelogin(VaultSession session, String rejected) {
        try {
            session.reloginAfterForbidden(rejected);
        } catch (SecretProviderException e) {
            return e;
        }
        throw new AssertionError("reloginAfterForbidden should have failed");
    }
}
