package dev.secrets4j.provider.vault;

import dev.secrets4j.Secret;
import dev.secrets4j.SecretFormatException;
import dev.secrets4j.SecretProviderException;
import dev.secrets4j.spi.Lookup;
import dev.secrets4j.spi.SecretRef;
import dev.secrets4j.testing.LeakCheck;
import dev.secrets4j.testing.vault.Fault;
import dev.secrets4j.testing.vault.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.secrets4j.provider.vault.Emulated.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** KV reads through the real driver: fields, JSON of several fields, describe-first refresh, KV v1, namespaces, prefix jail. */
class VaultKvReadIT {

    @RegisterExtension
    final LeakCheck leaks = LeakCheck.create();

    final Emulated env = new Emulated();
    final String password = leaks.canary("canary-kv-password-3b9f");
    final String user = leaks.canary("canary-kv-user-a71c");

    {
        leaks.canary(env.vault.rootToken());
    }

    @AfterEach
    void stop() {
        env.close();
    }

    @Test
    void get_withField_readsThatFieldWithVersionMetadata() {
        env.vault.putKv("secret", "prod/app/db", Map.of("user", user, "password", password));
        try (VaultSecretProvider p = env.provider().pathPrefix("prod/").build()) {
            Secret s = p.get(SecretRef.parse("vault:secret/app/db#password")).orElseThrow();
            assertThat(s.asString()).isEqualTo(password);
            assertThat(s.name()).isEqualTo("secret/app/db");
            assertThat(s.version()).isEqualTo("1");
            assertThat(s.providerId()).isEqualTo("vault");
            assertThat(s.createdAt()).contains(T0);
            assertThat(s.metadata()).containsEntry("mount", "secret").containsEntry("path", "prod/app/db")
                    .containsEntry("kv-version", "2").containsEntry("field", "password");
            assertThat(env.requests("secret/data/prod/app/db")).singleElement()
                    .satisfies(r -> assertThat(r.headers()).containsEntry("x-vault-request", "true"));
            leaks.assertNoLeak(s, p);
        }
    }

    @Test
    void get_withoutField_givesTheOnlyFieldOrTheJsonOfSeveral() {
        env.vault.putKv("secret", "single", Map.of("password", password));
        env.vault.putKv("secret", "pair", Map.of("user", user, "password", password));
        env.vault.putKvJson("secret", "typed", "{\"port\":5432}");
        try (VaultSecretProvider p = env.provider().build()) {
            assertThat(p.get(SecretRef.ofName("single")).orElseThrow().asString()).isEqualTo(password);
            assertThat(p.get(SecretRef.ofName("pair")).orElseThrow().asString())
                    .startsWith("{").contains("\"user\":\"" + user + "\"").contains("\"password\":\"" + password + "\"");
            assertThat(p.get(SecretRef.ofName("typed")).orElseThrow().asString()).isEqualTo("5432");
        }
    }

    @Test
    void get_missingFieldOrEntry_isAFormatErrorListingFieldsOrEmpty() {
        env.vault.putKv("secret", "app/db", Map.of("user", user, "password", password));
        try (VaultSecretProvider p = env.provider().build()) {
            assertThatThrownBy(() -> p.get(SecretRef.parse("vault:secret/app/db#pasword")))
                    .isInstanceOf(SecretFormatException.class)
                    .hasMessageContaining("has no field 'pasword'").hasMessageContaining("password").hasMessageContaining("user");
            assertThat(p.get(SecretRef.parse("vault:secret/app/nothing"))).isEmpty();
        }
    }

    @Test
    void refresh_whenVersionDidNotMove_readsOnlyTheMetadata_andTheDataWhenItMoved() {
        env.vault.putKv("secret", "app/db", Map.of("password", password));
        try (VaultSecretProvider p = env.provider().build()) {
            SecretRef ref = SecretRef.parse("vault:secret/app/db");
            p.get(ref);
            p.get(ref);
            p.get(ref);
            assertThat(env.requests("secret/data/app/db")).hasSize(1);
            assertThat(env.requests("secret/metadata/app/db")).hasSize(2);

            String rotated = leaks.canary("canary-kv-password-rotated-55e0");
            env.vault.putKv("secret", "app/db", Map.of("password", rotated));
            Secret fresh = p.get(ref).orElseThrow();
            assertThat(fresh.asString()).isEqualTo(rotated);
            assertThat(fresh.version()).isEqualTo("2");
            assertThat(env.requests("secret/data/app/db")).extracting(RecordedRequest::path)
                    .containsExactly("secret/data/app/db", "secret/data/app/db?version=2");
        }
    }

