package dev.secrets4j.provider.vault.internal;

import dev.secrets4j.testing.LeakCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The metadata endpoint's wire facts: string version keys, "" for unset times, deleted versus scheduled deletion. */
class KvMetadataTest {

    @RegisterExtension
    final LeakCheck leaks = LeakCheck.create();

    private static final String BODY = """
            {"current_version":3,"oldest_version":1,"max_versions":0,"cas_required":false,"delete_version_after":"0s",
             "created_time":"2024-05-01T10:00:00.123456789Z","updated_time":"2024-05-01T10:05:00Z","custom_metadata":null,
             "versions":{"1":{"created_time":"2024-05-01T10:00:00.123456789Z","deletion_time":"","destroyed":true},
                         "2":{"created_time":"2024-05-01T10:02:00Z","deletion_time":"2024-05-02T00:00:00Z","destroyed":false},
                         "3":{"created_time":"2024-05-01T10:05:00Z","deletion_time":"2030-01-01T00:00:00Z","destroyed":false},
                         "x":{"created_time":"","deletion_time":"","destroyed":false}}}""";

    @Test
    void parse_readsVersionsByNumberAndTheirStates() {
        KvMetadata m = KvMetadata.parse(Failures.JSON.readTree(BODY));
        Instant now = Instant.parse("2025-01-01T00:00:00Z");
        assertThat(m.currentVersion()).isEqualTo(3);
        assertThat(m.oldestVersion()).isEqualTo(1);
        assertThat(m.versions()).containsOnlyKeys(1, 2, 3);
        assertThat(m.versions().get(1).goneAt(now)).isTrue();
        assertThat(m.versions().get(1).describeGone()).startsWith("destroyed");
        assertThat(m.versions().get(1).deletionTime()).isEmpty();
        assertThat(m.versions().get(2).goneAt(now)).isTrue();
        assertThat(m.versions().get(2).describeGone()).isEqualTo("deleted at 2024-05-02T00:00:00Z");
        assertThat(m.versions().get(3).goneAt(now)).as("a deletion scheduled later still reads").isFalse();
        assertThat(m.versions().get(1).createdAt()).contains(Instant.parse("2024-05-01T10:00:00.123456789Z"));
    }
}
