package dev.secrets4j.provider.azure.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class VaultNamesTest {

    @Test
    void map_whenDotsUnderscoresAndCapitals_givesLowerCaseDashes() {
        assertThat(VaultNames.map("db.password")).isEqualTo("db-password");
        assertThat(VaultNames.map("DB_PASSWORD")).isEqualTo("db-password");
        assertThat(VaultNames.map("api-key2")).isEqualTo("api-key2");
    }

    @Test
    void map_whenOtherCharacter_rejectsNamingIt() {
        assertThatThrownBy(() -> VaultNames.map("db/password"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'db/password'").hasMessageContaining("'/'").hasMessageContaining("position 3");
    }

    @Test
    void map_whenEmptyOrTooLong_rejects() {
        assertThatThrownBy(() -> VaultNames.map("")).hasMessageContaining("1 to 127");
        assertThat(VaultNames.map("a".repeat(127))).hasSize(127);
        assertThatThrownBy(() -> VaultNames.map("a".repeat(128))).hasMessageContaining("128 characters");
    }

    @Test
    void direct_whenDotOrUnderscore_rejects() {
        assertThat(VaultNames.direct("DB-Password")).isEqualTo("db-password");
        assertThatThrownBy(() -> VaultNames.direct("db_password")).hasMessageContaining("'_'");
    }

    @Test
    void collisions_whenTwoNamesShareAVaultName_nameBoth_andLeaveOthersAlone() {
        assertThat(VaultNames.collisions(List.of("db.password", "other", "DB_PASSWORD", "a.b", "a.b", "bad/name")))
                .containsOnlyKeys("db.password", "DB_PASSWORD")
                .allSatisfy((name, message) -> assertThat(message).contains("'db.password'", "'DB_PASSWORD'", "'db-password'"));
    }
}
