package dev.secrets4j.spi;

import dev.secrets4j.SecretFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecretRefTest {

    @Test
    void parse_readsSchemePathAndField() {
        SecretRef ref = SecretRef.parse("vault:secret/app/db#password");
        assertThat(ref.scheme()).contains("vault");
        assertThat(ref.path()).isEqualTo("secret/app/db");
        assertThat(ref.field()).contains("password");
        assertThat(ref).hasToString("vault:secret/app/db#password");
        assertThat(ref.withoutField()).hasToString("vault:secret/app/db");
    }

    @Test
    void parse_withoutField() {
        SecretRef ref = SecretRef.parse("docker:db_password");
        assertThat(ref.field()).isEmpty();
        assertThat(ref.withoutField()).isSameAs(ref);
    }

    @ParameterizedTest
    @ValueSource(strings = {"db_password", ":path", "Docker:x", "docker:", "docker:#f", "docker:x#", "1a:x", "do cker:x"})
    void parse_whenMalformed_throwsNamingTheReference(String reference) {
        assertThatThrownBy(() -> SecretRef.parse(reference))
                .isInstanceOf(SecretFormatException.class)
                .hasMessageContaining("malformed secret reference");
    }

    @Test
    void parse_whenItHasControlCharacters_throwsWithoutEchoingThem() {
        assertThatThrownBy(() -> SecretRef.parse("docker:a\u0000b"))
                .isInstanceOf(SecretFormatException.class)
                .hasMessageContaining("docker:a?b")
                .hasMessageContaining("control character");
    }

    @Test
    void ofName_hasNoScheme() {
        SecretRef ref = SecretRef.ofName("DB_PASSWORD");
        assertThat(ref.scheme()).isEmpty();
        assertThat(ref).hasToString("DB_PASSWORD");
        assertThatThrownBy(() -> SecretRef.ofName("")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void equality_coversAllParts() {
        assertThat(SecretRef.parse("a:b#c")).isEqualTo(SecretRef.parse("a:b#c")).isNotEqualTo(SecretRef.parse("a:b"));
        assertThat(SecretRef.parse("a:b")).isNotEqualTo(SecretRef.ofName("b"));
    }
}
