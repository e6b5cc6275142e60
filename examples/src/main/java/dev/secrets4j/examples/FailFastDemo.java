package dev.secrets4j.examples;

import dev.secrets4j.SecretValidationException;
import dev.secrets4j.Secrets;
import dev.secrets4j.provider.docker.DockerSecretProvider;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * Shows fail-fast boot: builds a broken secrets folder and boots against it with the Docker
 * provider only (so a variable in the environment cannot hide a missing file), then prints the
 * one {@link SecretValidationException} that lists every problem at once.
 */
final class FailFastDemo {

    private FailFastDemo() {
    }

    /** Boots against a broken copy in {@code folder}; true when the boot failed with the problem list, as it should. */
    static boolean run(DevSecrets dev, Path folder, PrintStream out) throws IOException {
        dev.makeBroken(folder);
        out.println("   Secrets.builder().provider(DockerSecretProvider.atPath(...)).catalogFromClasspath(\""
                + QuickstartExample.CATALOG + "\").build()");
        try (Secrets booted = Secrets.builder()
                .provider(DockerSecretProvider.atPath(folder))
                .catalogFromClasspath(QuickstartExample.CATALOG)
                .build()) {
            out.println("   unexpected: the boot succeeded against " + folder + ": " + booted);
            return false;
        } catch (SecretValidationException e) {
            out.println("   build() threw SecretValidationException with " + e.report().errors().size()
                    + " errors; its message:");
            SecretsReport.printIndented(e.getMessage(), out);
            return true;
        }
    }
}
