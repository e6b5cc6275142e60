package dev.secrets4j.examples.spring;

import dev.secrets4j.testing.LeakCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * A required secret is missing: the example must not start, and what the user sees is Spring
 * Boot's failure report naming the secret and where it was looked for, with no value in it.
 */
@ExtendWith(OutputCaptureExtension.class)
class FailedBootIT {

    @RegisterExtension
    final LeakCheck leaks = LeakCheck.create();

    @TempDir
    Path secretsFolder;

    @Test
    void run_whenDbPasswordIsMissing_failsWithReportNamingItAndNoValue(CapturedOutput output) throws Exception {
        String apiKey = leaks.canary("canary-failed-boot-api-key-0123456789abcdef");
        PrivateFiles.create(secretsFolder.resolve("API_KEY"), apiKey.getBytes(StandardCharsets.US_ASCII));

        Throwable failure = catchThrowable(() -> new SpringApplicationBuilder(ExampleApplication.class)
                .run("--secrets4j.providers.docker.paths=" + secretsFolder, "--server.port=0",
                        "--spring.datasource.url=jdbc:h2:mem:failed-boot-it"));

        assertThat(failure).isNotNull();
        String log = output.getAll();
        assertThat(log).contains("APPLICATION FAILED TO START", """
                Description:

                secrets4j: 1 problem in 2 secrets
                  DB_PASSWORD  missing  looked in docker:%s (files DB_PASSWORD, db_password)

                Action:
                """.formatted(secretsFolder))
                .doesNotContain("Tomcat started on port");
        leaks.assertNoLeak(failure);
        leaks.assertNoLeak(log);
    }
}
