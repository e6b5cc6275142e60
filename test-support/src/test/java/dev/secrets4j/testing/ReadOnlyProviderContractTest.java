package dev.secrets4j.testing;

import dev.secrets4j.Secret;
import dev.secrets4j.spi.Capability;
import dev.secrets4j.spi.SecretProvider;
import dev.secrets4j.spi.SecretRef;

import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Runs the contract against the smallest honest provider (a read-only map), so that the branches
 * for providers without VERSIONS, WRITE and WATCH are exercised here too.
 */
class ReadOnlyProviderContractTest extends SecretProviderContractTest {

    @Override
    protected SecretProvider createProvider(Map<String, String> secrets) {
        return new MapProvider(Map.copyOf(secrets));
    }

    @Override
    protected Set<Capability> expectedCapabilities() {
        return EnumSet.of(Capability.READ);
    }

    /** Reads from a map; has only the abilities the SPI gives by default. */
    static final class MapProvider implements SecretProvider {
        private final Map<String, String> values;

        MapProvider(Map<String, String> values) {
            this.values = values;
        }

        @Override
        public String id() {
            return "map";
        }

        @Override
        public Set<Capability> capabilities() {
            return EnumSet.of(Capability.READ);
        }

        @Override
        public Optional<Secret> get(SecretRef ref) {
            return Optional.ofNullable(values.get(ref.path()))
                    .map(v -> Secret.builder(ref.path(), v).providerId(id()).version("1").build());
        }

        @Override
        public String toString() {
            return "MapProvider[" + values.size() + " secrets]";
        }
    }
}
