package dev.secrets4j.provider.vault;

import dev.secrets4j.spi.Capability;
import dev.secrets4j.spi.SecretProvider;
import dev.secrets4j.testing.SecretProviderContractTest;
import dev.secrets4j.testing.vault.VaultEmulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The provider contract through the real driver against the emulator: each provider gets its own
 * path prefix, under which every secret is a KV v2 entry of one field.
 */
class VaultSecretProviderContractIT extends SecretProviderContractTest {

    private static VaultEmulator vault;
    private static final AtomicInteger PREFIXES = new AtomicInteger();

    @BeforeAll
    static void start() {
        vault = VaultEmulator.builder().build().start();
    }

    @AfterAll
    static void stop() {
        vault.close();
    }

    @Override
    protected SecretProvider createProvider(Map<String, String> secrets) {
        String prefix = "contract-" + PREFIXES.incrementAndGet() + "/";
        secrets.forEach((name, value) -> vault.putKv("secret", prefix + name, Map.of("value", value)));
        leaks.canary(vault.rootToken());
        return VaultSecretProvider.builder().address(vault.address().toString()).allowInsecureHttp()
                .auth(VaultAuth.token(vault.rootToken())).pathPrefix(prefix).build();
    }

    @Override
    protected Set<Capability> expectedCapabilities() {
        return EnumSet.of(Capability.READ, Capability.VERSIONS, Capability.WRITE, Capability.BATCH, Capability.FIELDS);
    }
}
