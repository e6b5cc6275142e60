package dev.secrets4j.testing.vault;

import dev.secrets4j.testing.FakeTime;
import dev.secrets4j.testing.LeakCheck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Dynamic secrets and their leases over plain HTTP: minting, renewal with max-TTL capping, expiry, revocation. */
class VaultEmulatorLeaseTest {

    @RegisterExtension
    final LeakCheck leaks = LeakCheck.create();

    private final FakeTime time = FakeTime.startingAt(Instant.parse("2025-03-01T10:00:00Z"));
    private VaultEmulator vault;
    private VaultHttp http;

    @BeforeEach
    void start() {
        vault = VaultEmulator.builder().clock(time.clock()).build().start();
        vault.dynamicSecret("database/creds/app", LeaseSpec.builder().ttl(Duration.ofMinutes(10))
                .maxTtl(Duration.ofMinutes(30)).renewable(true).build());
        http = new VaultHttp(vault, leaks.canary(vault.rootToken()));
    }

    @AfterEach
    void stop() {
        vault.close();
    }

    private JsonNode mint() throws Exception {
        JsonNode body = http.get("database/creds/app").json();
        leaks.canary(body.at("/data/password").stringValue());
        return body;
    }

    @Test
    void read_mintsNewCredentialsWithTopLevelLease() throws Exception {
        JsonNode first = mint();
        JsonNode second = mint();

        assertThat(first.get("lease_id").stringValue()).startsWith("database/creds/app/");
        assertThat(first.get("lease_duration").longValue()).isEqualTo(600);
        assertThat(first.get("renewable").booleanValue()).isTrue();
        assertThat(first.at("/data/username").stringValue()).isNotEmpty();
        assertThat(first.at("/data/password").stringValue()).isNotEqualTo(second.at("/data/password").stringValue());
        assertThat(vault.leases()).hasSize(2);
        LeaseView view = vault.leases().get(0);
        assertThat(view.id()).isEqualTo(first.get("lease_id").stringValue());
        assertThat(view.expiresAt()).isEqualTo(Instant.parse("2025-03-01T10:10:00Z"));
        assertThat(view.maxExpiresAt()).isEqualTo(Instant.parse("2025-03-01T10:30:00Z"));
        assertThat(view.toString()).doesNotContain(first.at("/data/password").stringValue());
    }

    @Test
    void renew_bodyForm_extendsFromNow() throws Exception {
        String id = mint().get("lease_id").stringValue();
        time.advance(Duration.ofMinutes(5));

        VaultHttp.Answer a = http.put("sys/leases/renew", "{\"lease_id\":\"" + id + "\",\"increment\":600}");

        assertThat(a.status()).isEqualTo(200);
        assertThat(a.json().get("lease_id").stringValue()).isEqualTo(id);
        assertThat(a.json().get("lease_duration").longValue()).isEqualTo(600);
        assertThat(a.json().get("data").isNull()).isTrue();
        assertThat(vault.leases().get(0).expiresAt()).isEqualTo(Instant.parse("2025-03-01T10:15:00Z"));
        assertThat(vault.leases().get(0).renewals()).isEqualTo(1);
    }

    @Test
    void renew_pathForm_asTheDriverSendsIt() throws Exception {
        String id = mint().get("lease_id").stringValue();

        VaultHttp.Answer a = http.post("sys/leases/renew/" + id, "{\"increment\":300}");

        assertThat(a.status()).isEqualTo(200);
        assertThat(a.json().get("lease_duration").longValue()).isEqualTo(300);
    }

    @Test
    void renew_nearMaxTtl_isCappedWithWarning() throws Exception {
        String id = mint().get("lease_id").stringValue();
        for (int i = 0; i < 2; i++) {
            time.advance(Duration.ofMinutes(9));
            http.put("sys/leases/renew", "{\"lease_id\":\"" + id + "\",\"increment\":600}");
        }
        time.advance(Duration.ofMinutes(9));   // 27 minutes in: 3 left before the max TTL

        VaultHttp.Answer a = http.put("sys/leases/renew", "{\"lease_id\":\"" + id + "\",\"increment\":600}");

        assertThat(a.status()).isEqualTo(200);
        assertThat(a.json().get("lease_duration").longValue()).isEqualTo(180);
        assertThat(a.json().get("warnings").get(0).stringValue()).contains("exceeded the effective max_ttl", "3m0s");
    }

    @Test
    void renew_afterExpiry_is400LeaseNotFound() throws Exception {
        String id = mint().get("lease_id").stringValue();
        time.advance(Duration.ofMinutes(10));

        VaultHttp.Answer a = http.put("sys/leases/renew", "{\"lease_id\":\"" + id + "\"}");

        assertThat(a.status()).isEqualTo(400);
        assertThat(a.text()).isEqualTo("{\"errors\":[\"lease not found\"]}");
    }

    @Test
    void revoke_is204ThenRenewIsLeaseNotFound() throws Exception {
        String id = mint().get("lease_id").stringValue();

        assertThat(http.put("sys/leases/revoke", "{\"lease_id\":\"" + id + "\"}").status()).isEqualTo(204);

        assertThat(http.put("sys/leases/renew", "{\"lease_id\":\"" + id + "\"}").text()).contains("lease not found");
        assertThat(vault.leases().get(0).revoked()).isTrue();
        assertThat(vault.leases().get(0).isLiveAt(time.now())).isFalse();
    }

    @Test
    void revokeLease_fromTheTest_endsTheLease() throws Exception {
        String id = mint().get("lease_id").stringValue();

        vault.revokeLease(id);

        assertThat(http.put("sys/leases/renew", "{\"lease_id\":\"" + id + "\"}").status()).isEqualTo(400);
        assertThatThrownBy(() -> vault.revokeLease("database/creds/app/unknown"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no lease");
    }

    @Test
    void renew_ofATokenLease_isRefused() throws Exception {
        VaultHttp.Answer a = http.put("sys/leases/renew", "{\"lease_id\":\"auth/approle/login/abc\"}");

        assertThat(a.status()).isEqualTo(400);
        assertThat(a.text()).contains("tokens cannot be renewed through this endpoint");
    }

    @Test
    void renew_whenLeaseNotRenewable_is400() throws Exception {
        vault.dynamicSecret("database/creds/ro", LeaseSpec.builder().renewable(false).build());
        JsonNode body = http.get("database/creds/ro").json();
        leaks.canary(body.at("/data/password").stringValue());

        VaultHttp.Answer a = http.put("sys/leases/renew", "{\"lease_id\":\"" + body.get("lease_id").stringValue() + "\"}");

        assertThat(body.get("renewable").booleanValue()).isFalse();
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.text()).contains("lease is not renewable");
    }

    @Test
    void lookup_reportsTtlOnTheClock() throws Exception {
        String id = mint().get("lease_id").stringValue();
        time.advance(Duration.ofMinutes(4));

        JsonNode d = http.put("sys/leases/lookup", "{\"lease_id\":\"" + id + "\"}").data();

        assertThat(d.get("ttl").longValue()).isEqualTo(360);
        assertThat(d.get("renewable").booleanValue()).isTrue();
    }
}
