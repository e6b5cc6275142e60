package dev.secrets4j.internal.spec;

import dev.secrets4j.SecretSpec;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SpecsArgumentsTest {

    @Test
    void describe_isTheCatalogSpelling() {
        assertThat(Specs.present().describe()).isEqualTo("present");
        assertThat(Specs.notBlank().describe()).isEqualTo("not-blank");
        assertThat(Specs.minLength(32).describe()).isEqualTo("min-length 32");
        assertThat(Specs.pattern("^tok_[A-Za-z0-9]{32}$").describe()).isEqualTo("pattern ^tok_[A-Za-z0-9]{32}$");
        assertThat(Specs.base64(32).describe()).isEqualTo("format base64, min-bytes 32");
        assertThat(Specs.rsaPrivateKey(4096).describe()).isEqualTo("format rsa-private-key, min-bits 4096");
        assertThat(Specs.publicKey().describe()).isEqualTo("format public-key");
        assertThat(Specs.x509Certificate(Duration.ofDays(14)).describe())
                .isEqualTo("format x509-certificate, cert-warn-days 14");
        assertThat(Specs.x509Certificate(Duration.ofHours(12)).describe())
                .isEqualTo("format x509-certificate, warn-within PT12H");
        assertThat(Specs.jsonObject(List.of("username", "password")).describe())
                .isEqualTo("format json-object, fields username, password");
        assertThat(Specs.jsonObject(List.of()).describe()).isEqualTo("format json-object");
        assertThat(Specs.url().describe()).isEqualTo("format url");
    }

    @Test
    void toString_isTheDescription() {
        assertThat(Specs.minLength(32)).hasToString("min-length 32");
        assertThat(Specs.url()).hasToString("format url");
    }

    @Test
    void publicFactories_delegateToTheSameSpecs() {
        assertThat(SecretSpec.minLength(16)).isEqualTo(Specs.minLength(16));
        assertThat(SecretSpec.rsaPrivateKey()).isEqualTo(Specs.rsaPrivateKey(2048));
        assertThat(SecretSpec.x509Certificate()).isEqualTo(Specs.x509Certificate(Duration.ofDays(30)));
        assertThat(SecretSpec.jsonObject("a", "b")).isEqualTo(Specs.jsonObject(Arrays.asList("a", "b")));
        assertThat(SecretSpec.pattern("a+")).isEqualTo(Specs.pattern("a+"));
    }

    @Test
    void minLength_whenBelowOne_throwsNamingSpecAndArgument() {
        assertThatThrownBy(() -> Specs.minLength(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("minLength must be at least 1, got 0");
        assertThatThrownBy(() -> Specs.minLength(-5)).hasMessage("minLength must be at least 1, got -5");
    }

    @Test
    void pattern_whenInvalidOrMissing_throwsNamingSpecAndArgument() {
        assertThatThrownBy(() -> Specs.pattern("^(tok_"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("pattern regex ^(tok_ is not a valid regular expression: Unclosed group");
        assertThatThrownBy(() -> Specs.pattern(null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pattern regex must not be null");
        assertThatThrownBy(() -> Specs.pattern("")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void numericFactories_whenBelowOne_throwNamingSpecAndArgument() {
        assertThatThrownBy(() -> Specs.base64(0)).hasMessage("base64 minBytes must be at least 1, got 0");
        assertThatThrownBy(() -> Specs.rsaPrivateKey(0)).hasMessage("rsaPrivateKey minBits must be at least 1, got 0");
    }

    @Test
    void x509Certificate_whenNegativeOrNull_throwsNamingSpecAndArgument() {
        assertThatThrownBy(() -> Specs.x509Certificate(Duration.ofDays(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("x509Certificate warnWithin must be zero or positive, got PT-24H");
        assertThatThrownBy(() -> Specs.x509Certificate(null)).isInstanceOf(IllegalArgumentException.class);
        assertThat(Specs.x509Certificate(Duration.ZERO).describe()).isEqualTo("format x509-certificate, cert-warn-days 0");
    }

    @Test
    void jsonObject_whenBlankField_throwsNamingSpecAndArgument() {
        assertThatThrownBy(() -> Specs.jsonObject(List.of("user", " ")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("jsonObject field names must not be null or blank, got ' '");
        assertThatThrownBy(() -> Specs.jsonObject(null)).isInstanceOf(IllegalArgumentException.class);
        assertThat(Specs.jsonObject(List.of("a", "a")).describe()).isEqualTo("format json-object, fields a");
    }
}
