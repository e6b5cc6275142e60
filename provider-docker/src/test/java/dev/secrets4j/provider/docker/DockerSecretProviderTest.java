package dev.secrets4j.provider.docker;

import dev.secrets4j.spi.Capability;
import dev.secrets4j.spi.SecretProvider;
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

/** The provider contract, run on a real folder holding one file per secret, with a trailing newline as Docker writes them. */
class DockerSecretProviderTest extends SecretProviderContractTest {

    @TempDir
    Path secrets;

    @Override
    protected SecretProvider createProvider(Map<String, String> values) {
        try {
            Path folder = Files.createTempDirectory(secrets, "run-secrets");
            for (Map.Entry<String, String> e : values.entrySet()) {
                Files.writeString(folder.resolve(e.getKey()), e.getValue() + "\n", StandardCharsets.UTF_8);
            }
            return DockerSecretProvider.atPath(folder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected Set<Capability> expectedCapabilities() {
        return EnumSet.of(Capability.READ, Capability.WATCH);
    }
}
