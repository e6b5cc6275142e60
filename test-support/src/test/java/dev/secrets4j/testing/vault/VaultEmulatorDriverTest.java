package dev.secrets4j.testing.vault;

import dev.secrets4j.testing.FakeTime;
import dev.secrets4j.testing.LeakCheck;
import io.github.jopenlibs.vault.SslConfig;
import io.github.jopenlibs.vault.Vault;
import io.github.jopenlibs.vault.VaultConfig;
import io.github.jopenlibs.vault.VaultException;
import io.github.jopenlibs.vault.api.WriteOptions;
import io.github.jopenlibs.vault.response.AuthResponse;
import io.github.jopenlibs.vault.response.HealthResponse;
import io.github.jopenlibs.vault.response.LogicalResponse;
import io.github.jopenlibs.vault.response.LookupResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The emulator through the real {@code io.github.jopenlibs:vault-java-driver} the Vault provider uses: every
 * endpoint the driver covers parses and behaves as it would against Vault.
 */
class VaultEmulatorDriverTest {

    @RegisterExtension
    final LeakCheck leaks = LeakCheck.create();

    private final FakeTime time = FakeTime.startingAt(Instant.parse("2025-03-01T10:00:00Z"));
    private VaultEmulator vault;
    private String password;

    @BeforeEach
    void start() {
        vault = VaultEmulator.builder().clock(time.clock()).build().start();
        leaks.canary(vault.rootToken());
        password = leaks.canary("canary-driver-password");
    }

    @AfterEach
    void stop() {
        vault.close();
    }

    private VaultConfig config(String token) throws VaultException {
        return new VaultConfig().address(vault.address().toString()).token(token).openTimeout(5).readTimeout(5)
                .build();
    }

    private Vault driver(String token, int kvVersion) throws VaultException {
        return Vault.create(config(token), kvVersion);
    }

    private Vault root() throws VaultException {
        return driver(vault.rootToken(), 2);
    }

    @Test
    void kvV2_readGivesDataAndVersion() throws Exception {
        vault.putKv("secret", "app/db", Map.of("user", "app", "password", password));

        LogicalResponse r = root().logical().read("secret/app/db");

        assertThat(r.getRestResponse().getStatus()).isEqualTo(200);
        assertThat(r.getData()).containsEntry("password", password).containsEntry("user", "app");
        assertThat(r.getDataMetadata().getVersion()).isEqualTo(1L);
    }

    @Test
    void kvV2_readMissing_returns404WithoutThrowing() throws Exception {
        LogicalResponse r = root().logical().read("secret/nope");

        assertThat(r.getRestResponse().getStatus()).isEqualTo(404);
        assertThat(r.getData()).isEmpty();
    }

    @Test
    void kvV2_readVersion_andDeletedVersionIs404() throws Exception {
        vault.putKv("secret", "app/db", Map.of("password", "first-value"));
        vault.putKv("secret", "app/db", Map.of("password", password));
        vault.deleteKvVersions("secret", "app/db", 2);

        LogicalResponse v1 = root().logical().read("secret/app/db", false, 1);
        LogicalResponse v2 = root().logical().read("secret/app/db", false, 2);

        assertThat(v1.getData()).containsEntry("password", "first-value");
        assertThat(v2.getRestResponse().getStatus()).isEqualTo(404);
        assertThat(new String(v2.getRestResponse().getBody())).contains("\"deletion_time\":\"20");
    }

    @Test
    void kvV2_writeWithCas_succeedsThenConflictsWith400() throws Exception {
        vault.putKv("secret", "app/db", Map.of("password", "first-value"));
        Vault driver = root();

        LogicalResponse ok = driver.logical().write("secret/app/db", Map.of("password", password), null,
                new WriteOptions().checkAndSet(1L).build());
        LogicalResponse conflict = driver.logical().write("secret/app/db", Map.of("password", "x-value"), null,
                new WriteOptions().checkAndSet(1L).build());

        assertThat(ok.getRestResponse().getStatus()).isEqualTo(200);
        assertThat(ok.getDataObject().get("version").asInt()).isEqualTo(2);
        assertThat(conflict.getRestResponse().getStatus()).isEqualTo(400);
        assertThat(new String(conflict.getRestResponse().getBody()))
                .contains("check-and-set parameter did not match the current version");
    }

