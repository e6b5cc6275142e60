package dev.secrets4j.provider.aws;

import dev.secrets4j.spi.Capability;
import dev.secrets4j.spi.SecretProvider;
import dev.secrets4j.testing.SecretProviderContractTest;
import dev.secrets4j.testing.aws.SecretsManagerEmulator;
import org.junit.jupiter.api.AfterAll;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The provider contract through the real SDK against the emulator, STAGES included (pending write,
 * promotion, retirement on AWS staging labels): each provider gets an emulator of its own, so that
 * secret names of different cases never meet.
 */
class AwsSecretProviderContractIT extends SecretProviderContractTest {

    private static final List<SecretsManagerEmulator> EMULATORS = new CopyOnWriteArrayList<>();

    @AfterAll
    static void stop() {
        EMULATORS.forEach(SecretsManagerEmulator::close);
    }

    @Override
    protected SecretProvider createProvider(Map<String, String> secrets) {
        SecretsManagerEmulator aws = SecretsManagerEmulator.builder().region("us-east-1").accountId("123456789012")
                .credentials("AKIDEXAMPLE", "secret-key").build();
        aws.start();
        EMULATORS.add(aws);
        secrets.forEach(aws::createSecret);
        return AwsSecretProvider.builder().region("us-east-1").allowInsecureHttp().endpoint(aws.endpoint().toString())
                .credentials("AKIDEXAMPLE", "secret-key").callTimeout(Duration.ofSeconds(3))
                .getSecretValueBudget(1000).describeSecretBudget(1000).batchGetSecretValueBudget(100).writeBudget(50).build();
    }

    @Override
    protected Set<Capability> expectedCapabilities() {
        return EnumSet.of(Capability.READ, Capability.VERSIONS, Capability.BATCH, Capability.WRITE, Capability.FIELDS,
                Capability.STAGES);
    }
}
