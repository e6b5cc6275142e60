package dev.secrets4j.provider.file.internal;

import dev.secrets4j.provider.file.Kdf;
import dev.secrets4j.testing.LeakCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import javax.crypto.AEADBadTagException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The primitives against published test vectors, and the properties the store relies on. */
class CryptoTest {

    @RegisterExtension
    final LeakCheck leaks = LeakCheck.create();

    private final SecureRandom random = new SecureRandom();

    /** RFC 7914, section 11: PBKDF2-HMAC-SHA256 test vectors. */
    @Test
    void pbkdf2_matchesRfc7914Vectors() {
        assertThat(HexFormat.of().formatHex(Crypto.pbkdf2(utf8("passwd"), utf8("salt"), 1, 64))).isEqualTo(
                "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"
                        + "49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783");
        assertThat(HexFormat.of().formatHex(Crypto.pbkdf2(utf8("Password"), utf8("NaCl"), 80_000, 64))).isEqualTo(
                "4ddcd8f60b98be21830cee5ef22701f9641a4418d04c0414aeff08876b34ab56"
                        + "a1d425a1225833549adb841b51c9b3176a272bdebba1d078478f62b397f33c8d");
    }

    @Test
    void derive_argon2id_isDeterministicPerSaltAndSecret() {
        byte[] salt = Crypto.random(random, Crypto.SALT_BYTES);
        byte[] secret = leaks.canary(utf8("canary-7f3a-crypto-argon-secret"));

        byte[] once = Crypto.derive(Kdf.argon2id(), secret, salt);
        byte[] twice = Crypto.derive(Kdf.argon2id(), secret, salt);
        byte[] otherSalt = Crypto.derive(Kdf.argon2id(), secret, Crypto.random(random, Crypto.SALT_BYTES));

        assertThat(once).hasSize(32).isEqualTo(twice).isNotEqualTo(otherSalt);
    }

    @Test
    void sealThenOpen_roundTrips_andAnyOtherAssociatedDataFails() throws AEADBadTagException {
        byte[] key = Crypto.random(random, Crypto.KEY_BYTES);
        byte[] value = leaks.canary(utf8("canary-7f3a-crypto-sealed"));
        byte[] aad = Crypto.aad("label", "store", "alpha", "1");

        Crypto.Sealed sealed = Crypto.seal(key, value, aad, random);

        assertThat(Crypto.open(key, sealed.nonce(), sealed.ciphertext(), aad)).isEqualTo(value);
        assertThat(sealed.nonce()).hasSize(12);
        assertThat(sealed.ciphertext()).hasSize(value.length + 16);
        assertThatThrownBy(() -> Crypto.open(key, sealed.nonce(), sealed.ciphertext(), Crypto.aad("label", "store", "alpha", "2")))
                .isInstanceOf(AEADBadTagException.class);
        assertThatThrownBy(() -> Crypto.open(key, sealed.nonce(), new byte[3], aad)).isInstanceOf(AEADBadTagException.class);
        leaks.assertNoLeak(sealed);
    }

    @Test
    void seal_ofTheSameValueTwice_usesFreshNonces() {
        byte[] key = Crypto.random(random, Crypto.KEY_BYTES);
        byte[] value = leaks.canary(utf8("canary-7f3a-crypto-twice"));

        Crypto.Sealed a = Crypto.seal(key, value, new byte[0], random);
        Crypto.Sealed b = Crypto.seal(key, value, new byte[0], random);

        assertThat(a.nonce()).isNotEqualTo(b.nonce());
        assertThat(a.ciphertext()).isNotEqualTo(b.ciphertext());
    }

    @Test
    void aad_encodesPartsUnambiguously() {
        assertThat(Crypto.aad("l", "ab", "c")).isNotEqualTo(Crypto.aad("l", "a", "bc"));
        assertThat(Crypto.aad("l", "a", "")).isNotEqualTo(Crypto.aad("l", "a"));
    }

    @Test
    void subKeys_differByPurpose() {
        byte[] dataKey = Crypto.random(random, Crypto.KEY_BYTES);

        assertThat(Crypto.subKey(dataKey, "a")).hasSize(32).isNotEqualTo(Crypto.subKey(dataKey, "b")).isNotEqualTo(dataKey);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
