package dev.secrets4j.spring.boot.autoconfigure.core;

import dev.secrets4j.SecretValidationException;
import dev.secrets4j.spring.boot.autoconfigure.core.it.FailFastTestApplication;
import dev.secrets4j.testing.LeakCheck;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * A boot with a missing and a malformed required secret, through a real
 * {@code SpringApplication.run}: it stops before any bean that needs secrets exists and prints
 * Spring Boot's failure report, with every problem and no stack trace before it.
 */
@ExtendWith(OutputCaptureExtension.class)
class FailFastIT {

    @RegisterExtension
    final LeakCheck leaks = LeakCheck.create();

    private final String shortPassword = leaks.canary("canary-short-pw");

    @TempDir
    Path dir;

    @BeforeEach
    void secretsFolder() throws IOException {
        Path file = dir.resolve("DB_PASSWORD");
        Files.writeString(file, shortPassword);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        Files.writeString(dir.resolve("secrets4j.yaml"), """
                secrets:
                  - name: DB_PASSWORD
                    min-length: 32
                  - name: API_KEY
                """);
        FailFastTestApplication.SECRET_USERS.set(0);
    }

    @Test
    void run_whenImportFindsProblems_printsTheReportAndCreatesNoBean(CapturedOutput output) {
        assertThat(rootCause(catchThrowable(() -> run("--spring.config.import=secrets4j:"))))
                .isInstanceOf(SecretValidationException.class);

        assertThat(FailFastTestApplication.SECRET_USERS).hasValue(0);
        assertReport(output.getAll());
        // the import fails before the application context exists: nothing but the report is printed
        assertThat(beforeReport(output.getAll())).doesNotContain("Exception").doesNotContain("WARN");
    }

    @Test
    void run_whenSecretsBeanFindsProblems_printsTheSameReportAndCreatesNoBeanThatNeedsIt(CapturedOutput output) {
        assertThat(rootCause(catchThrowable(this::run))).isInstanceOf(SecretValidationException.class);

        assertThat(FailFastTestApplication.SECRET_USERS).hasValue(0);
        assertReport(output.getAll());
    }

    private static String beforeReport(String out) {
        return out.substring(0, out.indexOf("APPLICATION FAILED TO START"));
    }

    private static Throwable rootCause(Throwable thrown) {
        assertThat(thrown).as("SpringApplication.run must fail").isNotNull();
        Throwable root = thrown;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root;
    }

    private void run(String... extraArgs) {
        SpringApplication app = new SpringApplication(FailFastTestApplication.class);
        app.setWebApplicationType(WebApplicationType.NONE);
        String[] args = new String[2 + extraArgs.length];
        args[0] = "--secrets4j.providers.docker.paths=" + dir;
        args[1] = "--secrets4j.catalog=file:" + dir.resolve("secrets4j.yaml");
        System.arraycopy(extraArgs, 0, args, 2, extraArgs.length);
        app.run(args).close();
    }

    private void assertReport(String out) {
        String n = System.lineSeparator();
        String expected = n
                + "***************************" + n
                + "APPLICATION FAILED TO START" + n
                + "***************************" + n
                + n
                + "Description:" + n
                + n
                + "secrets4j: 2 problems in 2 secrets" + n
                + "  DB_PASSWORD  too short: 15 characters, need at least 32  docker:" + dir.resolve("DB_PASSWORD") + n
                + "  API_KEY      missing                                     looked in docker:" + dir
                + " (files API_KEY, api_key)" + n
                + n
                + "Action:" + n
                + n
                + "Create or fix each secret listed above where the application looks for it (last column), "
                + "or declare the ones it can run without as optional (secrets4j.optional, or required: false in the catalog)." + n;
        assertThat(out).contains(expected);
        // no stack trace before the report (the bean path has Spring's one-line "cancelling refresh attempt" WARN)
        assertThat(beforeReport(out)).doesNotContain("\tat ").doesNotContain("Caused by");
        assertThat(out).doesNotContain(shortPassword);
    }
}
