package dev.secrets4j.provider.azure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secrets4j.CachePolicy;
import dev.secrets4j.SecretChange;
import dev.secrets4j.Secrets;
import dev.secrets4j.testing.FakeTime;
import dev.secrets4j.testing.LeakCheck;
import dev.secrets4j.testing.azure.KeyVaultEmulator;
import dev.secrets4j.testing.azure.SecretAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The provider under the core's cache, refresh and change hooks, through the real SDK against the
 * HTTPS emulator, on a fake clock: which calls a refresh costs, and what reaches a listener.
 */
class AzureSecretsIT {

    @RegisterExtension
    final LeakCheck leaks = LeakCheck.create();

    private final String one = leaks.canary("canary-azure-secrets-one-1111");
    private final String two = leaks.canary("canary-azure-secrets-two-2222");
    private final FakeTime time = FakeTime.startingAt(Instant.parse("2026-06-01T00:00:00Z"));
    private KeyVaultEmulator kv;
    private AzureSecretProvider provider;

    @BeforeEach
    void start() {
        kv = KeyVaultEmulator.builder().clock(time.clock()).build();
        kv.start();
        provider = Emulated.provider(kv).timeout(Duration.ofSeconds(5)).clock(time.clock()).build();
    }

    @AfterEach
    void stop() {
        provider.close();
        kv.close();
    }

    private Secrets secrets(int count) {
        Secrets.Builder b = Secrets.builder().provider(provider).listenerExecutor(Runnable::run).clock(time.clock())
                .scheduler(time).cache(CachePolicy.defaults());
        for (int i = 0; i < count; i++) {
            b.require("s_" + i);
        }
        return b.build();
    }

    private void vaultOf(int size) {
        for (int i = 0; i < size; i++) {
            kv.setSecret("s-" + i, one);
        }
        time.advance(Duration.ofSeconds(10)); // reads come later than the writes' `updated` second
    }

    private static long providerCalls(Secrets secrets) {
        return secrets.stats().providers().get("azure").successfulCalls();
    }

    @Test
    void refresh_whenFewOfManyReferenced_readsEachWithGet_andGivesUpListingAfterOneShortProbe() {
        vaultOf(1000);
        try (Secrets secrets = secrets(3)) {
            kv.resetCalls();
            long boot = providerCalls(secrets);

            time.advance(Duration.ofHours(1));

            long refreshes = providerCalls(secrets) - boot;
            assertThat(refreshes).isGreaterThanOrEqualTo(3 * 12);
            assertThat(kv.calls("GET secret")).isEqualTo((int) refreshes);
            // A listing of 40 pages never pays for 3 secrets: at most one probe of 2 pages, then none.
            assertThat(kv.calls("LIST secrets")).isLessThanOrEqualTo(2);
        }
    }

    @Test
    void refresh_whenMostOfVaultReferenced_listingAnswers_andOnlyChangedSecretsAreRead() {
        vaultOf(100);
        try (Secrets secrets = secrets(60)) {
            List<SecretChange> changes = new CopyOnWriteArrayList<>();
            secrets.onChange("s_7", changes::add);
            secrets.onChange("s_42", changes::add);
            secrets.onChange("s_3", changes::add);
            kv.resetCalls();
            long boot = providerCalls(secrets);

            time.advance(Duration.ofMinutes(30));

            long unchangedRefreshes = providerCalls(secrets) - boot;
            assertThat(kv.calls("GET secret")).isZero();
            assertThat(kv.calls("LIST secrets")).isPositive().isLessThan((int) unchangedRefreshes);

            kv.setSecret("s-7", two);
            kv.setSecret("s-42", two);
            kv.resetCalls();
            time.advance(Duration.ofMinutes(30));

            assertThat(kv.calls("GET secret")).isEqualTo(2);
            assertThat(changes).hasSize(2).allSatisfy(c -> {
                assertThat(c.previous().asString()).isEqualTo(one);
                assertThat(c.current().asString()).isEqualTo(two);
            });
            assertThat(secrets.get("s_7").asString()).isEqualTo(two);
            assertThat(secrets.get("s_3").asString()).isEqualTo(one);
            leaks.assertNoLeak(changes, secrets, provider);
        }
    }

    @Test
    void newVersionMidRun_reachesListenerOnce() {
        vaultOf(1);
        try (Secrets secrets = secrets(1)) {
            List<SecretChange> changes = new CopyOnWriteArrayList<>();
            secrets.onChange("s_0", changes::add);

            time.advance(Duration.ofMinutes(7));
            String version = kv.setSecret("s-0", two);
            time.advance(Duration.ofMinutes(30));

            assertThat(changes).singleElement().satisfies(c -> {
                assertThat(c.current().version()).isEqualTo(version);
                assertThat(c.current().asString()).isEqualTo(two);
                assertThat(c.previous().asString()).isEqualTo(one);
            });
            leaks.assertNoLeak(changes.get(0), secrets);
        }
    }

    @Test
    void refresh_neverSwitchesToNotYetValidVersion_thenSwitchesOnceNbfPasses() {
        vaultOf(1);
        try (Secrets secrets = secrets(1)) {
            List<SecretChange> changes = new CopyOnWriteArrayList<>();
            secrets.onChange("s_0", changes::add);
            Instant nbf = time.now().plus(Duration.ofHours(1));
            String later = kv.setSecret("s-0", two, SecretAttributes.defaults().notBefore(nbf));

            time.advance(Duration.ofMinutes(50));

            assertThat(secrets.get("s_0").asString()).isEqualTo(one);
            assertThat(changes).isEmpty();

            time.advance(Duration.ofMinutes(20));

            assertThat(changes).singleElement().satisfies(c -> assertThat(c.current().version()).isEqualTo(later));
            assertThat(secrets.get("s_0").asString()).isEqualTo(two);
        }
    }
}
