package dev.secrets4j.provider.aws.internal;

import dev.secrets4j.SecretProviderException;
import dev.secrets4j.spi.PutOptions;
import dev.secrets4j.testing.LeakCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The SPI's stages and a write's metadata as AWS staging labels, and back. */
class LabelsTest {

    @RegisterExtension
    final LeakCheck leaks = LeakCheck.create();

    private static PutOptions withStage(String stage) {
        return new PutOptions(Optional.empty(), Map.of(PutOptions.STAGE, stage));
    }

    @Test
    void stage_spiPendingIsAwsPending_awsAndCustomLabelsPassThrough_noneIsEmpty() {
        assertThat(Labels.stage(PutOptions.pending(), "app")).contains("AWSPENDING");
        assertThat(Labels.stage(withStage("AWSPENDING"), "app")).contains("AWSPENDING");
        assertThat(Labels.stage(withStage("blue"), "app")).contains("blue");
        assertThat(Labels.stage(PutOptions.none(), "app")).isEmpty();
        assertThatThrownBy(() -> Labels.stage(withStage(" "), "app")).isInstanceOfSatisfying(SecretProviderException.class,
                e -> assertThat(e.getMessage()).contains("'app'", "pending"));
    }

    @Test
    void ofMetadata_everyEntryButTheStage_sortedByKey_andReadBackAsMetadata() {
        PutOptions options = PutOptions.pending().with("rotation-slot", "b").with("rotation-grace", "PT1H");

        List<String> labels = Labels.ofMetadata(options, "app");

        assertThat(labels).containsExactly("secrets4j:rotation-grace=PT1H", "secrets4j:rotation-slot=b");
        List<String> onVersion = List.of("AWSPENDING", labels.get(0), labels.get(1), "blue", "secrets4j:odd");
        assertThat(Labels.metadata(onVersion)).containsExactly(Map.entry("rotation-grace", "PT1H"), Map.entry("rotation-slot", "b"));
        assertThat(onVersion).filteredOn(Labels::endsWithVersion)
                .containsExactly("AWSPENDING", labels.get(0), labels.get(1), "secrets4j:odd");
    }

    @Test
    void ofMetadata_keysAwsCannotCarry_areRefusedNamingTheKeyAndTheSecret() {
        assertThatThrownBy(() -> Labels.ofMetadata(PutOptions.none().with("a=b", "c"), "app"))
                .isInstanceOfSatisfying(SecretProviderException.class, e -> {
                    assertThat(e.isRetryable()).isFalse();
                    assertThat(e.getMessage()).contains("'a=b'", "'app'");
                });
        assertThatThrownBy(() -> Labels.ofMetadata(PutOptions.none().with("k", "v".repeat(300)), "app"))
                .hasMessageContaining("256");
        Map<String, String> many = new LinkedHashMap<>();
        for (int i = 0; i < 19; i++) {
            many.put("k" + i, "v");
        }
        assertThatThrownBy(() -> Labels.ofMetadata(new PutOptions(Optional.empty(), many), "app"))
                .hasMessageContaining("19 metadata entries");
    }
}
