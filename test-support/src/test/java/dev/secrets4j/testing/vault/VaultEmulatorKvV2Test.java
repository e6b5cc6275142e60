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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** KV v2 over plain HTTP: each wire fact and trap of the contract, one test each. */
class VaultEmulatorKvV2Test {

    @RegisterExtension
    final LeakCheck leaks = LeakCheck.create();

    private final FakeTime time = FakeTime.startingAt(Instant.parse("2025-03-01T10:00:00.123456789Z"));
    private VaultEmulator vault;
    private VaultHttp http;
    private String password;

    @BeforeEach
    void start() {
        vault = VaultEmulator.builder().clock(time.clock()).build().start();
        http = new VaultHttp(vault, leaks.canary(vault.rootToken()));
        password = leaks.canary("canary-kv2-password-1");
    }

    @AfterEach
    void stop() {
        vault.close();
    }

    @Test
    void read_whenKeyMissing_is404WithEmptyErrorsArray() throws Exception {
        VaultHttp.Answer a = http.get("secret/data/nope");

        assertThat(a.status()).isEqualTo(404);
        assertThat(a.text()).isEqualTo("{\"errors\":[]}");
        assertThat(a.contentType()).contains("application/json");
    }

    @Test
    void read_afterWrite_hasFullEnvelopeNestedDataAndMetadata() throws Exception {
        vault.putKv("secret", "app/db", Map.of("user", "app", "password", password));

        VaultHttp.Answer a = http.get("secret/data/app/db");

        assertThat(a.status()).isEqualTo(200);
        assertThat(a.contentType()).contains("application/json");
        JsonNode body = a.json();
        assertThat(body.propertyNames()).contains("request_id", "lease_id", "renewable", "lease_duration", "data",
                "wrap_info", "warnings", "auth");
        assertThat(body.get("lease_id").stringValue()).isEmpty();
        assertThat(body.get("renewable").booleanValue()).isFalse();
        assertThat(body.get("lease_duration").intValue()).isZero();
        assertThat(body.get("wrap_info").isNull()).isTrue();
        assertThat(body.get("auth").isNull()).isTrue();
        assertThat(body.at("/data/data/password").stringValue()).isEqualTo(password);
        JsonNode meta = body.at("/data/metadata");
        assertThat(meta.get("version").intValue()).isEqualTo(1);
        assertThat(meta.get("created_time").stringValue()).isEqualTo("2025-03-01T10:00:00.123456789Z");
        assertThat(meta.get("deletion_time").isString()).isTrue();
        assertThat(meta.get("deletion_time").stringValue()).isEmpty();
        assertThat(meta.get("destroyed").booleanValue()).isFalse();
        assertThat(meta.get("custom_metadata").isNull()).isTrue();
    }

    @Test
    void write_returns200WithVersionMetadataNot204() throws Exception {
        VaultHttp.Answer first = http.post("secret/data/app/db", "{\"data\":{\"password\":\"" + password + "\"}}");
        VaultHttp.Answer second = http.put("secret/data/app/db", "{\"data\":{\"password\":\"other-value\"}}");

        assertThat(first.status()).isEqualTo(200);
        assertThat(first.data().get("version").intValue()).isEqualTo(1);
        assertThat(second.data().get("version").intValue()).isEqualTo(2);
        assertThat(second.data().get("deletion_time").stringValue()).isEmpty();
        assertThat(vault.currentVersion("secret", "app/db")).isEqualTo(2);
    }

    @Test
    void write_withoutData_is400NoDataProvided() throws Exception {
        VaultHttp.Answer a = http.post("secret/data/app/db", "{\"options\":{}}");

        assertThat(a.status()).isEqualTo(400);
        assertThat(a.text()).isEqualTo("{\"errors\":[\"no data provided\"]}");
    }

