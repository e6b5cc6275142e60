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
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Tokens and logins over plain HTTP: TTLs on the fake clock, renewal capping, expiry, revocation, login shapes. */
class VaultEmulatorAuthTest {

    @RegisterExtension
    final LeakCheck leaks = LeakCheck.create();

    private final FakeTime time = FakeTime.startingAt(Instant.parse("2025-03-01T10:00:00Z"));
    private VaultEmulator vault;

    @BeforeEach
    void start() {
        vault = VaultEmulator.builder().clock(time.clock()).build().start();
        leaks.canary(vault.rootToken());
    }

    @AfterEach
    void stop() {
        vault.close();
    }

    private VaultHttp as(String token) {
        return new VaultHttp(vault, token);
    }

    private String token(TokenSpec spec) {
        return leaks.canary(vault.createToken(spec));
    }

    @Test
    void lookupSelf_ttlCountsDownOnTheClock() throws Exception {
        String t = token(TokenSpec.builder().ttl(Duration.ofMinutes(30)).maxTtl(Duration.ofHours(2))
                .policies("app").build());

        JsonNode before = as(t).get("auth/token/lookup-self").data();
        time.advance(Duration.ofMinutes(10));
        JsonNode after = as(t).get("auth/token/lookup-self").data();

        assertThat(before.get("ttl").longValue()).isEqualTo(1800);
        assertThat(after.get("ttl").longValue()).isEqualTo(1200);
        assertThat(before.get("creation_ttl").longValue()).isEqualTo(1800);
        assertThat(before.get("explicit_max_ttl").longValue()).isEqualTo(7200);
        assertThat(before.get("creation_time").isIntegralNumber()).isTrue();
        assertThat(before.get("expire_time").stringValue()).isEqualTo("2025-03-01T10:30:00Z");
        assertThat(texts(before.get("policies"))).containsExactly("app");
        assertThat(before.get("renewable").booleanValue()).isTrue();
        assertThat(before.has("last_renewal_time")).isFalse();
        assertThat(before.get("type").stringValue()).isEqualTo("service");
    }

    @Test
    void lookupSelf_rootTokenHasNullExpireTimeAndZeroTtl() throws Exception {
        JsonNode d = as(vault.rootToken()).get("auth/token/lookup-self").data();

        assertThat(d.get("expire_time").isNull()).isTrue();
        assertThat(d.get("ttl").longValue()).isZero();
        assertThat(texts(d.get("policies"))).containsExactly("root");
    }

    @Test
    void token_whenExpired_gets403PermissionDenied() throws Exception {
        String t = token(TokenSpec.builder().ttl(Duration.ofMinutes(5)).build());
        vault.putKv("secret", "a", Map.of("k", "v"));

        assertThat(as(t).get("secret/data/a").status()).isEqualTo(200);
        time.advance(Duration.ofMinutes(5));
        VaultHttp.Answer a = as(t).get("secret/data/a");

        assertThat(a.status()).isEqualTo(403);
        assertThat(a.text()).isEqualTo("{\"errors\":[\"permission denied\"]}");
    }

    @Test
    void token_missingOrUnknown_gets403() throws Exception {
        assertThat(as(null).get("secret/data/a").status()).isEqualTo(403);
        assertThat(as("hvs.not-a-token-of-this-vault").get("auth/token/lookup-self").status()).isEqualTo(403);
    }

    @Test
    void revokeToken_laterRequestsGet403() throws Exception {
        String t = token(TokenSpec.defaults());

        vault.revokeToken(t);

        assertThat(as(t).get("auth/token/lookup-self").status()).isEqualTo(403);
    }

    @Test
    void revokeSelf_is204AndTheTokenStopsWorking() throws Exception {
        String t = token(TokenSpec.defaults());

        assertThat(as(t).post("auth/token/revoke-self", null).status()).isEqualTo(204);

        assertThat(as(t).get("auth/token/lookup-self").status()).isEqualTo(403);
    }

