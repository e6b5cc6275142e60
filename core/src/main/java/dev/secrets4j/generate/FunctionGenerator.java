package dev.secrets4j.generate;

import java.security.SecureRandom;
import java.util.function.Function;

/** A {@link SecretGenerator} made of a type name and a function, from {@link SecretGenerator#of}. */
final class FunctionGenerator implements SecretGenerator {

    private final String type;
    private final Function<SecureRandom, byte[]> generate;

    FunctionGenerator(String type, Function<SecureRandom, byte[]> generate) {
        this.type = type;
        this.generate = generate;
    }

    @Override
    public String type() {
        return type;
    }

    @Override
    public byte[] generate(SecureRandom random) {
        return generate.apply(random);
    }

    /** {@code SecretGenerator[door-pin]}. */
    @Override
    public String toString() {
        return "SecretGenerator[" + type + "]";
    }
}
