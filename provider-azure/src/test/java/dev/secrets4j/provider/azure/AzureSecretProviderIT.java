package dev.secrets4j.provider.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.secrets4j.Problem;
import dev.secrets4j.Secret;
import dev.secrets4j.SecretProviderException;
import dev.secrets4j.SecretSpec;
import dev.secrets4j.spi.SecretRef;
import dev.secrets4j.testing.LeakCheck;
import dev.secrets4j.testing.azure.KeyVaultEmulator;
import dev.secrets4j.testing.azure.KvFault;
import dev.secrets4j.testing.azure.SecretAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AzureSecretProviderIT {

    @RegisterExtension
    final LeakCheck leaks = LeakCheck.create();

    private final String one = leaks.canary("canary-azure-one-1111");
    private final String two = leaks.canary("canary-azure-two-2222");
    private final Instant now = Instant.parse("2026-06-01T00:00:00Z");
    private final Clock clock = Clock.fixed(now, ZoneOffset.UTC);
    private KeyVaultEmulator kv;
    private AzureSecretProvider provider;

    @BeforeEach
    void start() {
        kv = KeyVaultEmulator.builder().clock(clock).build();
        kv.start();
        provider = Emulated.provider(kv).timeout(Duration.ofSeconds(5)).clock(clock).build();
    }

    @AfterEach
    void stop() {
        provider.close();
        kv.close();
    }

    @Test
    void get_whenLogicalNameHasDotsAndCapitals_readsMappedVaultNameWithMetadata() {
        String version = kv.setSecret("db-password", one,
                SecretAttributes.defaults().contentType("text/plain").tags(Map.of("env", "prod")));

        Secret s = provider.get(SecretRef.ofName("DB.PASSWORD")).orElseThrow();

        assertThat(s.name()).isEqualTo("DB.PASSWORD");
        assertThat(s.asString()).isEqualTo(one);
        assertThat(s.version()).isEqualTo(version);
        assertThat(s.metadata("content-type")).contains("text/plain");
        assertThat(s.metadata("tag.env")).contains("prod");
        assertThat(s.metadata("updated")).isPresent();
        leaks.assertNoLeak(s, provider);
    }

    @Test
    void get_whenMissing_isEmpty_andByVersionReadsOlderVersion() {
        String first = kv.setSecret("api-key", one);
        kv.setSecret("api-key", two);

        assertThat(provider.get(SecretRef.ofName("nope"))).isEmpty();
        assertThat(provider.get(SecretRef.parse("azure:api-key"), first).orElseThrow().asString()).isEqualTo(one);
        assertThat(provider.get(SecretRef.ofName("api_key")).orElseThrow().asString()).isEqualTo(two);
    }

    @Test
    void get_whenVersionDisabled_reportsDisabledNotPermission() {
        String v = kv.setSecret("db-password", one);
        kv.disableVersion("db-password", v);

        assertThatThrownBy(() -> provider.get(SecretRef.ofName("db-password")))
                .isInstanceOf(SecretProviderException.class)
                .hasMessageContaining("is disabled").hasMessageNotContaining("role")
                .satisfies(e -> leaks.assertNoLeak(e.getMessage()));
    }

    @Test
    void get_whenThrottledTwice_waitsRetryAfterAndSucceeds() {
        kv.setSecret("db-password", one);
        kv.faults().add(KvFault.throttle(Duration.ofMillis(200)).on("GET secret").times(2));
        kv.resetCalls();

        assertThat(provider.get(SecretRef.ofName("db-password"))).isPresent();
        assertThat(kv.calls("GET secret")).isEqualTo(3);
        assertThat(provider.throttleWaits().get("vault")).isGreaterThan(Duration.ZERO);
    }

    @Test
    void inspect_whenExpiredOrNotYetValid_reportsValidationErrors() {
        kv.setSecret("old", one, SecretAttributes.defaults().expires(now.minusSeconds(60)));
        kv.setSecret("soon", one, SecretAttributes.defaults().expires(now.plus(Duration.ofDays(1))));
        kv.setSecret("later", one, SecretAttributes.defaults().notBefore(now.plusSeconds(3600)));

        assertThat(provider.inspect(provider.get(SecretRef.ofName("old")).orElseThrow()))
                .extracting(SecretSpec.Violation::severity).containsExactly(Problem.Severity.ERROR);
        assertThat(provider.inspect(provider.get(SecretRef.ofName("soon")).orElseThrow()))
                .extracting(SecretSpec.Violation::severity).containsExactly(Problem.Severity.WARNING);
        assertThat(provider.inspect(provider.get(SecretRef.ofName("later")).orElseThrow()))
                .singleElement().satisfies(v -> assertThat(v.message()).contains("not valid before"));
    }

    @Test
    void getAll_when200Of1000Referenced_makes200GetsOneChallengeOneTokenNoListing() {
        for (int i = 0; i < 1000; i++) {
            kv.setSecret("s-" + i, one);
        }
        kv.resetCalls();
        java.util.List<SecretRef> refs = new java.util.ArrayList<>();
        for (int i = 0; i < 200; i++) {
            refs.add(SecretRef.ofName("s_" + i));
        }

        Map<SecretRef, dev.secrets4j.spi.Lookup> out = provider.getAll(refs);

        assertThat(out).hasSize(200);
        assertThat(out.values()).allSatisfy(l -> assertThat(l).isInstanceOf(dev.secrets4j.spi.Lookup.Found.class));
        assertThat(kv.calls("GET secret")).isEqualTo(200);
        assertThat(kv.calls("LIST secrets")).isZero();
        assertThat(kv.calls("challenge401")).isEqualTo(1);
        assertThat(kv.calls("token")).isEqualTo(1);
    }

    @Test
    void versions_skipDisabledExpiredAndNotYetValid_newestFirst() {
        String v1 = kv.setSecret("api-key", one);
        String v2 = kv.setSecret("api-key", two);
        String disabled = kv.setSecret("api-key", two);
        kv.disableVersion("api-key", disabled);
        kv.setSecret("api-key", two, SecretAttributes.defaults().expires(now.minusSeconds(1)));
        kv.setSecret("api-key", two, SecretAttributes.defaults().notBefore(now.plusSeconds(60)));

        assertThat(provider.versions(SecretRef.ofName("api_key"))).extracting(Secret::version).containsExactlyInAnyOrder(v2, v1);
    }

    @Test
    void get_when503Persists_makesExactlyMaxAttemptsThenFailsRetryable() {
        kv.setSecret("db-password", one);
        kv.faults().add(KvFault.status(503).on("GET secret").times(5));
        kv.resetCalls();

        assertThatThrownBy(() -> provider.get(SecretRef.ofName("db-password")))
                .isInstanceOfSatisfying(SecretProviderException.class, e -> assertThat(e.isRetryable()).isTrue())
                .hasMessageContaining("503");
        assertThat(kv.calls("GET secret")).isEqualTo(3);
    }

    @Test
    void get_whenNameHasSlash_rejectsNamingCharacter() {
        assertThatThrownBy(() -> provider.get(SecretRef.ofName("db/password"))).hasMessageContaining("'/'");
    }

    @Test
    void get_whenGatewayAnswersHtml_retriesThenSaysAProxyAnswered() {
        kv.setSecret("db-password", one);
        kv.faults().add(KvFault.html().on("GET secret"));

        assertThatThrownBy(() -> provider.get(SecretRef.ofName("db-password")))
                .isInstanceOfSatisfying(SecretProviderException.class, e -> assertThat(e.isRetryable()).isTrue())
                .hasMessageContaining("HTML page").hasMessageContaining("gateway").hasMessageContaining("'db-password'");
        assertThat(kv.calls("GET secret")).isEqualTo(3);
    }

    @Test
    void get_whenBodyIsTruncatedJson_failsRetryableSayingSo() {
        kv.setSecret("db-password", one);
        kv.faults().add(KvFault.badJson().on("GET secret"));

        assertThatThrownBy(() -> provider.get(SecretRef.ofName("db-password")))
                .isInstanceOfSatisfying(SecretProviderException.class, e -> assertThat(e.isRetryable()).isTrue())
                .hasMessageContaining("'db-password'").hasMessageContaining("not complete JSON")
                .satisfies(e -> leaks.assertNoLeak(e));
    }

    @Test
    void get_whenVaultHangs_failsRetryableWithinTheTimeout() {
        kv.setSecret("db-password", one);
        kv.faults().add(KvFault.hang().on("GET secret"));
        AzureSecretProvider quick = Emulated.provider(kv).timeout(Duration.ofMillis(500)).maxAttempts(2).build();
        try (quick) {
            assertTimeoutPreemptively(Duration.ofSeconds(20), () -> assertThatThrownBy(() -> quick.get(SecretRef.ofName("db-password")))
                    .isInstanceOfSatisfying(SecretProviderException.class, e -> assertThat(e.isRetryable()).isTrue())
                    .hasMessageContaining("before Key Vault answered"));
            assertThat(kv.calls("GET secret")).isEqualTo(2);
        } finally {
            kv.faults().clear();
        }
    }

    @Test
    void get_whenConnectionResetOnceOr408_retriesAndSucceeds() {
        kv.setSecret("db-password", one);
        kv.faults().add(KvFault.reset().on("GET secret").times(1));
        kv.faults().add(KvFault.status(408).on("GET secret").times(1));
        kv.resetCalls();

        assertThat(provider.get(SecretRef.ofName("db-password")).orElseThrow().asString()).isEqualTo(one);
        assertThat(kv.calls("GET secret")).isGreaterThanOrEqualTo(3);
    }

    @Test
    void get_when403Or501_failsAtOnce_403NamingVaultSecretAndRole() {
        kv.setSecret("db-password", one);
        kv.faults().add(KvFault.status(403).on("GET secret").times(1));
        kv.faults().add(KvFault.status(501).on("GET secret").times(1));
        kv.resetCalls();

        assertThatThrownBy(() -> provider.get(SecretRef.ofName("db-password")))
                .isInstanceOfSatisfying(SecretProviderException.class, e -> assertThat(e.isRetryable()).isFalse())
                .hasMessageContaining("'db-password'").hasMessageContaining(kv.vaultUrl().toString())
                .hasMessageContaining("Key Vault Secrets User");
        assertThatThrownBy(() -> provider.get(SecretRef.ofName("db-password")))
                .isInstanceOfSatisfying(SecretProviderException.class, e -> assertThat(e.isRetryable()).isFalse())
                .hasMessageContaining("501");
        assertThat(kv.calls("GET secret")).isEqualTo(2);
    }

    @Test
    void throttle_onOneSecret_pausesTheNextCallToAnotherSecret() {
        kv.setSecret("a", one);
        kv.setSecret("b", two);
        AzureSecretProvider once = Emulated.provider(kv).maxAttempts(1).build();
        try (once) {
            once.get(SecretRef.ofName("b"));
            kv.faults().add(KvFault.throttle(Duration.ofSeconds(2)).on("GET secret").times(1));
            assertThatThrownBy(() -> once.get(SecretRef.ofName("a")))
                    .isInstanceOfSatisfying(SecretProviderException.class, e -> assertThat(e.isRetryable()).isTrue());
            Duration before = once.throttleWaits().get("vault");
            assertThat(once.health().status()).isEqualTo(dev.secrets4j.spi.ProviderHealth.Status.DEGRADED);

            assertThat(once.get(SecretRef.ofName("b"))).isPresent();

            assertThat(once.throttleWaits().get("vault").minus(before)).isGreaterThan(Duration.ofSeconds(1));
        }
    }

    @Test
    void getAll_whenTwoLogicalNamesMapToOneVaultName_failsBothNamingEachOther_readsTheRest() {
        kv.setSecret("db-password", one);
        kv.setSecret("api-key", two);

        Map<SecretRef, dev.secrets4j.spi.Lookup> out = provider.getAll(java.util.List.of(SecretRef.ofName("db.password"),
                SecretRef.ofName("DB_PASSWORD"), SecretRef.ofName("api_key")));

        assertThat(out.get(SecretRef.ofName("api_key"))).isInstanceOf(dev.secrets4j.spi.Lookup.Found.class);
        for (String name : java.util.List.of("db.password", "DB_PASSWORD")) {
            assertThat(out.get(SecretRef.ofName(name))).isInstanceOfSatisfying(dev.secrets4j.spi.Lookup.Failed.class,
                    f -> assertThat(f.error().getMessage()).contains("'db.password'", "'DB_PASSWORD'", "'db-password'"));
        }
        assertThat(kv.calls("GET secret")).isEqualTo(1);
    }

    @Test
    void getAll_pastTheVaultsQuota_waitsOutRetryAfter_andReadsEverySecret() {
        try (KeyVaultEmulator limited = KeyVaultEmulator.builder().quota(5, Duration.ofSeconds(2)).build()) {
            limited.start();
            java.util.List<SecretRef> refs = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                limited.setSecret("q-" + i, one);
                refs.add(SecretRef.ofName("q_" + i));
            }
            try (AzureSecretProvider p = Emulated.provider(limited).maxAttempts(3).build()) {
                Map<SecretRef, dev.secrets4j.spi.Lookup> out = p.getAll(refs);

                assertThat(out.values()).allSatisfy(l -> assertThat(l).isInstanceOf(dev.secrets4j.spi.Lookup.Found.class));
                assertThat(limited.calls("throttled429")).isPositive();
                assertThat(p.throttleWaits().get("vault")).isGreaterThan(Duration.ofMillis(500));
            }
        }
    }
}
