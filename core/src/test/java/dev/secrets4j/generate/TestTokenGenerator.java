package dev.secrets4j.generate;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;

/** A custom generator listed in the test class path's META-INF/services: type {@code test-token}. */
public final class TestTokenGenerator implements SecretGenerator {

    /** What every value starts with. */
    static final String PREFIX = "tt_";

    @Override
    public String type() {
        return "test-token";
    }

    @Override
    public byte[] generate(SecureRandom random) {
        byte[] raw = new byte[16];
        random.nextBytes(raw);
        return (PREFIX + HexFormat.of().formatHex(raw)).getBytes(StandardCharsets.US_ASCII);
    }
}
