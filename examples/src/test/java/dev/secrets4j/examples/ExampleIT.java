package dev.secrets4j.examples;

import dev.secrets4j.testing.LeakCheck;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the example in-process, as {@code java -jar} would, in a temporary working folder. The
 * first run generates the secrets (RSA 4096 takes seconds), so the tests share it: they run in
 * order and later ones use the folders it left behind.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExampleIT {

    @TempDir
    static Path work;

    private static Run firstRun;

    @RegisterExtension
    final LeakCheck leaks = LeakCheck.create();

    @Test
    @Order(1)
    void run_withNoArguments_generatesBootsRotatesAndFailsFastWithoutPrintingAValue() throws IOException {
        Run run = firstRun();
        registerCanaries(run.valuesAfter());

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output())
                .contains("created DB_PASSWORD", "created JWT_PRIVATE_KEY", "created API_KEY")
                .contains("4 secrets checked, no problems")
                .contains("Secret[DB_PASSWORD v", "Secret[JWT_PRIVATE_KEY v", "Secret[API_KEY v")
                .contains("listener received a SecretChange")
                .containsPattern("previous +Secret\\[DB_PASSWORD v\\w+ from docker: \\*\\*\\*\\*]")
                .containsPattern("current +Secret\\[DB_PASSWORD v\\w+ from docker: \\*\\*\\*\\*]")
                .containsPattern("cause +(WATCH|REFRESH|MANUAL)")
                .containsPattern("signed a token for sub=user-42 with kid [A-Za-z0-9_-]{43} ")
                .containsPattern("[A-Za-z0-9_-]{43}  PRIMARY  RSA 4096  JWT_PRIVATE_KEY v")
                .containsPattern("[A-Za-z0-9_-]{43}  VERIFY_ONLY  RSA 4096  JWT_PRIVATE_KEY v")
                .contains("the token signed before the rotation still verifies (grace period): sub=user-42 role=admin")
                .contains("publishes 2 public keys")
                .contains("a token for another audience is refused: WRONG_AUDIENCE")
                .contains("opened the encrypted store", "dry run (writes nothing)", "WEBHOOK_SECRET")
                .containsPattern("rotateNow \\(an emergency rotation: no grace period\\) -> FINISHED, attempt 1")
                .containsPattern("listener received a SecretChange: Secret\\[WEBHOOK_SECRET v\\d+ from file: \\*\\*\\*\\*] -> "
                        + "Secret\\[WEBHOOK_SECRET v\\d+ from file: \\*\\*\\*\\*]")
                .contains("versions now 1")
                .doesNotContain("eyJ") // no JWT (header {"...) is ever printed
                .contains("build() threw SecretValidationException")
                .containsPattern("DB_PASSWORD +missing")
                .containsPattern("JWT_PRIVATE_KEY +RSA key has 1024 bits, need 4096");
        assertThat(changeVersions(run.output())).hasSize(2).doesNotHaveDuplicates();
        assertNoValueIn(run.output(), run.valuesAfter());
    }

    @Test
    @Order(2)
    void run_withNoArguments_writesEverySecretFileOwnerOnly() throws IOException {
        firstRun();
        for (Path folder : List.of(devFolder(), brokenFolder())) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(folder))).as(folder.toString())
                    .isEqualTo("rwx------");
            try (var files = Files.list(folder)) {
                List<Path> all = files.toList();
                assertThat(all).as("files in " + folder).isNotEmpty();
                for (Path file : all) {
                    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).as(file.toString())
                            .isEqualTo("rw-------");
                }
            }
        }
        assertThat(devFolder().resolve("DB_PASSWORD")).content(StandardCharsets.US_ASCII).hasSize(32)
                .matches("[" + SecretGenerator.ALPHABET + "]{32}");
        assertThat(devFolder().resolve("JWT_PRIVATE_KEY")).content(StandardCharsets.US_ASCII)
                .startsWith("-----BEGIN PRIVATE KEY-----\n").endsWith("-----END PRIVATE KEY-----\n");
        assertThat(brokenFolder().resolve("DB_PASSWORD")).doesNotExist();
    }

    @Test
    @Order(3)
    void run_again_reusesTheFolderAndPrintsNeitherOldNorNewPassword() throws IOException {
        firstRun();
        List<String> before = registerCanaries(secretValues());

        Run second = run("--work-dir", work.toString());
        List<String> after = registerCanaries(secretValues());

        assertThat(second.exitCode()).as(second.output()).isZero();
        assertThat(second.output()).contains("reused  DB_PASSWORD", "listener received a SecretChange");
        assertThat(Files.readString(devFolder().resolve("DB_PASSWORD"))).isNotEqualTo(before.get(0));
        assertNoValueIn(second.output(), before);
        assertNoValueIn(second.output(), after);
    }

    @Test
    @Order(4)
    void run_withSecretsDirOfBrokenFolder_exitsOneWithEveryProblem() throws IOException {
        firstRun();
        List<String> values = registerCanaries(secretValues());

        Run run = run("--secrets-dir", brokenFolder().toString());

        assertThat(run.exitCode()).as(run.output()).isEqualTo(QuickstartExample.EXIT_INVALID);
        assertThat(run.output())
                .contains("secrets4j: 2 problems")
                .containsPattern("DB_PASSWORD +missing")
                .containsPattern("JWT_PRIVATE_KEY +RSA key has 1024 bits, need 4096")
                .contains("fix or create the secrets listed above");
        assertNoValueIn(run.output(), values);
    }

    @Test
    @Order(5)
    void run_withSecretsDirOfGoodFolder_exitsZeroWithTheReport() throws IOException {
        firstRun();
        List<String> values = registerCanaries(secretValues());

        Run run = run("--secrets-dir", devFolder().toString());

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("no problems", "Secret[JWT_PRIVATE_KEY v", "valid:");
        assertNoValueIn(run.output(), values);
    }

    @Test
    @Order(6)
    void run_withBadArguments_exitsTwoWithTheUsage() {
        Run unknown = run("--frobnicate");
        Run missingValue = run("--secrets-dir");
        Run notAFolder = run("--secrets-dir", work.resolve("no-such-folder").toString());

        assertThat(unknown.exitCode()).isEqualTo(QuickstartExample.EXIT_USAGE);
        assertThat(unknown.output()).contains("unknown argument '--frobnicate'", "usage:");
        assertThat(missingValue.exitCode()).isEqualTo(QuickstartExample.EXIT_USAGE);
        assertThat(missingValue.output()).contains("--secrets-dir needs a folder");
        assertThat(notAFolder.exitCode()).isEqualTo(QuickstartExample.EXIT_USAGE);
        assertThat(notAFolder.output()).contains("is not a folder");
        assertThat(run("--help").output()).contains("usage:", "--secrets-dir DIR");
    }

    private static synchronized Run firstRun() throws IOException {
        if (firstRun == null) {
            Run run = run("--work-dir", work.toString());
            firstRun = new Run(run.exitCode(), run.output(), secretValues());
        }
        return firstRun;
    }

    private static Run run(String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int code;
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            code = QuickstartExample.run(args, out);
        }
        return new Run(code, bytes.toString(StandardCharsets.UTF_8), List.of());
    }

    /** Every secret value on disk now: DB_PASSWORD first, then whole files and each PEM body line. */
    private static List<String> secretValues() throws IOException {
        List<String> values = new ArrayList<>();
        for (Path folder : List.of(devFolder(), brokenFolder())) {
            for (String name : List.of("DB_PASSWORD", "API_KEY", "JWT_PRIVATE_KEY")) {
                Path file = folder.resolve(name);
                if (!Files.exists(file)) {
                    continue;
                }
                String content = Files.readString(file, StandardCharsets.US_ASCII);
                values.add(content);
                content.lines().filter(line -> !line.startsWith("-----") && line.length() >= 16).forEach(values::add);
            }
        }
        // The rotated webhook secret and the store's master secret, read back through the store.
        Path master = work.resolve("target/dev-store.master");
        if (Files.exists(master)) {
            String masterSecret = Files.readString(master, StandardCharsets.US_ASCII);
            values.add(masterSecret);
            try (dev.secrets4j.provider.file.FileSecretProvider store = dev.secrets4j.provider.file.FileSecretProvider.builder()
                    .folder(work.resolve("target/dev-store")).masterSecret(masterSecret.toCharArray()).build()) {
                store.versions(dev.secrets4j.spi.SecretRef.ofName("WEBHOOK_SECRET")).forEach(v -> values.add(v.asString()));
            }
        }
        return values;
    }

    private List<String> registerCanaries(List<String> values) {
        values.forEach(leaks::canary);
        return values;
    }

    private void assertNoValueIn(String output, List<String> values) {
        assertThat(values).isNotEmpty();
        for (int i = 0; i < values.size(); i++) {
            assertThat(output.contains(values.get(i))).as("secret value #%d appears in the output", i + 1).isFalse();
        }
        leaks.assertNoLeak(output);
    }

    /** The versions on the previous and current lines of the printed change. */
    private static List<String> changeVersions(String output) {
        return output.lines().filter(l -> l.trim().startsWith("previous ") || l.trim().startsWith("current "))
                .map(l -> l.replaceAll(".*Secret\\[DB_PASSWORD v(\\w+) .*", "$1")).toList();
    }

    private static Path devFolder() {
        return work.resolve("target/dev-secrets");
    }

    private static Path brokenFolder() {
        return work.resolve("target/dev-secrets-broken");
    }

    /** One in-process run: exit code, everything printed, and the secret files' values right after it. */
    private record Run(int exitCode, String output, List<String> valuesAfter) {
    }
}
