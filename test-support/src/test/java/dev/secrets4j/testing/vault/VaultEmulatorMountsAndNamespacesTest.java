package dev.secrets4j.testing.vault;

import dev.secrets4j.testing.LeakCheck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import java.io.ByteArrayInputStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** KV v1 mounts, sys/mounts, namespaces (header and path prefix) and HTTPS with the emulator's own CA. */
class VaultEmulatorMountsAndNamespacesTest {

    @RegisterExtension
    final LeakCheck leaks = LeakCheck.create();

    private VaultEmulator vault;
    private VaultHttp http;

    @BeforeEach
    void start() {
        vault = VaultEmulator.builder().build().start();
        http = new VaultHttp(vault, leaks.canary(vault.rootToken()));
    }

    @AfterEach
    void stop() {
        vault.close();
    }

    @Test
    void kvV1_readIsFlatWithAdvisoryLeaseDurationAndNoLease() throws Exception {
        vault.mountKv("kv1", 1);
        String password = leaks.canary("canary-kv1-password");
        vault.putKv("kv1", "app/db", Map.of("password", password));

        VaultHttp.Answer a = http.get("kv1/app/db");

        assertThat(a.status()).isEqualTo(200);
        assertThat(a.data().get("password").stringValue()).isEqualTo(password);
        assertThat(a.data().has("metadata")).isFalse();
        assertThat(a.json().get("lease_duration").longValue()).isEqualTo(2_764_800);
        assertThat(a.json().get("lease_id").stringValue()).isEmpty();
        assertThat(a.json().get("renewable").booleanValue()).isFalse();
    }

    @Test
    void kvV1_writeIs204AndTtlKeyIsTheLeaseDurationHint() throws Exception {
        vault.mountKv("kv1", 1);

        VaultHttp.Answer write = http.post("kv1/app/cfg", "{\"k\":\"v\",\"ttl\":\"1h\"}");

        assertThat(write.status()).isEqualTo(204);
        assertThat(write.text()).isEmpty();
        assertThat(http.get("kv1/app/cfg").json().get("lease_duration").longValue()).isEqualTo(3600);
        assertThat(http.list("kv1/app").data().get("keys").get(0).stringValue()).isEqualTo("cfg");
        assertThat(http.get("kv1/missing").text()).isEqualTo("{\"errors\":[]}");
        assertThat(http.delete("kv1/app/cfg").status()).isEqualTo(204);
    }

    @Test
    void sysMounts_givesKvVersionAsAStringAndNullOptionsForOthers() throws Exception {
        vault.mountKv("kv1", 1);
        vault.dynamicSecret("database/creds/app", LeaseSpec.builder().build());

        JsonNode data = http.get("sys/mounts").data();

        assertThat(data.at("/secret~1/options/version").isString()).isTrue();
        assertThat(data.at("/secret~1/options/version").stringValue()).isEqualTo("2");
        assertThat(data.at("/kv1~1/options/version").stringValue()).isEqualTo("1");
        assertThat(data.at("/secret~1/type").stringValue()).isEqualTo("kv");
        assertThat(data.at("/sys~1/options").isNull()).isTrue();
        assertThat(data.at("/database~1/type").stringValue()).isEqualTo("database");
    }

    @Test
    void unknownMount_is404NoHandlerForRoute() throws Exception {
        VaultHttp.Answer a = http.get("nothing/here");

        assertThat(a.status()).isEqualTo(404);
        assertThat(a.text()).contains("no handler for route");
    }

    @Test
    void mountKv_withAnotherVersion_isRefused() {
        assertThatThrownBy(() -> vault.mountKv("secret", 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("secret");
    }

    @Test
    void namespace_byHeader_isolatesSecretsFromTheRoot() throws Exception {
        vault.namespace("team-a");
        vault.inNamespace("team-a").putKv("secret", "app/db", Map.of("password", leaks.canary("canary-team-a-pw")));

        VaultHttp.Answer inNs = http.namespace("team-a").get("secret/data/app/db");
        VaultHttp.Answer inRoot = http.namespace(null).get("secret/data/app/db");

        assertThat(inNs.status()).isEqualTo(200);
        assertThat(inRoot.status()).isEqualTo(404);
        assertThat(vault.requests("GET", "secret/data/").get(0).namespace()).contains("team-a");
    }

    @Test
    void namespace_byPathPrefixAndNested() throws Exception {
        vault.namespace("team-a/dev");
        vault.inNamespace("team-a/dev").putKv("secret", "x", Map.of("k", "v"));

        assertThat(http.get("team-a/dev/secret/data/x").status()).isEqualTo(200);
        assertThat(http.namespace("team-a").get("dev/secret/data/x").status()).isEqualTo(200);
        assertThat(http.namespace("team-a/dev").get("secret/data/x").status()).isEqualTo(200);
    }

    @Test
    void namespace_unknown_is404NamespaceNotFound() throws Exception {
        VaultHttp.Answer a = http.namespace("nope").get("secret/data/x");

        assertThat(a.status()).isEqualTo(404);
        assertThat(a.text()).isEqualTo("{\"errors\":[\"namespace not found\"]}");
    }

    @Test
    void namespace_loginAndTokensWorkInsideIt() throws Exception {
        vault.namespace("team-a");
        vault.enableAppRole("r", leaks.canary("canary-ns-secret-id"), TokenSpec.defaults());

        VaultHttp.Answer login = new VaultHttp(vault, null).namespace("team-a")
                .post("auth/approle/login", "{\"role_id\":\"r\",\"secret_id\":\"canary-ns-secret-id\"}");

        assertThat(login.status()).isEqualTo(200);
        String token = leaks.canary(login.json().at("/auth/client_token").stringValue());
        assertThat(new VaultHttp(vault, token).namespace("team-a").get("auth/token/lookup-self").status()).isEqualTo(200);
    }

    @Test
    void inNamespace_undeclared_isRefused() {
        assertThatThrownBy(() -> vault.inNamespace("ghost")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ghost");
    }

    @Test
    void https_clientTrustingTheEmulatorCa_connects_othersFailTheHandshake() throws Exception {
        try (VaultEmulator tls = VaultEmulator.builder().https(true).build().start()) {
            assertThat(tls.address().getScheme()).isEqualTo("https");
            assertThat(tls.caCertificatePem()).startsWith("-----BEGIN CERTIFICATE-----\n");
            HttpClient trusting = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .sslContext(trusting(tls.caCertificatePem())).build();

            VaultHttp.Answer a = new VaultHttp(tls, null, trusting).get("sys/health");

            assertThat(a.status()).isEqualTo(200);
            assertThatThrownBy(() -> new VaultHttp(tls, null).get("sys/health"))
                    .isInstanceOf(SSLHandshakeException.class);
        }
        assertThatThrownBy(vault::caCertificatePem).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("https(true)");
    }

    @Test
    void lifecycle_addressBeforeStartAndStartTwiceAreRefused_closeTwiceIsHarmless() {
        VaultEmulator idle = VaultEmulator.builder().build();
        assertThatThrownBy(idle::address).isInstanceOf(IllegalStateException.class);
        idle.start();
        assertThatThrownBy(idle::start).isInstanceOf(IllegalStateException.class);
        idle.close();
        idle.close();
        assertThat(idle.toString()).contains("closed").doesNotContain(idle.rootToken());
    }

    static SSLContext trusting(String pem) throws Exception {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        store.setCertificateEntry("vault-ca", CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII))));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }
}
