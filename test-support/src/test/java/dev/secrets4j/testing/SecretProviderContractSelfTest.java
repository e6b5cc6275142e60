package dev.secrets4j.testing;

import dev.secrets4j.Secret;
import dev.secrets4j.spi.Capability;
import dev.secrets4j.spi.SecretProvider;
import dev.secrets4j.spi.SecretRef;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The contract has teeth: a provider that leaks, escapes its namespace or renames secrets fails it. */
class SecretProviderContractSelfTest {

    private static FixtureRunner.Outcome outcome;

    @BeforeAll
    static void runContractAgainstBrokenProvider() {
        outcome = FixtureRunner.run(BrokenProviderContract.class);
    }

    @Test
    void toStringShowingValues_failsTheLeakContractWithoutPrintingThem() {
        assertThat(outcome.failureOf("toStringAndDescriptions_neverShowAValue").getMessage())
                .contains("secret leak")
                .contains("BrokenProvider")
                .doesNotContain("canary-7f3a-contract");
    }

    @Test
    void hostileNames_answeredWithAValueOrAForeignException_areEachReported() {
        assertThat(outcome.failureOf("get_withHostileName_returnsEmptyOrThrowsSecretsExceptionNamingProvider").getMessage())
                .contains("get('../etc/passwd') returned a value")
                .contains("get('a?b') threw java.lang.IllegalArgumentException")
                .doesNotContain("canary-7f3a-contract");
    }

    @Test
    void secretNamedOtherThanThePath_failsTheReadContract() {
        assertThat(outcome.failureOf("get_whenNamePresent_returnsValueNamedAfterPathFromThisProvider").getMessage())
                .contains("name of alpha");
    }

    @Test
    void capabilitiesOtherThanExpected_failTheCapabilityContract() {
        assertThat(outcome.failureOf("capabilities_containReadAndEqualExpected")).isInstanceOf(AssertionError.class);
    }

    @Test
    void abilitiesTheProviderLacks_areSkippedNotFailed() {
        assertThat(outcome.failures()).doesNotContainKeys(
                "get_whenNameAbsent_returnsEmpty",
                "getVersion_withoutVersionsCapability_throwsPermanentProviderException",
                "close_calledTwice_doesNotThrow");
        assertThat(outcome.skipped()).isEqualTo(5); // three tests of abilities it lacks, and the two of STAGES
    }

    /** Runs the contract against {@link BrokenProvider}; only through {@link FixtureRunner}. */
    @FixtureOnly
    static class BrokenProviderContract extends SecretProviderContractTest {
        @Override
        protected SecretProvider createProvider(Map<String, String> secrets) {
            return new BrokenProvider(secrets);
        }

        @Override
        protected Set<Capability> expectedCapabilities() {
            return EnumSet.of(Capability.READ, Capability.BATCH);
        }
    }

    /** Everything a provider must not do, each at once. */
    static final class BrokenProvider implements SecretProvider {
        private final Map<String, String> values;

        BrokenProvider(Map<String, String> values) {
            this.values = Map.copyOf(values);
        }

        @Override
        public String id() {
            return "broken";
        }

        @Override
        public Set<Capability> capabilities() {
            return EnumSet.of(Capability.READ);
        }

        @Override
        public Optional<Secret> get(SecretRef ref) {
            String path = ref.path();
            if (path.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("NUL in path");
            }
            String file = path.substring(path.lastIndexOf('/') + 1);
            String name = path.equals("alpha") ? "ALPHA" : path;
            return Optional.ofNullable(values.get(file))
                    .map(v -> Secret.builder(name, v).providerId(id()).build());
        }

        @Override
        public String toString() {
            return "BrokenProvider" + values;
        }
    }
}
