package dev.secrets4j.generate;

import java.security.SecureRandom;
import java.util.Objects;
import java.util.function.Function;

/**
 * Makes new values of one catalog type: the SPI for custom types. {@link SecretGenerators} finds
 * an implementation through {@link java.util.ServiceLoader} (list its class in
 * {@code META-INF/services/dev.secrets4j.generate.SecretGenerator}; it needs a public no-argument
 * constructor) or takes one from {@link SecretGenerators.Builder#register(SecretGenerator)}.
 *
 * <pre>{@code
 * public final class AcmeTokenGenerator implements SecretGenerator {
 *     public String type() {
 *         return "acme-api-token";
 *     }
 *
 *     public byte[] generate(SecureRandom random) {
 *         byte[] raw = new byte[24];
 *         random.nextBytes(raw);
 *         byte[] text = ("tok_" + Base64.getUrlEncoder().withoutPadding().encodeToString(raw))
 *                 .getBytes(StandardCharsets.US_ASCII);
 *         Arrays.fill(raw, (byte) 0);
 *         return text;
 *     }
 * }
 *
 * // or, for the application's own registry:
 * SecretGenerator pin = SecretGenerator.of("door-pin", random -> ...);
 * }</pre>
 *
 * <p>An implementation must be thread-safe, draw every random bit from the {@code SecureRandom}
 * it is given, and never put a value, or any part of one, into a log line, an exception message
 * or its {@code toString()}.
 */
public interface SecretGenerator {

    /**
     * Returns the catalog type this generator serves, the text of an entry's {@code type:}, such as
     * {@code acme-api-token}: lower-case letters, digits, {@code . _ -}, starting with a letter or
     * digit, at most 64 characters. It may not be one of the built-in types ({@link SecretType}).
     */
    String type();

    /**
     * Makes a new value from {@code random}.
     *
     * @param random the source of every random bit; shared and thread-safe
     * @return the value's bytes (UTF-8 for text types) in a new array that the caller owns and
     *         clears when done; never empty
     */
    byte[] generate(SecureRandom random);

    /**
     * Creates a generator of type {@code type} from a function, for generators an application
     * registers in code.
     *
     * <pre>{@code
     * SecretGenerators generators = SecretGenerators.builder()
     *     .register(SecretGenerator.of("door-pin", random -> pinBytes(random)))
     *     .build();
     * }</pre>
     *
     * @throws IllegalArgumentException when the type is not a valid type name
     */
    static SecretGenerator of(String type, Function<SecureRandom, byte[]> generate) {
        return new FunctionGenerator(TypeNames.check("type", type), Objects.requireNonNull(generate, "generate"));
    }
}
