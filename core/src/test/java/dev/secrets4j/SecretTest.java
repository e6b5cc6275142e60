package dev.secrets4j;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecretTest {

    private static final String CANARY = "canary-secret-value-9f8e7d";

    @Test
    void toString_masksTheValue() {
        Secret s = Secret.builder("DB_PASSWORD", CANARY).version("3").providerId("docker").build();
        assertThat(s).hasToString("Secret[DB_PASSWORD v3 from docker: ****]");
        assertThat(s.toString()).doesNotContain(CANARY);
    }

    @Test
    void accessors_handOutCopies() {
        Secret s = Secret.builder("K", CANARY).build();
        byte[] bytes = s.asBytes();
        bytes[0] = 'X';
        char[] chars = s.asChars();
        chars[0] = 'Y';
        assertThat(s.asString()).isEqualTo(CANARY);
        assertThat(s.asBytes()).isEqualTo(CANARY.getBytes(StandardCharsets.UTF_8));
        assertThat(new String(s.asChars())).isEqualTo(CANARY);
    }

    @Test
    void builder_copiesTheArrayItIsGiven() {
        byte[] value = CANARY.getBytes(StandardCharsets.UTF_8);
        Secret s = Secret.builder("K", value).build();
        value[0] = 'Z';
        assertThat(s.asString()).isEqualTo(CANARY);
    }

    @Test
    void equals_comparesNameVersionProviderAndValue() {
        Secret a = Secret.builder("K", CANARY).version("1").providerId("p").createdAt(Instant.EPOCH).build();
        Secret b = Secret.builder("K", CANARY).version("1").providerId("p").build();
        Secret otherValue = Secret.builder("K", CANARY + "x").version("1").providerId("p").build();
        Secret otherVersion = Secret.builder("K", CANARY).version("2").providerId("p").build();
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a).isNotEqualTo(otherValue).isNotEqualTo(otherVersion);
        assertThat(a.sameValueAs(otherVersion)).isTrue();
        assertThat(a.sameValueAs(otherValue)).isFalse();
    }

    @Test
    void optionalFields_areEmptyUnlessSet() {
        Secret s = Secret.of("K", CANARY);
        assertThat(s.createdAt()).isEmpty();
        assertThat(s.expiresAt()).isEmpty();
        assertThat(s.metadata()).isEmpty();
        assertThat(s.version()).isEqualTo("1");
        assertThat(s.providerId()).isEqualTo("memory");
    }

    @Test
    void isUtf8_detectsInvalidBytes() {
        assertThat(Secret.builder("K", new byte[] {(byte) 0xC3, (byte) 0x28}).build().isUtf8()).isFalse();
        assertThat(Secret.of("K", "h\u00e9llo").isUtf8()).isTrue();
    }

    @Test
    void builder_rejectsBlankNamesNamingTheSetting() {
        assertThatThrownBy(() -> Secret.builder(" ", "v")).hasMessageContaining("name");
        assertThatThrownBy(() -> Secret.builder("K", "v").version("")).hasMessageContaining("version");
    }

    @Test
    void toBuilder_keepsEverythingButWhatIsChanged() {
        Secret s = Secret.builder("a", CANARY).version("7").providerId("docker").metadata("path", "/run/secrets/a").build();
        Secret renamed = s.toBuilder().name("A").build();
        assertThat(renamed.name()).isEqualTo("A");
        assertThat(renamed.version()).isEqualTo("7");
        assertThat(renamed.metadata()).containsEntry("path", "/run/secrets/a");
        assertThat(renamed.sameValueAs(s)).isTrue();
    }
}
