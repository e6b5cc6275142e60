package dev.secrets4j.examples;

import dev.secrets4j.Secret;
import dev.secrets4j.Secrets;
import dev.secrets4j.SecretsException;

import java.io.PrintStream;
import java.util.Optional;

/**
 * Prints what a booted {@link Secrets} holds: the validation report, then one line per declared
 * secret with its masked {@code toString()} (name, version, provider) and its length. Never a value.
 */
final class SecretsReport {

    private static final String INDENT = "   ";

    private SecretsReport() {
    }

    /** Prints the boot report and one line per declared secret. */
    static void print(Secrets secrets, PrintStream out) {
        printIndented(secrets.bootReport().format(), out);
        int width = secrets.declaredNames().stream().mapToInt(String::length).max().orElse(0);
        for (String name : secrets.declaredNames()) {
            out.println(INDENT + pad(name, width) + "  " + describe(secrets, name));
        }
    }

    /** Prints multi-line text with every line indented like the rest of the output. */
    static void printIndented(String text, PrintStream out) {
        text.lines().forEach(line -> out.println(INDENT + line));
    }

    private static String describe(Secrets secrets, String name) {
        try {
            Optional<Secret> secret = secrets.find(name);
            return secret.map(s -> s + "  " + s.length() + " bytes")
                    .orElse("not set (optional; a file " + name + " or the variable " + name + " would supply it)");
        } catch (SecretsException e) {
            return "cannot read: " + e.getMessage();
        }
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }
}
