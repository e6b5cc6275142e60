package dev.secrets4j.provider.aws.internal;

import dev.secrets4j.Secret;
import dev.secrets4j.SecretFormatException;
import dev.secrets4j.spi.SecretRef;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StoredTest {

    private static final String ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbC123";
    private static final String CANARY = "canary-7f3a9";
    private final Stored json = new Stored(ARN, "prod/db", "v1-0000000000000000000000000000000", "{\"password\":\"" + CANARY
            + "\",\"port\":5432}", null, List.of("AWSCURRENT"), Instant.EPOCH);

    @Test
    void toSecret_withField_givesThatFieldAndMetadata() {
        Secret s = json.toSecret(SecretRef.parse("aws:prod/db#password"));
        assertThat(s.asString()).isEqualTo(CANARY);
        assertThat(s.version()).isEqualTo(json.versionId());
        assertThat(s.metadata()).containsEntry("arn", ARN).containsEntry("stages", "AWSCURRENT");
        assertThat(s.createdAt()).contains(Instant.EPOCH);
        assertThat(json.toSecret(SecretRef.parse("aws:prod/db#port")).asString()).isEqualTo("5432");
        assertThat(s.toString()).doesNotContain(CANARY);
    }

    @Test
    void toSecret_withoutField_givesWholeString() {
        assertThat(json.toSecret(SecretRef.parse("aws:prod/db")).asString()).startsWith("{\"password\"");
    }

    @Test
    void toSecret_whenFieldMissing_namesReferenceAndFieldsNotValues() {
        assertThatThrownBy(() -> json.toSecret(SecretRef.parse("aws:prod/db#user")))
                .isInstanceOf(SecretFormatException.class).hasMessageContaining("aws:prod/db#user")
                .hasMessageContaining("password, port").hasMessageNotContaining(CANARY);
    }

    @Test
    void toSecret_whenFieldOfBinary_isErrorNamingReference() {
        Stored bin = new Stored(ARN, "prod/db", "v1", null, new byte[] {1, 2, 3}, List.of("AWSCURRENT"), null);
        assertThat(bin.toSecret(SecretRef.parse("aws:prod/db")).asBytes()).containsExactly(1, 2, 3);
        assertThatThrownBy(() -> bin.toSecret(SecretRef.parse("aws:prod/db#password")))
                .isInstanceOf(SecretFormatException.class).hasMessageContaining("aws:prod/db#password").hasMessageContaining("SecretBinary");
    }

    @Test
    void toSecret_whenStringNotJson_andFieldAsked_saysNotAnObject() {
        Stored plain = new Stored(ARN, "prod/db", "v1", CANARY, null, List.of(), null);
        assertThatThrownBy(() -> plain.toSecret(SecretRef.parse("aws:prod/db#password")))
                .hasMessageContaining("not a JSON object").hasMessageNotContaining(CANARY);
        assertThat(plain.toString()).doesNotContain(CANARY);
    }

    @Test
    void matches_byNameFullArnAndPartialArn() {
        assertThat(json.matches("prod/db")).isTrue();
        assertThat(json.matches(ARN)).isTrue();
        assertThat(json.matches("arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db")).isTrue();
        assertThat(json.matches("prod/d")).isFalse();
        assertThat(json.matches("arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/d")).isFalse();
    }

    @Test
    void isStage_tellsLabelsFromVersionIds() {
        assertThat(Ids.isStage("AWSPREVIOUS")).isTrue();
        assertThat(Ids.isStage("a1b2c3d4-5678-90ab-cdef-EXAMPLE11111")).isFalse();
    }
}