    @Test
    void getAll_readsEachEntryOnceWhateverFieldsAreAsked_andAnswersEveryRef() {
        env.vault.putKv("secret", "app/db", Map.of("user", user, "password", password));
        List<SecretRef> refs = new ArrayList<>(List.of(SecretRef.parse("vault:secret/app/db#user"),
                SecretRef.parse("vault:secret/app/db#password"), SecretRef.parse("vault:secret/app/missing"),
                SecretRef.ofName("../escape"), SecretRef.parse("vault:secret/../escape")));
        try (VaultSecretProvider p = env.provider().batchConcurrency(4).build()) {
            Map<SecretRef, Lookup> answers = p.getAll(refs);
            assertThat(answers).containsOnlyKeys(refs);
            assertThat(((Lookup.Found) answers.get(refs.get(0))).secret().asString()).isEqualTo(user);
            assertThat(((Lookup.Found) answers.get(refs.get(1))).secret().asString()).isEqualTo(password);
            assertThat(answers.get(refs.get(2))).isInstanceOf(Lookup.Absent.class);
            assertThat(answers.get(refs.get(3))).as("a refused bare name: other providers may have it").isInstanceOf(Lookup.Absent.class);
            assertThat(answers.get(refs.get(4))).isInstanceOfSatisfying(Lookup.Failed.class,
                    f -> assertThat(f.error().getMessage()).contains("refuses secret reference 'vault:secret/../escape'"));
            assertThat(env.requests("secret/data/app/db")).hasSize(1);
            leaks.assertNoLeak(answers);
        }
    }

    @Test
    void kvVersion1_readsFlatDataAndWritesWithout_versions() {
        env.vault.mountKv("kv", 1);
        env.vault.putKv("kv", "app/db", Map.of("password", password));
        try (VaultSecretProvider p = env.provider().kvMount("kv").kvVersion(1).build()) {
            Secret s = p.get(SecretRef.parse("vault:kv/app/db")).orElseThrow();
            assertThat(s.asString()).isEqualTo(password);
            assertThat(s.version()).hasSize(16).doesNotContain(password);
            assertThat(s.metadata()).containsEntry("kv-version", "1");
            String next = leaks.canary("canary-kv1-written-0c4d");
            Secret written = p.put(SecretRef.parse("vault:kv/app/db"), next.getBytes(), dev.secrets4j.spi.PutOptions.none());
            assertThat(written.version()).isNotEqualTo(s.version());
            assertThat(env.vault.readKvJson("kv", "app/db")).hasValueSatisfying(j -> assertThat(j).contains(next));
            assertThatThrownBy(() -> p.get(SecretRef.parse("vault:kv/app/db"), "1"))
                    .isInstanceOf(SecretProviderException.class).hasMessageContaining("only KV version 2 entries have versions");
        }
    }

    @Test
    void namespace_isSentAsHeader_andScopesTheReads() {
        env.vault.namespace("team-a");
        env.vault.inNamespace("team-a").putKv("secret", "app/db", Map.of("password", password));
        try (VaultSecretProvider p = env.provider().namespace("team-a").build();
             VaultSecretProvider root = env.provider().build()) {
            assertThat(p.get(SecretRef.parse("vault:secret/app/db")).orElseThrow().asString()).isEqualTo(password);
            assertThat(root.get(SecretRef.parse("vault:secret/app/db"))).isEmpty();
            assertThat(env.requests("secret/data/app/db")).extracting(RecordedRequest::namespace)
                    .containsExactly(java.util.Optional.of("team-a"), java.util.Optional.empty());
        }
    }

