package dev.secrets4j.examples.spring;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.boot.context.event.SpringApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Profiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Creates the development secrets folder {@value #FOLDER} (mode {@code 0700}, files mode
 * {@code 0600}) with a random {@code DB_PASSWORD} and {@code API_KEY} when they are absent, so
 * that the example runs out of the box. Existing files are kept.
 *
 * <p>It runs before Spring Boot reads {@code application.yml} and resolves
 * {@code spring.config.import=secrets4j:}, so it sees only the command line, system properties
 * and environment variables; it does nothing when the profile {@code vault} is active there or
 * when {@code secrets4j.providers.docker.paths} is set there (you pointed the application at a
 * real folder). Logs the names of the files it wrote, never a value: once Spring Boot's logging
 * is up (it drops earlier lines).
 */
final class DevSecretsFolder implements ApplicationListener<SpringApplicationEvent>, Ordered {

    /** The folder, relative to the working directory; {@code application.yml} reads the same one. */
    static final String FOLDER = "target/spring-dev-secrets";
    static final String DB_PASSWORD = "DB_PASSWORD";
    static final String API_KEY = "API_KEY";
    /** As long as the plain example's development DB_PASSWORD. */
    static final int PASSWORD_LENGTH = 32;
    static final int API_KEY_LENGTH = 40;

    private static final Logger log = LoggerFactory.getLogger(DevSecretsFolder.class);
    private static final String PATHS_PROPERTY = "secrets4j.providers.docker.paths";

    private final SecretGenerator generator = new SecretGenerator();
    private final Path folder;
    private final List<String> done = new ArrayList<>();

    DevSecretsFolder() {
        this(Path.of(FOLDER));
    }

    DevSecretsFolder(Path folder) {
        this.folder = folder;
    }

    /** Before the config data (and with it the secrets) is loaded. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    public void onApplicationEvent(SpringApplicationEvent event) {
        if (event instanceof ApplicationEnvironmentPreparedEvent prepared) {
            onEnvironmentPrepared(prepared.getEnvironment());
        } else if (event instanceof ApplicationPreparedEvent) {
            done.forEach(log::info);
            done.clear();
        }
    }

    /** What it did, one line each (paths, lengths and modes; never a value), until logged. */
    List<String> done() {
        return List.copyOf(done);
    }

    private void onEnvironmentPrepared(ConfigurableEnvironment environment) {
        if (environment.acceptsProfiles(Profiles.of("vault")) || environment.containsProperty(PATHS_PROPERTY)) {
            return;
        }
        try {
            ensure();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the development secrets folder " + folder.toAbsolutePath()
                    + "; create it by hand or set " + PATHS_PROPERTY + " to your secrets folder", e);
        }
    }

    /** Makes sure the folder holds DB_PASSWORD and API_KEY, creating what is missing. */
    void ensure() throws IOException {
        if (PrivateFiles.createFolder(folder)) {
            done.add("created development secrets folder " + folder.toAbsolutePath() + modeSuffix(folder));
        }
        ensureFile(DB_PASSWORD, PASSWORD_LENGTH);
        ensureFile(API_KEY, API_KEY_LENGTH);
    }

    private void ensureFile(String name, int length) throws IOException {
        Path file = folder.resolve(name);
        if (Files.exists(file)) {
            return;
        }
        byte[] value = generator.password(length);
        try {
            PrivateFiles.create(file, value);
        } finally {
            Arrays.fill(value, (byte) 0);
        }
        done.add("created development secret " + file.toAbsolutePath() + ": " + length + " random characters"
                + modeSuffix(file));
    }

    private static String modeSuffix(Path path) throws IOException {
        return PrivateFiles.mode(path).map(m -> ", mode " + m).orElse("");
    }
}
