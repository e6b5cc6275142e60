package dev.secrets4j.examples.spring;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.bootstrap.DefaultBootstrapContext;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.mock.env.MockEnvironment;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class DevSecretsFolderTest {

    @TempDir
    Path temp;

    @Test
    void onEnvironmentPrepared_whenFolderAbsent_createsPrivateFolderWithRandomSecrets() throws Exception {
        Path folder = temp.resolve("dev-secrets");

        DevSecretsFolder listener = new DevSecretsFolder(folder);
        listener.onApplicationEvent(prepared(new MockEnvironment()));

        String dbPassword = Files.readString(folder.resolve("DB_PASSWORD"), StandardCharsets.US_ASCII);
        String apiKey = Files.readString(folder.resolve("API_KEY"), StandardCharsets.US_ASCII);
        assertThat(dbPassword).hasSize(DevSecretsFolder.PASSWORD_LENGTH).matches("[" + SecretGenerator.ALPHABET + "]+");
        assertThat(apiKey).hasSize(DevSecretsFolder.API_KEY_LENGTH).isNotEqualTo(dbPassword);
        assertThat(listener.done()).hasSize(3)
                .anyMatch(l -> l.contains("DB_PASSWORD: 32 random characters"))
                .noneMatch(l -> l.contains(dbPassword) || l.contains(apiKey));
        assumeTrue(PrivateFiles.mode(folder).isPresent(), "POSIX permissions");
        assertThat(PrivateFiles.mode(folder)).contains(PrivateFiles.FOLDER_MODE);
        assertThat(PrivateFiles.mode(folder.resolve("DB_PASSWORD"))).contains(PrivateFiles.FILE_MODE);
        assertThat(PrivateFiles.mode(folder.resolve("API_KEY"))).contains(PrivateFiles.FILE_MODE);
    }

    @Test
    void onEnvironmentPrepared_whenFilesExist_keepsThemAndAddsWhatIsMissing() throws Exception {
        Path folder = temp.resolve("dev-secrets");
        PrivateFiles.createFolder(folder);
        byte[] mine = "my-own-db-password-kept-as-is-0123".getBytes(StandardCharsets.US_ASCII);
        PrivateFiles.create(folder.resolve("DB_PASSWORD"), mine);

        new DevSecretsFolder(folder).onApplicationEvent(prepared(new MockEnvironment()));

        assertThat(Files.readAllBytes(folder.resolve("DB_PASSWORD"))).isEqualTo(mine);
        assertThat(folder.resolve("API_KEY")).exists();
    }

    @Test
    void onEnvironmentPrepared_whenVaultProfileActive_createsNothing() {
        Path folder = temp.resolve("dev-secrets");
        MockEnvironment environment = new MockEnvironment().withProperty("spring.profiles.active", "vault");

        new DevSecretsFolder(folder).onApplicationEvent(prepared(environment));

        assertThat(folder).doesNotExist();
    }

    @Test
    void onEnvironmentPrepared_whenSecretsFolderConfiguredOutside_createsNothing() {
        Path folder = temp.resolve("dev-secrets");
        MockEnvironment environment = new MockEnvironment()
                .withProperty("secrets4j.providers.docker.paths", "/run/secrets");

        new DevSecretsFolder(folder).onApplicationEvent(prepared(environment));

        assertThat(folder).doesNotExist();
    }

    private static ApplicationEnvironmentPreparedEvent prepared(MockEnvironment environment) {
        return new ApplicationEnvironmentPreparedEvent(new DefaultBootstrapContext(),
                new SpringApplication(ExampleApplication.class), new String[0], environment);
    }
}
