package dev.secrets4j.provider.vault.internal.session;

import dev.secrets4j.provider.vault.VaultAuth;
import dev.secrets4j.testing.LeakCheck;
import dev.secrets4j.testing.vault.Fault;
import dev.secrets4j.testing.vault.TokenSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

import static dev.secrets4j.provider.vault.internal.session.EmulatedVault.BACKOFF;
import static dev.secrets4j.provider.vault.internal.session.EmulatedVault.SEED;
import static dev.secrets4j.provider.vault.internal.session.EmulatedVault.T0;
import static org.assertj.core.api.Assertions.assertThat;

/** Transient failures of renewal and login: retried with backoff and jitter, forever, with one WARN and one INFO. */
class VaultSessionResilienceIT {

    private static final TokenSpec RENEWABLE = TokenSpec.builder().ttl(Duration.ofMinutes(30))
            .maxTtl(Duration.ofHours(10)).renewable(true).build();
    private static final String SEALED = "{\"errors\":[\"Vault is sealed\"]}";

    @RegisterExtension
    final LeakCheck leaks = LeakCheck.create();

    final EmulatedVault env = new EmulatedVault();
    final String roleId = leaks.canary("canary-role-id-a9e1");
    final String secretId = leaks.canary("canary-secret-id-d20b");

    @AfterEach
    void stop() {
        env.close();
    }

    private VaultSession openAppRole(TokenSpec spec) {
        env.vault.enableAppRole(roleId, secretId, spec);
        VaultSession session = env.open(VaultAuth.appRole(roleId, secretId));
        leaks.canary(session.token());
        return session;
    }

    @Test
    void renewal_failingTwiceThenRecovering_retriesWithBackoff_warnsOnceAndReportsRecovery() {
        try (VaultSession session = openAppRole(RENEWABLE)) {
            String token = session.token();
            env.vault.faults().add(Fault.resetConnection().on("*", "auth/token/renew-self").times(2));

            env.advance(Duration.ofMinutes(20));
            assertThat(session.health().consecutiveFailures()).isEqualTo(1);
            assertThat(session.health().lastFailure()).hasValueSatisfying(f -> assertThat(f).contains("renewal failed"));
            advanceToNextTask();
            assertThat(session.health().consecutiveFailures()).isEqualTo(2);
            advanceToNextTask();

            assertThat(env.requests("auth/token/renew-self")).hasSize(3);
            assertThat(session.health().consecutiveFailures()).isZero();
            assertThat(session.health().lastFailure()).isEmpty();
            assertThat(session.token()).isEqualTo(token);
            assertThat(env.vault.successfulLogins()).isEqualTo(1);
            assertThat(lines("WARN")).singleElement().asString().contains("renewal", "failed", "retrying with backoff");
            assertThat(lines("INFO")).anySatisfy(l -> assertThat(l).contains("renewed after 2 failed attempts"));
        }
    }

    @Test
    void retry_waitsAFullJitterDelayDrawnFromTheInjectedRandomness() {
        try (VaultSession session = openAppRole(RENEWABLE)) {
            env.vault.faults().add(Fault.status(503, SEALED).on("*", "auth/token/renew-self").times(2));
            SplittableRandom expected = new SplittableRandom(SEED);

            env.advance(Duration.ofMinutes(20));
            assertThat(env.time.nextTaskIn()).contains(BACKOFF.delay(1, expected));
            advanceToNextTask();
            assertThat(env.time.nextTaskIn()).contains(BACKOFF.delay(2, expected));
            assertThat(session.health().lastFailure()).hasValueSatisfying(f -> assertThat(f).contains("503", "Vault is sealed"));
        }
    }

    @Test
    void renewal_neverGivesUp_evenAfterManyFailures() {
        try (VaultSession session = openAppRole(TokenSpec.builder().ttl(Duration.ofHours(8))
                .maxTtl(Duration.ofHours(100)).build())) {
            env.vault.faults().add(Fault.status(500, "{\"errors\":[\"internal error\"]}").on("*", "auth/token/renew-self"));
            env.advance(Duration.ofHours(5).plusMinutes(20));
            for (int i = 0; i < 30; i++) {
                advanceToNextTask();
            }
            assertThat(session.health().consecutiveFailures()).isEqualTo(31);
            assertThat(env.time.pendingTasks()).isEqualTo(1);
            assertThat(env.time.nextTaskIn()).hasValueSatisfying(d -> assertThat(d).isLessThanOrEqualTo(BACKOFF.max()));

            env.vault.faults().clear();
            advanceToNextTask();

            assertThat(session.health().consecutiveFailures()).isZero();
            assertThat(lines("WARN")).hasSize(1);
        }
    }