    @Test
    void unknownNamespaceOrMount_isAClearErrorNotAnAbsentSecret() {
        try (VaultSecretProvider p = env.provider().namespace("nope").build()) {
            assertThatThrownBy(() -> p.get(SecretRef.parse("vault:secret/app/db")))
                    .isInstanceOf(SecretProviderException.class).hasMessageContaining("404").hasMessageContaining("namespace");
        }
        try (VaultSecretProvider p = env.provider().kvMount("nothing-here").build()) {
            assertThatThrownBy(() -> p.get(SecretRef.parse("vault:nothing-here/app/db")))
                    .isInstanceOf(SecretProviderException.class).hasMessageContaining("404").hasMessageContaining("check the mount");
        }
    }

    @Test
    void pathPrefix_escapesAreRefusedBeforeAnyRequest() {
        env.vault.putKv("secret", "staging/app/db", Map.of("password", password));
        try (VaultSecretProvider p = env.provider().pathPrefix("prod/").build()) {
            env.vault.resetRequests();
            for (String ref : List.of("vault:secret/../staging/app/db", "vault:/secret/staging/app/db", "vault:secret//staging",
                    "vault:cubbyhole/app/db", "vault:secret/%2e%2e/staging/app/db")) {
                assertThatThrownBy(() -> p.get(SecretRef.parse(ref))).as(ref)
                        .isInstanceOf(SecretFormatException.class).hasMessageContaining("'" + ref + "'");
            }
            assertThat(p.get(SecretRef.parse("vault:secret/staging/app/db"))).as("stays inside prod/").isEmpty();
            assertThat(env.vault.requests()).as("no request, not even the login, before the first accepted reference")
                    .extracting(RecordedRequest::path).containsExactly("auth/token/lookup-self", "secret/data/prod/staging/app/db");
        }
    }

    @Test
    void metadataDeniedByPolicy_fallsBackToDataReads_withOneWarning() {
        env.vault.putKv("secret", "app/db", Map.of("password", password));
        try (VaultSecretProvider p = env.provider().build()) {
            SecretRef ref = SecretRef.parse("vault:secret/app/db");
            p.get(ref);
            env.vault.faults().add(Fault.status(403).on("GET", "secret/metadata/"));
            assertThat(p.get(ref).orElseThrow().asString()).isEqualTo(password);
            assertThat(p.get(ref).orElseThrow().asString()).isEqualTo(password);
            assertThat(env.requests("secret/metadata/app/db")).hasSize(1);
            assertThat(env.requests("secret/data/app/db")).hasSize(3);
            assertThat(leaks.capturedLines()).filteredOn(l -> l.startsWith("WARN"))
                    .singleElement().asString().contains("grant the token's policy 'read' on secret/metadata/app/db");
        }
    }

    @Test
    void getAll_readsConcurrently_butNeverMoreThanTheBatchConcurrency() throws Exception {
        List<SecretRef> refs = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            env.vault.putKv("secret", "batch/s" + i, Map.of("value", leaks.canary("canary-batch-value-" + i + "-x")));
            refs.add(SecretRef.parse("vault:secret/batch/s" + i));
        }
        try (VaultSecretProvider p = env.provider().batchConcurrency(4).build()) {
            p.get(SecretRef.parse("vault:secret/app/nothing"));
            env.vault.faults().add(Fault.hang().on("GET", "secret/data/batch/"));
            java.util.concurrent.CompletableFuture<Map<SecretRef, Lookup>> answers =
                    java.util.concurrent.CompletableFuture.supplyAsync(() -> p.getAll(refs));
            // Held by the emulator, the reads pile up to the bound and no further: not 1 (serial), not 8 (unbounded).
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                    .until(() -> env.vault.faults().hangingRequests() == 4);
            org.awaitility.Awaitility.await().during(java.time.Duration.ofMillis(300)).atMost(java.time.Duration.ofSeconds(3))
                    .until(() -> env.vault.faults().hangingRequests() == 4);
            env.vault.faults().clear();
            assertThat(answers.get(10, java.util.concurrent.TimeUnit.SECONDS).values())
                    .hasSize(8).allSatisfy(a -> assertThat(a).isInstanceOf(Lookup.Found.class));
        }
    }
}
