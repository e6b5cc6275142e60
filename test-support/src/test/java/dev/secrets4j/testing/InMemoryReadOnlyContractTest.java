package dev.secrets4j.testing;

import dev.secrets4j.spi.Capability;
import dev.secrets4j.spi.SecretProvider;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/** The in-memory provider posing as a read-only provider still passes the contract. */
class InMemoryReadOnlyContractTest extends SecretProviderContractTest {

    @Override
    protected SecretProvider createProvider(Map<String, String> secrets) {
        InMemorySecretProvider provider = InMemorySecretProvider.builder().id("readonly")
                .capabilities(EnumSet.of(Capability.READ)).build();
        secrets.forEach(provider::set);
        return provider;
    }

    @Override
    protected Set<Capability> expectedCapabilities() {
        return EnumSet.of(Capability.READ);
    }
}