    @Test
    void read_withVersion_readsThatVersionAndUnknownVersionIs404() throws Exception {
        vault.putKv("secret", "app/db", Map.of("password", "first-value"));
        vault.putKv("secret", "app/db", Map.of("password", password));

        assertThat(http.get("secret/data/app/db?version=1").json().at("/data/data/password").stringValue())
                .isEqualTo("first-value");
        assertThat(http.get("secret/data/app/db?version=0").json().at("/data/metadata/version").intValue())
                .isEqualTo(2);
        VaultHttp.Answer missing = http.get("secret/data/app/db?version=7");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.text()).isEqualTo("{\"errors\":[]}");
    }

    @Test
    void read_whenVersionSoftDeleted_is404WithSuccessShapedBodyAndNullData() throws Exception {
        vault.putKv("secret", "app/db", Map.of("password", password));
        time.advance(Duration.ofMinutes(1));
        assertThat(http.post("secret/delete/app/db", "{\"versions\":[1]}").status()).isEqualTo(204);

        VaultHttp.Answer a = http.get("secret/data/app/db");

        assertThat(a.status()).isEqualTo(404);
        assertThat(a.json().has("errors")).isFalse();
        assertThat(a.json().at("/data/data").isNull()).isTrue();
        assertThat(a.json().at("/data/metadata/deletion_time").stringValue()).isEqualTo("2025-03-01T10:01:00.123456789Z");
        assertThat(a.json().at("/data/metadata/destroyed").booleanValue()).isFalse();
        assertThat(a.text()).doesNotContain(password);
    }

    @Test
    void read_whenVersionDestroyed_is404WithDestroyedTrue() throws Exception {
        vault.putKv("secret", "app/db", Map.of("password", password));
        assertThat(http.post("secret/destroy/app/db", "{\"versions\":[1]}").status()).isEqualTo(204);

        VaultHttp.Answer a = http.get("secret/data/app/db");

        assertThat(a.status()).isEqualTo(404);
        assertThat(a.json().at("/data/data").isNull()).isTrue();
        assertThat(a.json().at("/data/metadata/destroyed").booleanValue()).isTrue();
        assertThat(vault.readKvJson("secret", "app/db")).isEmpty();
    }

    @Test
    void undelete_restoresASoftDeletedVersionButNotADestroyedOne() throws Exception {
        vault.putKv("secret", "app/db", Map.of("password", password));
        vault.putKv("secret", "app/db", Map.of("password", "second-value"));
        vault.deleteKvVersions("secret", "app/db", 1);
        vault.destroyKvVersions("secret", "app/db", 2);

        assertThat(http.post("secret/undelete/app/db", "{\"versions\":[1,2]}").status()).isEqualTo(204);

        assertThat(http.get("secret/data/app/db?version=1").status()).isEqualTo(200);
        assertThat(http.get("secret/data/app/db?version=2").status()).isEqualTo(404);
    }

    @Test
    void deleteLatest_softDeletesOnlyTheCurrentVersion() throws Exception {
        vault.putKv("secret", "app/db", Map.of("password", "first-value"));
        vault.putKv("secret", "app/db", Map.of("password", password));

        assertThat(http.delete("secret/data/app/db").status()).isEqualTo(204);

        assertThat(http.get("secret/data/app/db").status()).isEqualTo(404);
        assertThat(http.get("secret/data/app/db?version=1").status()).isEqualTo(200);
    }

    @Test
    void write_overDeletedLatestVersion_createsNextVersion() throws Exception {
        vault.putKv("secret", "app/db", Map.of("password", "first-value"));
        vault.deleteKvVersions("secret", "app/db", 1);

        VaultHttp.Answer a = http.post("secret/data/app/db", "{\"data\":{\"password\":\"" + password + "\"}}");

        assertThat(a.data().get("version").intValue()).isEqualTo(2);
        assertThat(http.get("secret/data/app/db").status()).isEqualTo(200);
    }

    @Test
    void cas_whenVersionDoesNotMatch_is400WithExactMessage() throws Exception {
        vault.putKv("secret", "app/db", Map.of("password", "first-value"));
        vault.putKv("secret", "app/db", Map.of("password", "second-value"));

        VaultHttp.Answer a = http.post("secret/data/app/db",
                "{\"data\":{\"password\":\"" + password + "\"},\"options\":{\"cas\":1}}");

        assertThat(a.status()).isEqualTo(400);
        assertThat(a.text()).isEqualTo("{\"errors\":[\"check-and-set parameter did not match the current version\"]}");
        assertThat(vault.currentVersion("secret", "app/db")).isEqualTo(2);
    }

    @Test
    void cas_whenMatchingVersion_writesNextVersion() throws Exception {
        vault.putKv("secret", "app/db", Map.of("password", "first-value"));

        VaultHttp.Answer a = http.post("secret/data/app/db",
                "{\"data\":{\"password\":\"" + password + "\"},\"options\":{\"cas\":1}}");

        assertThat(a.status()).isEqualTo(200);
        assertThat(a.data().get("version").intValue()).isEqualTo(2);
    }

    @Test
    void casZero_writesANewKeyButFailsOnAnExistingOne() throws Exception {
        assertThat(http.post("secret/data/new", "{\"data\":{\"k\":\"v\"},\"options\":{\"cas\":0}}").status())
                .isEqualTo(200);

        VaultHttp.Answer again = http.post("secret/data/new", "{\"data\":{\"k\":\"v2\"},\"options\":{\"cas\":0}}");

        assertThat(again.status()).isEqualTo(400);
        assertThat(again.text()).contains("check-and-set parameter did not match the current version");
    }

    @Test
    void cas_whenRequiredByMountAndAbsent_is400Required() throws Exception {
        vault.kvCasRequired("secret", true);

        VaultHttp.Answer a = http.post("secret/data/app/db", "{\"data\":{\"k\":\"v\"}}");

        assertThat(a.status()).isEqualTo(400);
        assertThat(a.text()).isEqualTo("{\"errors\":[\"check-and-set parameter required for this call\"]}");
    }

    @Test
    void cas_whenRequiredByKeyMetadata_is400Required() throws Exception {
        assertThat(http.post("secret/metadata/app/db", "{\"cas_required\":true}").status()).isEqualTo(204);

        VaultHttp.Answer a = http.post("secret/data/app/db", "{\"data\":{\"k\":\"v\"}}");

        assertThat(a.text()).contains("check-and-set parameter required for this call");
    }

    @Test
    void cas_whenNotANumber_is400ParseError() throws Exception {
        VaultHttp.Answer a = http.post("secret/data/app/db", "{\"data\":{\"k\":\"v\"},\"options\":{\"cas\":\"x\"}}");

        assertThat(a.status()).isEqualTo(400);
        assertThat(a.text()).contains("error parsing check-and-set parameter");
    }

    @Test
    void metadata_hasStringVersionKeysEmptyTimestampsAndGoDuration() throws Exception {
        vault.putKv("secret", "app/db", Map.of("password", password));
        time.advance(Duration.ofSeconds(30));
        vault.putKv("secret", "app/db", Map.of("password", "second-value"));
        vault.deleteKvVersions("secret", "app/db", 1);

        VaultHttp.Answer a = http.get("secret/metadata/app/db");

        assertThat(a.status()).isEqualTo(200);
        JsonNode d = a.data();
        assertThat(d.get("current_version").intValue()).isEqualTo(2);
        assertThat(d.get("oldest_version").intValue()).isZero();
        assertThat(d.get("max_versions").intValue()).isZero();
        assertThat(d.get("cas_required").booleanValue()).isFalse();
        assertThat(d.get("delete_version_after").stringValue()).isEqualTo("0s");
        assertThat(d.get("created_time").stringValue()).isEqualTo("2025-03-01T10:00:00.123456789Z");
        assertThat(d.get("updated_time").stringValue()).isEqualTo("2025-03-01T10:00:30.123456789Z");
        assertThat(d.get("versions").propertyNames()).containsExactlyInAnyOrder("1", "2");
        assertThat(d.at("/versions/1/deletion_time").stringValue()).isNotEmpty();
        assertThat(d.at("/versions/2/deletion_time").isString()).isTrue();
        assertThat(d.at("/versions/2/deletion_time").stringValue()).isEmpty();
        assertThat(d.at("/versions/2/destroyed").booleanValue()).isFalse();
        assertThat(a.text()).doesNotContain(password);
    }

    @Test
    void metadata_whenKeyMissing_is404WithEmptyErrors() throws Exception {
        VaultHttp.Answer a = http.get("secret/metadata/nope");

        assertThat(a.status()).isEqualTo(404);
        assertThat(a.text()).isEqualTo("{\"errors\":[]}");
    }

    @Test
    void maxVersions_prunesOldestAndAdvancesOldestVersion() throws Exception {
        vault.kvMaxVersions("secret", 3);
        for (int i = 1; i <= 5; i++) {
            vault.putKv("secret", "app/db", Map.of("password", "value-" + i));
        }

        JsonNode d = http.get("secret/metadata/app/db").data();

        assertThat(d.get("current_version").intValue()).isEqualTo(5);
        assertThat(d.get("oldest_version").intValue()).isEqualTo(3);
        assertThat(d.get("versions").propertyNames()).containsExactlyInAnyOrder("3", "4", "5");
        assertThat(http.get("secret/data/app/db?version=2").text()).isEqualTo("{\"errors\":[]}");
    }

    @Test
    void list_viaListVerbAndGetListTrue_givesKeysAndFolders() throws Exception {
        vault.putKv("secret", "app", Map.of("k", "v"));
        vault.putKv("secret", "app/db", Map.of("k", "v"));
        vault.putKv("secret", "app/cache/redis", Map.of("k", "v"));
        vault.putKv("secret", "other", Map.of("k", "v"));

        VaultHttp.Answer root = http.list("secret/metadata/");
        VaultHttp.Answer folder = http.get("secret/metadata/app/?list=true");
        VaultHttp.Answer noSlash = http.list("secret/metadata/app");

        assertThat(texts(root.data().get("keys"))).containsExactly("app", "app/", "other");
        assertThat(texts(folder.data().get("keys"))).containsExactly("cache/", "db");
        assertThat(texts(noSlash.data().get("keys"))).containsExactly("cache/", "db");
    }

    @Test
    void list_whenFolderEmptyOrMissing_is404NotEmptyKeys() throws Exception {
        VaultHttp.Answer a = http.list("secret/metadata/nothing/");

        assertThat(a.status()).isEqualTo(404);
        assertThat(a.text()).isEqualTo("{\"errors\":[]}");
    }

    @Test
    void list_excludeDeleted_dropsKeysWhoseCurrentVersionIsDeleted() throws Exception {
        vault.putKv("secret", "a", Map.of("k", "v"));
        vault.putKv("secret", "b", Map.of("k", "v"));
        vault.deleteKvVersions("secret", "b", 1);

        VaultHttp.Answer a = http.get("secret/metadata/?list=true&exclude_deleted=true");

        assertThat(texts(a.data().get("keys"))).containsExactly("a");
    }

    @Test
    void metadataDelete_removesKeyAndAllVersions() throws Exception {
        vault.putKv("secret", "app/db", Map.of("password", password));

        assertThat(http.delete("secret/metadata/app/db").status()).isEqualTo(204);

        assertThat(http.get("secret/data/app/db").text()).isEqualTo("{\"errors\":[]}");
        assertThat(http.get("secret/metadata/app/db").status()).isEqualTo(404);
    }

    @Test
    void v1StylePathOnV2Mount_is404WithInvalidPathWarning() throws Exception {
        VaultHttp.Answer read = http.get("secret/app/db");
        VaultHttp.Answer write = http.post("secret/app/db", "{\"k\":\"v\"}");

        assertThat(read.status()).isEqualTo(404);
        assertThat(read.json().get("data").isNull()).isTrue();
        assertThat(read.json().get("warnings").get(0).stringValue())
                .startsWith("Invalid path for a versioned K/V secrets engine.")
                .endsWith("use 'vault kv get' for this operation.");
        assertThat(write.json().get("warnings").get(0).stringValue()).contains("'vault kv put'");
    }

    @Test
    void rootOfV2Mount_nonListing_is404WithRootWarning() throws Exception {
        VaultHttp.Answer a = http.get("secret/data");

        assertThat(a.status()).isEqualTo(404);
        assertThat(a.json().get("warnings").get(0).stringValue())
                .isEqualTo("Non-listing operations on the root of a K/V v2 mount are not supported.");
    }

    @Test
    void deleteVersionAfter_futureDeletionStillReadsThenExpires() throws Exception {
        assertThat(http.post("secret/metadata/app/db", "{\"delete_version_after\":\"1h\"}").status()).isEqualTo(204);
        http.post("secret/data/app/db", "{\"data\":{\"password\":\"" + password + "\"}}");

        VaultHttp.Answer before = http.get("secret/data/app/db");
        time.advance(Duration.ofHours(1));
        VaultHttp.Answer after = http.get("secret/data/app/db");

        assertThat(before.status()).isEqualTo(200);
        assertThat(before.json().at("/data/metadata/deletion_time").stringValue()).isEqualTo("2025-03-01T11:00:00.123456789Z");
        assertThat(after.status()).isEqualTo(404);
        assertThat(http.get("secret/metadata/app/db").data().get("delete_version_after").stringValue())
                .isEqualTo("1h0m0s");
    }

    @Test
    void patch_withMergePatchContentType_mergesIntoNewVersion() throws Exception {
        vault.putKv("secret", "app/db", Map.of("user", "app", "password", "first-value"));

        VaultHttp.Answer a = http.send("PATCH", "secret/data/app/db",
                "{\"data\":{\"password\":\"" + password + "\"}}", "application/merge-patch+json");
        VaultHttp.Answer wrongType = http.send("PATCH", "secret/data/app/db", "{\"data\":{}}", "application/json");

        assertThat(a.status()).isEqualTo(200);
        assertThat(a.data().get("version").intValue()).isEqualTo(2);
        assertThat(vault.readKvJson("secret", "app/db")).hasValueSatisfying(
                j -> assertThat(j).contains("\"user\":\"app\"").contains(password));
        assertThat(wrongType.status()).isEqualTo(415);
    }

    @Test
    void putKvJson_keepsNonStringValues() throws Exception {
        vault.putKvJson("secret", "app/cfg", "{\"port\":5432,\"tls\":true,\"nested\":{\"a\":1}}");

        JsonNode data = http.get("secret/data/app/cfg").json().at("/data/data");

        assertThat(data.get("port").intValue()).isEqualTo(5432);
        assertThat(data.get("tls").booleanValue()).isTrue();
        assertThat(http.get("secret/subkeys/app/cfg").json().at("/data/subkeys/nested/a").isNull()).isTrue();
    }

    @Test
    void config_readsAndWritesEngineSettings() throws Exception {
        assertThat(http.post("secret/config", "{\"max_versions\":5,\"cas_required\":true}").status()).isEqualTo(204);

        JsonNode d = http.get("secret/config").data();

        assertThat(d.get("max_versions").intValue()).isEqualTo(5);
        assertThat(d.get("cas_required").booleanValue()).isTrue();
        assertThat(d.get("delete_version_after").stringValue()).isEqualTo("0s");
    }

    @Test
    void write_withMalformedJson_is400WithoutEchoingTheBody() throws Exception {
        VaultHttp.Answer a = http.post("secret/data/app/db", "{\"data\":{\"password\":" + password + "}}");

        assertThat(a.status()).isEqualTo(400);
        assertThat(a.text()).contains("failed to parse JSON input").doesNotContain(password);
    }

    @Test
    void concurrentReadsAndWrites_allAnswerAndVersionsCountEveryWrite() throws Exception {
        vault.putKv("secret", "app/db", Map.of("password", password));
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                boolean write = i % 4 == 0;
                answers.add(pool.submit(() -> write
                        ? http.post("secret/data/app/db", "{\"data\":{\"k\":\"v\"}}").status()
                        : http.get("secret/data/app/db").status()));
            }
            for (java.util.concurrent.Future<Integer> f : answers) {
                assertThat(f.get(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(200);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(vault.currentVersion("secret", "app/db")).isEqualTo(11);
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.stringValue()));
        return out;
    }
}