    @Test
    void renewSelf_extendsFromNowByIncrementAndAnswersAuthBlock() throws Exception {
        String t = token(TokenSpec.builder().ttl(Duration.ofMinutes(30)).maxTtl(Duration.ofHours(2)).build());
        time.advance(Duration.ofMinutes(20));

        VaultHttp.Answer a = as(t).post("auth/token/renew-self", "{\"increment\":\"30m\"}");

        assertThat(a.status()).isEqualTo(200);
        assertThat(a.contentType()).contains("application/json");
        JsonNode body = a.json();
        assertThat(body.get("renewable").isBoolean()).isTrue();
        assertThat(body.get("data").isNull()).isTrue();
        assertThat(body.at("/auth/lease_duration").longValue()).isEqualTo(1800);
        assertThat(body.at("/auth/renewable").booleanValue()).isTrue();
        assertThat(body.at("/auth/policies").isArray()).isTrue();
        assertThat(body.at("/auth/client_token").stringValue()).isEqualTo(t);
        assertThat(body.get("warnings").isNull()).isTrue();
        JsonNode lookup = as(t).get("auth/token/lookup-self").data();
        assertThat(lookup.get("ttl").longValue()).isEqualTo(1800);
        assertThat(lookup.get("last_renewal_time").longValue()).isEqualTo(Instant.parse("2025-03-01T10:20:00Z").getEpochSecond());
    }

    @Test
    void renewSelf_integerIncrementAndNoBodyAreAccepted() throws Exception {
        String t = token(TokenSpec.builder().ttl(Duration.ofMinutes(30)).build());

        assertThat(as(t).post("auth/token/renew-self", "{\"increment\":600}").json().at("/auth/lease_duration").longValue())
                .isEqualTo(600);
        assertThat(as(t).post("auth/token/renew-self", null).json().at("/auth/lease_duration").longValue())
                .isEqualTo(1800);
    }

    @Test
    void renewSelf_nearMaxTtl_isCappedWithWarning() throws Exception {
        String t = token(TokenSpec.builder().ttl(Duration.ofMinutes(30)).maxTtl(Duration.ofHours(1)).build());
        time.advance(Duration.ofMinutes(25));
        assertThat(as(t).post("auth/token/renew-self", "{\"increment\":1800}").json().get("warnings").isNull()).isTrue();
        time.advance(Duration.ofMinutes(25));

        VaultHttp.Answer a = as(t).post("auth/token/renew-self", "{\"increment\":3600}");

        assertThat(a.status()).isEqualTo(200);
        assertThat(a.json().at("/auth/lease_duration").longValue()).isEqualTo(600);
        assertThat(a.json().get("warnings").get(0).stringValue()).isEqualTo(
                "TTL of \"1h0m0s\" exceeded the effective max_ttl of \"10m0s\"; TTL value is capped accordingly");
        time.advance(Duration.ofMinutes(10));
        assertThat(as(t).get("auth/token/lookup-self").status()).isEqualTo(403);
    }

    @Test
    void renewSelf_whenNotRenewable_is400() throws Exception {
        String t = token(TokenSpec.builder().renewable(false).build());

        VaultHttp.Answer a = as(t).post("auth/token/renew-self", "{}");

        assertThat(a.status()).isEqualTo(400);
        assertThat(a.json().get("errors").get(0).stringValue()).isEqualTo("lease is not renewable");
    }

    @Test
    void appRoleLogin_givesAuthBlockWithPoliciesAndTopLevelRenewable() throws Exception {
        String secretId = leaks.canary("canary-secret-id-1234");
        vault.enableAppRole("role-id-1", secretId, TokenSpec.builder().ttl(Duration.ofMinutes(20))
                .policies("default", "app").build());

        VaultHttp.Answer a = as(null).post("auth/approle/login",
                "{\"role_id\":\"role-id-1\",\"secret_id\":\"" + secretId + "\"}");

        assertThat(a.status()).isEqualTo(200);
        assertThat(a.contentType()).contains("application/json");
        JsonNode body = a.json();
        assertThat(body.get("renewable").isBoolean()).isTrue();
        assertThat(body.get("lease_id").stringValue()).isEmpty();
        assertThat(body.get("data").isNull()).isTrue();
        JsonNode auth = body.get("auth");
        assertThat(texts(auth.get("policies"))).containsExactly("default", "app");
        assertThat(texts(auth.get("token_policies"))).containsExactly("default", "app");
        assertThat(auth.get("lease_duration").longValue()).isEqualTo(1200);
        assertThat(auth.get("renewable").booleanValue()).isTrue();
        assertThat(auth.get("token_type").stringValue()).isEqualTo("service");
        assertThat(auth.get("orphan").booleanValue()).isTrue();
        assertThat(auth.get("metadata").isObject()).isTrue();
        String issued = leaks.canary(auth.get("client_token").stringValue());
        assertThat(as(issued).get("auth/token/lookup-self").data().get("path").stringValue())
                .isEqualTo("auth/approle/login");
        assertThat(vault.successfulLogins()).isEqualTo(1);
    }

