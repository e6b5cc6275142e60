package dev.secrets4j.examples;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The example's command line: what to do and where.
 *
 * @param mode       the quickstart tour, validation of one folder, or help
 * @param workDir    the folder relative paths start from (the working directory by default)
 * @param secretsDir the folder to validate, for {@link Mode#VALIDATE}
 */
record Options(Mode mode, Path workDir, Optional<Path> secretsDir) {

    /** What the example does. */
    enum Mode {
        /** Generate a development folder, boot, rotate, fail fast. */
        QUICKSTART,
        /** Validate {@code --secrets-dir} against the catalog. */
        VALIDATE,
        /** Print the usage. */
        HELP
    }

    /** The usage text printed by {@code --help} and after a usage error. */
    static final String USAGE = String.join(System.lineSeparator(),
            "usage: java -jar secrets4j-example.jar [--secrets-dir DIR] [--work-dir DIR] [--help]",
            "",
            "  (no option)        create target/dev-secrets (a 32-character DB_PASSWORD, an RSA 4096",
            "                     JWT_PRIVATE_KEY, an API_KEY; files mode 0600) unless it exists, boot",
            "                     against it, rotate DB_PASSWORD, then show a fail-fast boot",
            "  --secrets-dir DIR  validate the secret files in DIR (plus environment variables) against",
            "                     the catalog; exit 0 when valid, 1 with the problem list when not",
            "  --work-dir DIR     resolve target/ and a relative --secrets-dir against DIR instead of",
            "                     the current folder",
            "  --help             print this text",
            "",
            "exit codes: 0 success, 1 secrets invalid or the example failed, 2 bad usage");

    /**
     * Parses the arguments.
     *
     * @throws UsageException naming the argument that is wrong
     */
    static Options parse(String[] args) throws UsageException {
        Mode mode = Mode.QUICKSTART;
        Path workDir = Path.of("");
        Path secretsDir = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--help", "-h" -> mode = Mode.HELP;
                case "--secrets-dir" -> {
                    secretsDir = Path.of(valueOf(args, ++i, arg));
                    if (mode != Mode.HELP) {
                        mode = Mode.VALIDATE;
                    }
                }
                case "--work-dir" -> workDir = Path.of(valueOf(args, ++i, arg));
                default -> throw new UsageException("unknown argument '" + arg + "'");
            }
        }
        Path base = workDir.toAbsolutePath().normalize();
        return new Options(mode, base, Optional.ofNullable(secretsDir).map(d -> base.resolve(d).normalize()));
    }

    private static String valueOf(String[] args, int index, String option) throws UsageException {
        if (index >= args.length || args[index].startsWith("--")) {
            throw new UsageException(option + " needs a folder, as in " + option + " /run/secrets");
        }
        return args[index];
    }

    /** A command line the example cannot run; the message says which argument is wrong. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }
}
