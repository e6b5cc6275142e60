package dev.secrets4j.provider.aws.internal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The region: given, or the SDK chain's; none found is an error saying where the chain looked. */
class ClientsRegionTest {

    @Test
    void region_whenGiven_isUsedWithoutTheChain() {
        assertThat(Clients.region(Optional.of("eu-west-1"), Optional.empty()).id()).isEqualTo("eu-west-1");
    }

    @Test
    void region_whenTheChainFindsNone_saysWhereItLooked(@TempDir Path home) {
        assumeTrue(System.getenv("AWS_REGION") == null && System.getenv("AWS_DEFAULT_REGION") == null,
                "the environment names a region");
        // Isolate the chain: no profile file, and instance metadata switched off (never contacted in tests).
        System.setProperty("aws.configFile", home.resolve("no-config").toString());
        System.setProperty("aws.disableEc2Metadata", "true");
        try {
            assertThatThrownBy(() -> Clients.region(Optional.empty(), Optional.empty()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("provider 'aws' has no region")
                    .hasMessageContaining("aws.region system property")
                    .hasMessageContaining("AWS_REGION")
                    .hasMessageContaining("~/.aws/config")
                    .hasMessageContaining("instance metadata")
                    .hasMessageContaining("set the 'region' option");
        } finally {
            System.clearProperty("aws.configFile");
            System.clearProperty("aws.disableEc2Metadata");
        }
    }
}
