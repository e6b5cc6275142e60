package dev.secrets4j.examples;

import dev.secrets4j.SecretValidationException;
import dev.secrets4j.Secrets;
import dev.secrets4j.SecretsException;
import dev.secrets4j.provider.docker.DockerSecretProvider;
import dev.secrets4j.provider.env.EnvSecretProvider;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The runnable secrets4j example. With no arguments it creates a development secrets folder
 * under {@code target/}, boots {@link Secrets} against it with the Docker and environment
 * providers and the catalog {@value #CATALOG}, prints the report, rotates one secret and prints
 * the change event, signs a JWT and verifies it across a rotation of the signing key, rotates a
 * webhook secret in an encrypted file store through the rotation engine, then shows a fail-fast
 * boot against a broken folder. With
 * {@code --secrets-dir DIR} it validates that folder against the catalog.
 *
 * <pre>{@code
 * java -jar examples/target/secrets4j-example.jar
 * java -jar examples/target/secrets4j-example.jar --secrets-dir /run/secrets
 * }</pre>
 *
 * <p>Nothing it prints contains a secret value: secrets are shown through their masked
 * {@code toString()}, problems through their value-free messages.
 */
public final class QuickstartExample {

    /** The catalog on the class path ({@code src/main/resources/secrets4j.yaml}). */
    public static final String CATALOG = "secrets4j.yaml";

    /** Success. */
    public static final int EXIT_OK = 0;
    /** The secrets are invalid, or the example could not complete. */
    public static final int EXIT_INVALID = 1;
    /** The command line is wrong. */
    public static final int EXIT_USAGE = 2;

    private QuickstartExample() {
    }

    /** Runs the example with the process's arguments and exits with its exit code. */
    public static void main(String[] args) {
        System.exit(run(args, System.out));
    }

    /**
     * Runs the example, printing to {@code out}, and returns the exit code: {@link #EXIT_OK},
     * {@link #EXIT_INVALID} or {@link #EXIT_USAGE}. Does not exit the JVM.
     */
    public static int run(String[] args, PrintStream out) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (Options.UsageException e) {
            out.println("error: " + e.getMessage());
            out.println(Options.USAGE);
            return EXIT_USAGE;
        }
        try {
            switch (options.mode()) {
                case HELP:
                    out.println(Options.USAGE);
                    return EXIT_OK;
                case VALIDATE:
                    return validate(options.secretsDir().orElseThrow(), out);
                default:
                    return quickstart(options.workDir(), out);
            }
        } catch (IOException e) {
            out.println("error: " + e + "; check that the folder is writable");
            return EXIT_INVALID;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            out.println("error: interrupted");
            return EXIT_INVALID;
        }
    }

    private static int quickstart(Path workDir, PrintStream out) throws IOException, InterruptedException {
        Path devFolder = workDir.resolve("target").resolve("dev-secrets");
        Path brokenFolder = workDir.resolve("target").resolve("dev-secrets-broken");
        DevSecrets dev = new DevSecrets(out);
        out.println("secrets4j quickstart example");
        out.println();
        out.println("1. Development secrets");
        dev.ensure(devFolder);
        out.println();
        out.println("2. Boot: Docker provider on " + devFolder + ", then environment variables; catalog classpath:" + CATALOG);
        try (Secrets secrets = boot(devFolder)) {
            SecretsReport.print(secrets, out);
            out.println();
            out.println("3. Rotation: onChange(\"" + DevSecrets.DB_PASSWORD + "\") and a new value for its file");
            if (!RotationDemo.run(secrets, dev, devFolder, out)) {
                return EXIT_INVALID;
            }
            out.println();
            out.println("4. JWT: a key ring on " + DevSecrets.JWT_PRIVATE_KEY + ", a token signed, the key rotated");
            if (!JwtDemo.run(secrets, dev, devFolder, out)) {
                return EXIT_INVALID;
            }
        } catch (SecretValidationException e) {
            out.println("   the development folder does not pass the catalog:");
            SecretsReport.printIndented(e.getMessage(), out);
            out.println("   delete " + devFolder + " to generate fresh secrets");
            return EXIT_INVALID;
        } catch (SecretsException e) {
            out.println("error: " + e.getMessage());
            return EXIT_INVALID;
        }
        out.println();
        out.println("5. Rotation engine: an encrypted file store, " + StoreRotationDemo.WEBHOOK_SECRET + " rotated by policy");
        try {
            if (!StoreRotationDemo.run(workDir.resolve("target").resolve("dev-store"), out)) {
                return EXIT_INVALID;
            }
        } catch (SecretsException e) {
            out.println("error: " + e.getMessage());
            return EXIT_INVALID;
        }
        out.println();
        out.println("6. Fail-fast: boot against a broken folder, Docker provider only");
        if (!FailFastDemo.run(dev, brokenFolder, out)) {
            return EXIT_INVALID;
        }
        out.println();
        out.println("Done. No secret value was printed. Check a folder of your own with --secrets-dir DIR.");
        return EXIT_OK;
    }

    private static int validate(Path folder, PrintStream out) {
        if (!Files.isDirectory(folder)) {
            out.println("error: --secrets-dir " + folder + " is not a folder; give the folder that holds one file per secret");
            return EXIT_USAGE;
        }
        out.println("Validating " + folder + " (then environment variables) against classpath:" + CATALOG);
        try (Secrets secrets = boot(folder)) {
            SecretsReport.print(secrets, out);
            out.println("valid: every required secret is present and passes its checks");
            return EXIT_OK;
        } catch (SecretValidationException e) {
            out.println(e.getMessage());
            return EXIT_INVALID;
        } catch (SecretsException e) {
            out.println("error: " + e.getMessage());
            return EXIT_INVALID;
        }
    }

    /** The boot every application does: files first, then the environment, checked against the catalog. */
    private static Secrets boot(Path folder) {
        return Secrets.builder()
                .provider(DockerSecretProvider.atPath(folder))
                .provider(EnvSecretProvider.create())
                .catalogFromClasspath(CATALOG)
                .build();
    }
}