    @Test
    void kvV2_listDeleteUndeleteDestroy() throws Exception {
        vault.putKv("secret", "app/db", Map.of("password", password));
        vault.putKv("secret", "app/api", Map.of("key", "v"));
        Vault driver = root();

        assertThat(driver.logical().list("secret/app").getListData()).containsExactly("api", "db");
        driver.logical().delete("secret/app/db", new int[] {1});
        assertThat(driver.logical().read("secret/app/db").getRestResponse().getStatus()).isEqualTo(404);
        driver.logical().unDelete("secret/app/db", new int[] {1});
        assertThat(driver.logical().read("secret/app/db").getData()).containsEntry("password", password);
        driver.logical().destroy("secret/app/db", new int[] {1});
        assertThat(driver.logical().read("secret/app/db").getRestResponse().getStatus()).isEqualTo(404);
        driver.logical().delete("secret/app/api");
        assertThat(vault.currentVersion("secret", "app/api")).isZero();
    }

    @Test
    void kvV1_readWriteListWithEngineVersion1() throws Exception {
        vault.mountKv("kv1", 1);
        Vault driver = driver(vault.rootToken(), 1);

        LogicalResponse write = driver.logical().write("kv1/app/db", Map.of("password", password));
        LogicalResponse read = driver.logical().read("kv1/app/db");

        assertThat(write.getRestResponse().getStatus()).isEqualTo(204);
        assertThat(read.getData()).containsEntry("password", password);
        assertThat(read.getLeaseDuration()).isEqualTo(2_764_800L);
        assertThat(driver.logical().list("kv1/app").getListData()).containsExactly("db");
    }

    @Test
    void engineVersionDetection_readsSysMounts() throws Exception {
        vault.mountKv("kv1", 1);

        Vault driver = Vault.create(config(vault.rootToken()), true, 2);

        assertThat(driver.getSecretEngineVersions()).containsEntry("secret/", "2").containsEntry("kv1/", "1");
    }

    @Test
    void loginByAppRole_thenLookupRenewRevoke() throws Exception {
        String secretId = leaks.canary("canary-driver-secret-id");
        vault.enableAppRole("role-id-1", secretId, TokenSpec.builder().ttl(Duration.ofMinutes(30))
                .maxTtl(Duration.ofHours(1)).policies("default", "app").build());

        AuthResponse login = driver(null, 2).auth().loginByAppRole("role-id-1", secretId);
        String token = leaks.canary(login.getAuthClientToken());

        assertThat(login.getAuthPolicies()).containsExactly("default", "app");
        assertThat(login.getAuthLeaseDuration()).isEqualTo(1800);
        assertThat(login.isAuthRenewable()).isTrue();
        Vault session = driver(token, 2);
        time.advance(Duration.ofMinutes(10));
        LookupResponse lookup = session.auth().lookupSelf();
        assertThat(lookup.getTTL()).isEqualTo(1200);
        assertThat(lookup.getPolicies()).containsExactly("default", "app");
        assertThat(lookup.getExplicitMaxTTL()).isEqualTo(3600);
        AuthResponse renewed = session.auth().renewSelf(3600);
        assertThat(renewed.getAuthLeaseDuration()).isEqualTo(3000);
        assertThat(session.auth().lookupSelf().getLastRenewalTime()).isNotNull();
        session.auth().revokeSelf();
        assertThat(catchThrowableOfType(VaultException.class, () -> session.auth().lookupSelf()).getHttpStatusCode())
                .isEqualTo(403);
    }

    @Test
    void loginByKubernetesAndJwt() throws Exception {
        String saJwt = leaks.canary("eyJhbGciOiJSUzI1NiJ9.canary-driver-sa.sig");
        String jwt = leaks.canary("eyJhbGciOiJFUzI1NiJ9.canary-driver-jwt.sig");
        vault.enableKubernetes("app-role", saJwt, TokenSpec.defaults());
        vault.enableJwt("app-role", jwt, TokenSpec.defaults());
        Vault anonymous = driver(null, 2);

        AuthResponse k8s = anonymous.auth().loginByKubernetes("app-role", saJwt);
        AuthResponse oidc = anonymous.auth().loginByJwt("jwt", "app-role", jwt);
        VaultException bad = catchThrowableOfType(VaultException.class,
                () -> anonymous.auth().loginByKubernetes("app-role", "wrong"));

        assertThat(leaks.canary(k8s.getAuthClientToken())).startsWith("hvs.");
        assertThat(leaks.canary(oidc.getAuthClientToken())).startsWith("hvs.");
        assertThat(bad.getHttpStatusCode()).isEqualTo(403);
        assertThat(vault.successfulLogins()).isEqualTo(2);
    }

    @Test
    void token_expiringMidRun_readsGet403() throws Exception {
        String token = leaks.canary(vault.createToken(TokenSpec.builder().ttl(Duration.ofMinutes(5)).build()));
        vault.putKv("secret", "app/db", Map.of("password", password));
        Vault session = driver(token, 2);

        assertThat(session.logical().read("secret/app/db").getRestResponse().getStatus()).isEqualTo(200);
        time.advance(Duration.ofMinutes(5));

        assertThat(session.logical().read("secret/app/db").getRestResponse().getStatus()).isEqualTo(403);
    }