    @Test
    void appRoleLogin_wrongSecretId_is400InvalidRoleOrSecretId() throws Exception {
        vault.enableAppRole("role-id-1", leaks.canary("canary-secret-id-1234"), TokenSpec.defaults());

        VaultHttp.Answer a = as(null).post("auth/approle/login", "{\"role_id\":\"role-id-1\",\"secret_id\":\"wrong\"}");

        assertThat(a.status()).isEqualTo(400);
        assertThat(a.text()).isEqualTo("{\"errors\":[\"invalid role or secret ID\"]}");
        assertThat(vault.successfulLogins()).isZero();
    }

    @Test
    void kubernetesLogin_roleAndJwtMustMatch() throws Exception {
        String jwt = leaks.canary("eyJhbGciOiJSUzI1NiJ9.canary-service-account.sig");
        vault.enableKubernetes("app-role", jwt, TokenSpec.defaults());

        VaultHttp.Answer ok = as(null).post("auth/kubernetes/login", "{\"role\":\"app-role\",\"jwt\":\"" + jwt + "\"}");
        VaultHttp.Answer badJwt = as(null).post("auth/kubernetes/login", "{\"role\":\"app-role\",\"jwt\":\"other\"}");
        VaultHttp.Answer badRole = as(null).post("auth/kubernetes/login", "{\"role\":\"nope\",\"jwt\":\"" + jwt + "\"}");

        assertThat(ok.status()).isEqualTo(200);
        leaks.canary(ok.json().at("/auth/client_token").stringValue());
        assertThat(ok.json().at("/auth/metadata/role").stringValue()).isEqualTo("app-role");
        assertThat(ok.json().at("/auth/metadata").has("service_account_namespace")).isTrue();
        assertThat(badJwt.status()).isEqualTo(403);
        assertThat(badRole.status()).isEqualTo(400);
        assertThat(badRole.text()).contains("invalid role name");
    }

    @Test
    void jwtLogin_onCustomMount() throws Exception {
        String jwt = leaks.canary("eyJhbGciOiJFUzI1NiJ9.canary-jwt-claims.sig");
        vault.enableLogin("jwt", "jwt-prod", "app-role", jwt, TokenSpec.defaults());

        VaultHttp.Answer ok = as(null).post("auth/jwt-prod/login", "{\"role\":\"app-role\",\"jwt\":\"" + jwt + "\"}");
        VaultHttp.Answer bad = as(null).post("auth/jwt-prod/login", "{\"role\":\"app-role\",\"jwt\":\"x\"}");
        VaultHttp.Answer defaultMount = as(null).post("auth/jwt/login", "{\"role\":\"app-role\",\"jwt\":\"" + jwt + "\"}");

        assertThat(ok.status()).isEqualTo(200);
        leaks.canary(ok.json().at("/auth/client_token").stringValue());
        assertThat(bad.status()).isEqualTo(400);
        assertThat(defaultMount.status()).isEqualTo(403);
    }

    @Test
    void requests_recordTokenLabelsNeverTokenValues() throws Exception {
        String t = token(TokenSpec.defaults());
        vault.resetRequests();

        as(t).get("auth/token/lookup-self");
        as("hvs.unknown-token-value").get("auth/token/lookup-self");

        assertThat(vault.requests()).hasSize(2);
        RecordedRequest first = vault.requests().get(0);
        assertThat(first.tokenLabel()).contains(vault.tokenLabel(t));
        assertThat(first.tokenLabel().orElseThrow()).matches("token#\\d+");
        assertThat(first.status()).isEqualTo(200);
        assertThat(vault.requests().get(1).tokenLabel()).contains("token#?");
        assertThat(vault.requests().toString()).doesNotContain(t).doesNotContain("hvs.unknown-token-value");
        assertThat(vault.requests("GET", "auth/token/")).hasSize(2);
        assertThat(vault.requests("POST", "auth/token/")).isEmpty();
    }

    private static java.util.List<String> texts(JsonNode array) {
        java.util.List<String> out = new java.util.ArrayList<>();
        array.forEach(n -> out.add(n.stringValue()));
        return out;
    }
}
