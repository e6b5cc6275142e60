package dev.secrets4j.provider.azure;

import dev.secrets4j.provider.azure.internal.VaultNames;
import dev.secrets4j.spi.Capability;
import dev.secrets4j.spi.SecretProvider;
import dev.secrets4j.testing.SecretProviderContractTest;
import dev.secrets4j.testing.azure.KeyVaultEmulator;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;

/** The provider contract through the real SDK over HTTPS against the emulator, one emulator per provider. */
class AzureSecretProviderContractIT extends SecretProviderContractTest {

    private static final List<KeyVaultEmulator> EMULATORS = new CopyOnWriteArrayList<>();

    @AfterAll
    static void stop() {
        EMULATORS.forEach(KeyVaultEmulator::close);
    }

    @Override
    protected SecretProvider createProvider(Map<String, String> secrets) {
        KeyVaultEmulator kv = KeyVaultEmulator.builder().build();
        kv.start();
        EMULATORS.add(kv);
        secrets.forEach((name, value) -> kv.setSecret(VaultNames.map(name), value));
        return Emulated.provider(kv).timeout(Duration.ofSeconds(3)).build();
    }

    @Override
    protected Set<Capability> expectedCapabilities() {
        return EnumSet.of(Capability.READ, Capability.VERSIONS, Capability.BATCH, Capability.WRITE);
    }
}