    @Test
    void leases_renewAndRevoke() throws Exception {
        vault.dynamicSecret("database/creds/app", LeaseSpec.builder().ttl(Duration.ofMinutes(10))
                .maxTtl(Duration.ofMinutes(15)).build());
        Vault driver = root();
        // engine version 1: no "data/" inserted into the path, which a dynamic secret path must not get
        LogicalResponse creds = driver(vault.rootToken(), 1).logical().read("database/creds/app");
        leaks.canary(creds.getData().get("password"));
        time.advance(Duration.ofMinutes(8));

        var renewed = driver.leases().renew(creds.getLeaseId(), 600);
        driver.leases().revoke(creds.getLeaseId());

        assertThat(creds.getLeaseDuration()).isEqualTo(600L);
        assertThat(creds.getRenewable()).isTrue();
        assertThat(new String(renewed.getRestResponse().getBody())).contains("\"lease_duration\":420")
                .contains("capped accordingly");
        VaultException gone = catchThrowableOfType(VaultException.class,
                () -> driver.leases().renew(creds.getLeaseId(), 600));
        assertThat(gone.getHttpStatusCode()).isEqualTo(400);
        assertThat(vault.leases().get(0).revoked()).isTrue();
    }

    @Test
    void health_everyStateParsesWithoutThrowing() throws Exception {
        Vault driver = root();

        HealthResponse active = driver.debug().health();
        vault.health(HealthState.STANDBY);
        HealthResponse standby = driver.debug().health();
        vault.health(HealthState.PERFORMANCE_STANDBY);
        HealthResponse perf = driver.debug().health();
        vault.seal();
        HealthResponse sealed = driver.debug().health();
        vault.health(HealthState.UNINITIALIZED);
        HealthResponse uninit = driver.debug().health();

        assertThat(active.getRestResponse().getStatus()).isEqualTo(200);
        assertThat(active.getSealed()).isFalse();
        assertThat(standby.getRestResponse().getStatus()).isEqualTo(429);
        assertThat(standby.getStandby()).isTrue();
        assertThat(perf.getRestResponse().getStatus()).isEqualTo(473);
        assertThat(sealed.getSealed()).isTrue();
        assertThat(uninit.getInitialized()).isFalse();
        assertThat(active.getServerTimeUTC()).isEqualTo(time.now().getEpochSecond());
    }

    @Test
    void namespace_configuredOnTheDriver() throws Exception {
        vault.namespace("team-a");
        vault.inNamespace("team-a").putKv("secret", "app/db", Map.of("password", password));

        Vault driver = Vault.create(config(vault.rootToken()).nameSpace("team-a"), 2);

        assertThat(driver.logical().read("secret/app/db").getData()).containsEntry("password", password);
        assertThat(vault.requests("GET", "secret/data/app/db").get(0).namespace()).contains("team-a");
    }

    @Test
    void https_withTheEmulatorCaAsPem() throws Exception {
        try (VaultEmulator tls = VaultEmulator.builder().https(true).build().start()) {
            tls.putKv("secret", "app/db", Map.of("password", password));
            leaks.canary(tls.rootToken());
            VaultConfig cfg = new VaultConfig().address(tls.address().toString()).token(tls.rootToken())
                    .sslConfig(new SslConfig().pemUTF8(tls.caCertificatePem()).build()).build();

            assertThat(Vault.create(cfg, 2).logical().read("secret/app/db").getData()).containsEntry("password", password);
        }
    }

    @Test
    void faults_sealed503Throws_resetOnWriteThrows() throws Exception {
        vault.faults().add(Fault.status(503).on("GET", "secret/").times(1));
        vault.faults().add(Fault.resetConnection().on("POST", "secret/data/").times(1));
        Vault driver = root();

        VaultException sealed = catchThrowableOfType(VaultException.class, () -> driver.logical().read("secret/a"));
        VaultException reset = catchThrowableOfType(VaultException.class,
                () -> driver.logical().write("secret/a", Map.of("k", "v")));

        assertThat(sealed.getHttpStatusCode()).isEqualTo(503);
        assertThat(reset).isNotNull();
        assertThat(reset.getHttpStatusCode()).isZero();
    }

    @Test
    void authEndpoints_rejectAnyContentTypeButExactApplicationJson() throws Exception {
        vault.faults().add(Fault.garbage("{\"data\":{\"policies\":[]}}", "application/json; charset=utf-8")
                .on("GET", "auth/token/lookup-self"));
        String token = leaks.canary(vault.createToken(TokenSpec.defaults()));

        VaultException e = catchThrowableOfType(VaultException.class, () -> driver(token, 2).auth().lookupSelf());

        assertThat(e.getMessage()).contains("MIME type");
    }
}
