package dev.secrets4j.provider.file;

import dev.secrets4j.spi.Capability;
import dev.secrets4j.spi.PutOptions;
import dev.secrets4j.spi.SecretProvider;
import dev.secrets4j.spi.SecretRef;
import dev.secrets4j.testing.SecretProviderContractTest;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The provider contract on a real store folder, one new store per contract test. The store uses
 * Argon2id at OWASP's minimum cost (tens of milliseconds per open), not a weakened setting.
 */
class FileSecretProviderContractTest extends SecretProviderContractTest {

    @TempDir
    Path tmp;

    @Override
    protected SecretProvider createProvider(Map<String, String> secrets) {
        try {
            FileSecretProvider provider = FileSecretProvider.builder()
                    .folder(Files.createTempDirectory(tmp, "store").resolve("secrets4j"))
                    .masterSecret(leaks.canary("canary-7f3a-contract-master-secret").toCharArray())
                    .kdf(Kdf.argon2id())
                    .build();
            for (Map.Entry<String, String> e : secrets.entrySet()) {
                provider.put(SecretRef.ofName(e.getKey()), e.getValue().getBytes(StandardCharsets.UTF_8), PutOptions.none());
            }
            return provider;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected Set<Capability> expectedCapabilities() {
        return EnumSet.of(Capability.READ, Capability.VERSIONS, Capability.WRITE, Capability.STAGES);
    }
}
