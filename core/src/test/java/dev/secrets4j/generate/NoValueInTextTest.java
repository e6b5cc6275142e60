package dev.secrets4j.generate;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.secrets4j.Catalog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

import static dev.secrets4j.generate.Leaks.assertNoLeak;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** No generated value appears in a toString(), an exception message or a log line. */
class NoValueInTextTest {

    private static final byte[] SEED = "secrets4j-no-value-in-text".getBytes(StandardCharsets.US_ASCII);

    private final Logger logger = (Logger) LoggerFactory.getLogger("dev.secrets4j");
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private Level levelBefore;

    @BeforeEach
    void attach() {
        levelBefore = logger.getLevel();
        logger.setLevel(Level.DEBUG);
        logs.start();
        logger.addAppender(logs);
    }

    @AfterEach
    void detach() {
        logger.detachAppender(logs);
        logger.setLevel(levelBefore);
    }

    /** The same sequence every time, so a test can learn a value and then look for it elsewhere. */
    private static SecureRandom replayable() throws NoSuchAlgorithmException {
        SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
        random.setSeed(SEED);
        return random;
    }

    private static SecretGenerators registry(SecureRandom random) {
        return SecretGenerators.builder().random(random).build();
    }

    @Test
    void toStringOfEveryTypeGeneratorAndRegistry_showsNoValue() {
        SecretGenerators generators = SecretGenerators.defaults();
        List<byte[]> values = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        for (String type : List.of("api-key", "password", "encryption-key", "hmac-secret", "test-token")) {
            values.add(generators.generate(type));
            texts.add(generators.forType(type).orElseThrow().toString());
        }
        RsaKeyGenerator rsa = RsaKeyGenerator.builder().bits(2048).build();
        values.add(rsa.generate(SecretGenerators.strongRandom()));
        texts.add(rsa.toString());
        texts.add(generators.toString());
        texts.add(PasswordGenerator.builder().length(12).symbols("!#").build().toString());
        texts.add(SecretGenerator.of("door-pin", r -> new byte[] {'1'}).toString());
        for (SecretType type : SecretType.values()) {
            texts.add(type.toString());
            texts.add(type.generator().toString());
        }

        assertThat(generators.toString()).startsWith("SecretGenerators[api-key, database-password, encryption-key, "
                + "hmac-secret, password, rsa-private-key, test-token, webhook-secret; "
                + "random Hash_DRBG,SHA-256,256,reseed_only");
        for (String text : texts) {
            for (byte[] value : values) {
                assertNoLeak(text, value);
            }
        }
    }

    @Test
    void exceptionAndLogLines_whenAGeneratedPasswordFailsItsSpec_holdNoPartOfIt() throws Exception {
        byte[] value = registry(replayable()).generate("password");
        assertThat(registry(replayable()).generate("password")).as("the same value from the same seed").isEqualTo(value);
        Catalog.Entry entry = Catalog.parse("secrets:\n  - name: DB_PASSWORD\n    type: password\n"
                + "    min-length: 48\n    pattern: '^[A-Z]+$'\n", "test.yaml").entries().get(0);

        Throwable failure = catchThrowable(() -> registry(replayable()).generate(entry));

        assertThat(failure).hasMessageContaining("fails its specs min-length 48 (too short")
                .hasMessageContaining("; pattern ^[A-Z]+$ (");
        assertNoLeak(failure.getMessage(), value);
        assertNoLeak(failure.toString(), value);
        for (ILoggingEvent event : logs.list) {
            assertNoLeak(event.getFormattedMessage(), value);
        }
        assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage)
                .contains("secret generator for type 'test-token': generator " + TestTokenGenerator.class.getName()
                        + " (found by ServiceLoader from " + TestTokenGenerator.class.getProtectionDomain().getCodeSource()
                        .getLocation() + ")");
    }

    @Test
    void logLines_whileGeneratingEveryType_holdNoValue() {
        SecretGenerators generators = SecretGenerators.defaults();
        List<byte[]> values = new ArrayList<>();
        for (String type : generators.types()) {
            if (!type.equals("rsa-private-key")) {
                values.add(generators.generate(type));
            }
        }

        for (ILoggingEvent event : logs.list) {
            for (byte[] value : values) {
                assertNoLeak(event.getFormattedMessage(), value);
            }
        }
    }
}
