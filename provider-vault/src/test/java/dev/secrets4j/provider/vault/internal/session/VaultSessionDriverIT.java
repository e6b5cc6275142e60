package dev.secrets4j.provider.vault.internal.session;

import dev.secrets4j.provider.vault.VaultAuth;
import dev.secrets4j.testing.LeakCheck;
import dev.secrets4j.testing.vault.TokenSpec;
import io.github.jopenlibs.vault.response.LogicalResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The drivers the session hands out are bound to its current token and speak the requested KV version. */
class VaultSessionDriverIT {

    @RegisterExtension
    final LeakCheck leaks = LeakCheck.create();

    final EmulatedVault env = new EmulatedVault();
    final String roleId = leaks.canary("canary-role-id-0b7d");
    final String secretId = leaks.canary("canary-secret-id-e55f");
    final String password = leaks.canary("canary-db-password-19a4");

    @AfterEach
    void stop() {
        env.close();
    }

    @Test
    void driver_readsKvV2AndKvV1WithTheCurrentToken() throws Exception {
        env.vault.putKv("secret", "app/db", Map.of("password", password));
        env.vault.mountKv("kv1", 1);
        env.vault.putKv("kv1", "app/api", Map.of("key", password));
        env.vault.enableAppRole(roleId, secretId, TokenSpec.defaults());

        try (VaultSession session = env.open(VaultAuth.appRole(roleId, secretId))) {
            String token = leaks.canary(session.token());

            LogicalResponse v2 = session.driver().logical().read("secret/app/db");
            LogicalResponse v1 = session.driver(1).logical().read("kv1/app/api");

            assertThat(v2.getRestResponse().getStatus()).isEqualTo(200);
            assertThat(v2.getData()).containsEntry("password", password);
            assertThat(v1.getData()).containsEntry("key", password);
            assertThat(env.requests("secret/data/app/db")).singleElement()
                    .satisfies(r -> assertThat(r.tokenLabel()).contains(env.vault.tokenLabel(token)));
            assertThat(session.driver(2)).isSameAs(session.driver());
            assertThatThrownBy(() -> session.driver(3)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("1 or 2");
        }
    }

    @Test
    void driver_afterARelogin_usesTheNewToken() throws Exception {
        env.vault.putKv("secret", "app/db", Map.of("password", password));
        env.vault.enableAppRole(roleId, secretId, TokenSpec.builder().ttl(Duration.ofMinutes(30)).renewable(false).build());

        try (VaultSession session = env.open(VaultAuth.appRole(roleId, secretId))) {
            leaks.canary(session.token());
            env.advance(Duration.ofMinutes(20));
            String second = leaks.canary(session.token());

            session.driver().logical().read("secret/app/db");

            assertThat(env.vault.successfulLogins()).isEqualTo(2);
            assertThat(env.requests("secret/data/app/db")).singleElement()
                    .satisfies(r -> assertThat(r.tokenLabel()).contains(env.vault.tokenLabel(second)));
        }
    }
}
