package dev.secrets4j.provider.vault;

import dev.secrets4j.Secret;
import dev.secrets4j.SecretChange;
import dev.secrets4j.SecretProviderException;
import dev.secrets4j.Secrets;
import dev.secrets4j.spi.PutOptions;
import dev.secrets4j.spi.SecretRef;
import dev.secrets4j.testing.LeakCheck;
import dev.secrets4j.testing.vault.Fault;
import dev.secrets4j.testing.vault.LeaseSpec;
import dev.secrets4j.testing.vault.LeaseView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.secrets4j.provider.vault.Emulated.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Dynamic credentials: one lease shared by every reader, renewed at two thirds, replaced ahead of expiry with one change event. */
class VaultLeasesIT {

    @RegisterExtension
    final LeakCheck leaks = LeakCheck.create();

    final Emulated env = new Emulated();
    final SecretRef password = SecretRef.parse("vault:database/creds/app#password");
    final SecretRef username = SecretRef.parse("vault:database/creds/app#username");

    {
        leaks.canary(env.vault.rootToken());
    }

    @AfterEach
    void stop() {
        env.close();
    }

    private void serve(Duration ttl, Duration maxTtl, boolean renewable) {
        env.vault.dynamicSecret("database/creds/app", LeaseSpec.builder().ttl(ttl).maxTtl(maxTtl).renewable(renewable).build());
    }

    private VaultSecretProvider provider() {
        return env.provider().dynamicMounts("database").build();
    }

    private Secret read(VaultSecretProvider p, SecretRef ref) {
        Secret s = p.get(ref).orElseThrow();
        leaks.canary(s.asString());
        return s;
    }

    @Test
    void read_holdsOneLeaseForEveryReader_andRenewsItAtTwoThirds() {
        serve(Duration.ofMinutes(10), Duration.ofHours(1), true);
        try (VaultSecretProvider p = provider()) {
            Secret pw = read(p, password);
            Secret user = read(p, username);
            assertThat(read(p, password).asString()).isEqualTo(pw.asString());
            assertThat(env.vault.leases()).hasSize(1);
            assertThat(pw.expiresAt()).contains(T0.plus(Duration.ofMinutes(10)));
            assertThat(pw.metadata()).containsEntry("lease-renewable", "true").containsEntry("lease-duration", "PT10M");
            assertThat(user.asString()).startsWith("v-token-app-");

            env.advance(Duration.ofMinutes(6));
            assertThat(env.requests("sys/leases/renew")).isEmpty();
            env.advance(Duration.ofSeconds(40));
            assertThat(env.requests("sys/leases/renew")).hasSize(1);
            assertThat(env.vault.leases().get(0).expiresAt()).isEqualTo(T0.plus(Duration.ofSeconds(400 + 600)));
            assertThat(read(p, password).expiresAt()).contains(T0.plus(Duration.ofSeconds(1000)));
            assertThat(env.vault.leases()).hasSize(1);
            leaks.assertNoLeak(p, pw, user);
        }
    }

    @Test
    void leaseReachingMaxTtl_underARunningApplication_neverFailsAReadAndFiresOneChangeWithOldAndNew() {
        serve(Duration.ofMinutes(10), Duration.ofMinutes(30), true);
        List<SecretChange> changes = new CopyOnWriteArrayList<>();
        try (Secrets secrets = Secrets.builder().provider(provider()).bind("DB_PASSWORD", password.toString())
                .clock(env.time.clock()).scheduler(env.time).listenerExecutor(Runnable::run).build()) {
            secrets.onChange("DB_PASSWORD", changes::add);
            String first = leaks.canary(secrets.get("DB_PASSWORD").asString());
            for (int minute = 1; minute <= 45; minute++) {
                env.advance(Duration.ofMinutes(1));
                String now = secrets.get("DB_PASSWORD").asString();
                leaks.canary(now);
                Instant at = env.time.now();
                assertThat(env.vault.leases()).as("minute %d: the credential served has a live lease", minute)
                        .anySatisfy(l -> assertThat(l.isLiveAt(at)).isTrue());
            }
            assertThat(changes).hasSize(1);
            SecretChange change = changes.get(0);
            assertThat(change.previous().asString()).isEqualTo(first);
            assertThat(change.current().asString()).isNotEqualTo(first);
            assertThat(change.at()).as("replaced ahead of the old lease's max TTL")
                    .isBefore(T0.plus(Duration.ofMinutes(30))).isAfter(T0.plus(Duration.ofMinutes(20)));
            assertThat(env.vault.leases()).hasSize(2);
            leaks.assertNoLeak(change, changes);
        }
    }