    @Test
    void tokenExpiringWhileTheBackendIsDown_leadsToAFreshLoginOnceItIsBack() {
        try (VaultSession session = openAppRole(RENEWABLE)) {
            String first = session.token();
            env.vault.faults().add(Fault.status(503, SEALED).on("*", ""));

            env.advance(Duration.ofMinutes(45));   // the token expired at 30 minutes; every try failed
            assertThat(session.health().consecutiveFailures()).isGreaterThan(3);
            assertThat(env.vault.successfulLogins()).isEqualTo(1);
            env.vault.faults().clear();
            advanceToNextTask();

            assertThat(env.vault.successfulLogins()).isEqualTo(2);
            assertThat(session.token()).isNotEqualTo(first);
            leaks.canary(session.token());
            assertThat(session.health().consecutiveFailures()).isZero();
            assertThat(session.health().tokenExpiresAt()).hasValueSatisfying(t -> assertThat(t).isAfter(env.time.now()));
            assertThat(env.time.pendingTasks()).isEqualTo(1);
        }
    }

    @Test
    void login_failingTransientlyWhenTokenIsNotRenewable_isRetriedUntilItSucceeds() {
        try (VaultSession session = openAppRole(TokenSpec.builder().ttl(Duration.ofMinutes(30)).renewable(false).build())) {
            env.vault.faults().add(Fault.status(502, "<html>bad gateway</html>").on("POST", "auth/approle/login").times(3));

            env.advance(Duration.ofMinutes(20));
            for (int i = 0; i < 3; i++) {
                advanceToNextTask();
            }

            assertThat(env.requests("auth/approle/login")).hasSize(5);
            assertThat(env.vault.successfulLogins()).isEqualTo(2);
            assertThat(session.health().consecutiveFailures()).isZero();
            assertThat(lines("WARN")).singleElement().asString().contains("login", "502");
        }
    }

    @Test
    void renewal_whenVaultAnswersHtml_isAClearRetryableFailure() {
        try (VaultSession session = openAppRole(RENEWABLE)) {
            env.vault.faults().add(Fault.garbage("<html>proxy error</html>", "text/html")
                    .on("*", "auth/token/renew-self").times(1));

            env.advance(Duration.ofMinutes(20));

            assertThat(session.health().lastFailure()).hasValueSatisfying(f ->
                    assertThat(f).contains("text/html").doesNotContain("proxy error"));
            advanceToNextTask();
            assertThat(session.health().consecutiveFailures()).isZero();
        }
    }

    @Test
    void renewal_whenVaultHangs_timesOutAndRetries() {
        try (VaultSession session = openAppRole(RENEWABLE)) {
            env.vault.faults().add(Fault.hang().on("*", "auth/token/renew-self").times(1));

            env.advance(Duration.ofMinutes(20));   // waits the 2 s read timeout, in real time

            assertThat(session.health().consecutiveFailures()).isEqualTo(1);
            assertThat(session.health().lastFailure()).hasValueSatisfying(f -> assertThat(f).contains("no answer"));
            advanceToNextTask();
            assertThat(session.health().consecutiveFailures()).isZero();
        }
    }

    @Test
    void namespace_isSentWithEveryAuthCall() {
        env.vault.namespace("team-a");
        String token = leaks.canary(env.vault.createToken(RENEWABLE));
        VaultTransport inNamespace = new VaultTransport(env.vault.address(), Optional.of("team-a"), env.http,
                Duration.ofSeconds(2));

        try (VaultSession session = VaultSession.open(VaultAuth.token(token), inNamespace, env.time.clock(), env.time,
                BACKOFF, new SplittableRandom(SEED), env.environment())) {
            env.advance(Duration.ofMinutes(20));

            assertThat(env.vault.requests()).isNotEmpty()
                    .allSatisfy(r -> assertThat(r.namespace()).contains("team-a"));
            assertThat(session.health().tokenExpiresAt()).contains(T0.plus(Duration.ofMinutes(50)));
        }
    }

    private void advanceToNextTask() {
        env.advance(env.time.nextTaskIn().orElseThrow(() -> new AssertionError("no task is scheduled")));
    }

    private List<String> lines(String level) {
        return leaks.capturedLines().stream().filter(l -> l.startsWith(level)).toList();
    }
}
