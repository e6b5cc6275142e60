package dev.secrets4j.spring.boot.autoconfigure.rotation;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Placeholders: which secret a raw property value refers to. */
class PlaceholdersTest {

    @Test
    void soleReference_whenValueIsOnePlaceholder_givesItsName() {
        assertThat(Placeholders.soleReference("${DB_PASSWORD}")).contains("DB_PASSWORD");
        assertThat(Placeholders.soleReference(" ${DB_PASSWORD:fallback} ")).contains("DB_PASSWORD");
    }

    @Test
    void soleReference_whenValueIsLiteralOrComposite_givesNothing() {
        assertThat(Placeholders.soleReference("plain-password")).isEmpty();
        assertThat(Placeholders.soleReference("${DB_USER}:${DB_PASSWORD}")).isEmpty();
        assertThat(Placeholders.soleReference("prefix-${DB_PASSWORD}")).isEmpty();
    }

    @Test
    void refersTo_whenPlaceholderNamesTheSecret_isTrue_andOtherwiseFalse() {
        assertThat(Placeholders.refersTo("Bearer ${API_KEY}", "API_KEY")).isTrue();
        assertThat(Placeholders.refersTo("${API_KEY:none}", "API_KEY")).isTrue();
        assertThat(Placeholders.refersTo("${API_KEY_2}", "API_KEY")).isFalse();
        assertThat(Placeholders.refersTo("API_KEY", "API_KEY")).isFalse();
    }
}