    @Test
    void nonRenewableLease_isReplacedAheadOfExpiry_andWatchersAreTold() {
        serve(Duration.ofMinutes(9), Duration.ofMinutes(9), false);
        List<SecretRef> told = new CopyOnWriteArrayList<>();
        try (VaultSecretProvider p = provider()) {
            Secret old = read(p, password);
            p.watch(password, told::add);
            env.advance(Duration.ofMinutes(5));
            assertThat(told).isEmpty();
            env.advance(Duration.ofMinutes(1));
            assertThat(told).containsExactly(password);
            assertThat(env.requests("sys/leases/renew")).isEmpty();
            Secret fresh = read(p, password);
            assertThat(fresh.asString()).isNotEqualTo(old.asString());
            assertThat(fresh.version()).isNotEqualTo(old.version());
            assertThat(env.vault.leases()).extracting(LeaseView::issuedAt).containsExactly(T0, T0.plus(Duration.ofMinutes(6)));
        }
    }

    @Test
    void leaseRevokedBehindOurBack_isReplacedWhenRenewalSaysLeaseNotFound() {
        serve(Duration.ofMinutes(10), Duration.ofHours(1), true);
        List<SecretRef> told = new CopyOnWriteArrayList<>();
        try (VaultSecretProvider p = provider()) {
            Secret old = read(p, password);
            p.watch(password, told::add);
            env.vault.revokeLease(env.vault.leases().get(0).id());
            env.advance(Duration.ofMinutes(7));
            assertThat(env.requests("sys/leases/renew")).singleElement().satisfies(r -> assertThat(r.status()).isEqualTo(400));
            assertThat(told).containsExactly(password);
            assertThat(read(p, password).asString()).isNotEqualTo(old.asString());
            assertThat(leaks.capturedLines()).anyMatch(l -> l.startsWith("WARN") && l.contains("no longer knows its lease"));
        }
    }

    @Test
    void renewalFailingTwice_isRetriedWithBackoff_andKeepsTheSameCredential() {
        serve(Duration.ofMinutes(10), Duration.ofHours(1), true);
        env.vault.faults().add(Fault.status(503).on("*", "sys/leases/renew").times(2));
        try (VaultSecretProvider p = provider()) {
            Secret old = read(p, password);
            env.advance(Duration.ofMinutes(7));
            env.advance(Duration.ofMinutes(2));
            assertThat(env.requests("sys/leases/renew")).extracting(r -> r.status()).containsExactly(503, 503, 200);
            assertThat(read(p, password).asString()).isEqualTo(old.asString());
            assertThat(env.vault.leases()).hasSize(1);
            assertThat(leaks.capturedLines()).filteredOn(l -> l.startsWith("WARN")).hasSize(1);
            assertThat(leaks.capturedLines()).anyMatch(l -> l.startsWith("INFO") && l.contains("works again after 2 failures"));
        }
    }

    @Test
    void close_revokesLiveLeases_onlyWhenConfigured() {
        serve(Duration.ofMinutes(10), Duration.ofHours(1), true);
        try (VaultSecretProvider p = provider()) {
            read(p, password);
        }
        assertThat(env.vault.leases()).extracting(LeaseView::revoked).containsExactly(false);
        try (VaultSecretProvider p = env.provider().dynamicMounts("database").revokeLeasesOnClose(true).build()) {
            read(p, password);
        }
        assertThat(env.vault.leases()).extracting(LeaseView::revoked).containsExactly(false, true);
        assertThat(env.requests("sys/leases/revoke")).singleElement().satisfies(r -> assertThat(r.status()).isEqualTo(204));
    }

    @Test
    void close_revokesTheLoggedInToken_onlyWithRevokeLeasesOnClose_becauseItsLeasesDieWithIt() {
        serve(Duration.ofMinutes(10), Duration.ofHours(1), true);
        String roleId = leaks.canary("canary-lease-role-id-5151");
        String secretId = leaks.canary("canary-lease-secret-id-5252");
        env.vault.enableAppRole(roleId, secretId, dev.secrets4j.testing.vault.TokenSpec.builder()
                .ttl(Duration.ofHours(1)).renewable(true).build());
        try (VaultSecretProvider p = env.provider(dev.secrets4j.provider.vault.VaultAuth.appRole(roleId, secretId))
                .dynamicMounts("database").build()) {
            read(p, password);
        }
        assertThat(env.requests("auth/token/revoke-self")).isEmpty();
        try (VaultSecretProvider p = env.provider(dev.secrets4j.provider.vault.VaultAuth.appRole(roleId, secretId))
                .dynamicMounts("database").revokeLeasesOnClose(true).build()) {
            read(p, password);
        }
        assertThat(env.requests("auth/token/revoke-self")).singleElement()
                .satisfies(r -> assertThat(r.status()).isEqualTo(204));
    }

    @Test
    void dynamicSecrets_haveNoVersionsAndCannotBeWritten() {
        serve(Duration.ofMinutes(10), Duration.ofHours(1), true);
        try (VaultSecretProvider p = provider()) {
            assertThat(p.versions(password)).hasSize(1);
            assertThatThrownBy(() -> p.get(password, "1")).isInstanceOf(SecretProviderException.class)
                    .hasMessageContaining("only KV version 2 entries have versions");
            assertThatThrownBy(() -> p.put(password, new byte[] {1, 2, 3}, PutOptions.none()))
                    .isInstanceOf(SecretProviderException.class).hasMessageContaining("dynamic secret that Vault generates");
        }
    }
}
