package dev.secrets4j.provider.file;

import dev.secrets4j.testing.LeakCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** KDF parameters: OWASP's minimums are the floor, there is a ceiling, and "at least" compares like with like. */
class KdfTest {

    @RegisterExtension
    final LeakCheck leaks = LeakCheck.create();

    @Test
    void pbkdf2_acceptsFrom600000Iterations_only() {
        assertThat(Kdf.pbkdf2().iterations()).isEqualTo(600_000);
        assertThat(Kdf.pbkdf2(1_200_000).iterations()).isEqualTo(1_200_000);
        assertThatThrownBy(() -> Kdf.pbkdf2(599_999)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 600,000").hasMessageContaining("got 599999");
        assertThatThrownBy(() -> Kdf.pbkdf2(100_000_001)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @CsvSource({"47104,1,1", "19456,2,1", "12288,3,1", "9216,4,1", "7168,5,1", "65536,3,4", "19456,2,2"})
    void argon2id_acceptsOwaspSettingsAndAbove(int memoryKiB, int passes, int lanes) {
        assertThat(Kdf.argon2id(memoryKiB, passes, lanes).memoryKiB()).isEqualTo(memoryKiB);
    }

    @ParameterizedTest
    @CsvSource({"47103,1,1", "19455,2,1", "46000,1,1", "12287,3,1", "7168,4,1", "7167,100,1", "19456,2,0", "19456,2,65",
            "4194305,2,1", "19456,101,1"})
    void argon2id_rejectsCostsBelowOwaspOrAboveTheCeiling(int memoryKiB, int passes, int lanes) {
        assertThatThrownBy(() -> Kdf.argon2id(memoryKiB, passes, lanes)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Argon2id");
    }

    @Test
    void atLeast_comparesCostsWithinOneAlgorithm() {
        assertThat(Kdf.pbkdf2(700_000).atLeast(Kdf.pbkdf2())).isTrue();
        assertThat(Kdf.pbkdf2().atLeast(Kdf.pbkdf2(700_000))).isFalse();
        assertThat(Kdf.argon2id(65536, 3, 1).atLeast(Kdf.argon2id())).isTrue();
        assertThat(Kdf.argon2id(65536, 1, 1).atLeast(Kdf.argon2id())).isFalse();
        assertThat(Kdf.argon2id(65536, 3, 1).atLeast(Kdf.pbkdf2())).isFalse();
        assertThat(Kdf.pbkdf2(100_000_000).atLeast(Kdf.argon2id())).isFalse();
    }

    @Test
    void toString_namesAlgorithmAndCost() {
        assertThat(Kdf.pbkdf2()).hasToString("pbkdf2-hmac-sha256(600000 iterations)");
        assertThat(Kdf.argon2id()).hasToString("argon2id(m=19456 KiB, t=2, p=1)");
        assertThat(Kdf.pbkdf2().algorithm()).isEqualTo("pbkdf2-hmac-sha256");
        assertThat(Kdf.argon2id().algorithm()).isEqualTo("argon2id");
    }
}
