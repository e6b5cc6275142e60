package dev.secrets4j.provider.file;

import dev.secrets4j.SecretProviderException;
import dev.secrets4j.spi.PutOptions;
import dev.secrets4j.spi.SecretRef;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The second process of {@link ConcurrentWritersIT}: opens the store named by its arguments
 * (folder, file holding the master secret) and obeys commands read line by line from stdin,
 * answering on stdout with lines that start with {@code @@ } (other lines are logging):
 * <ul>
 *   <li>{@code put <name> <count>}: writes {@code count} versions, answers {@code versions 3 5 8 ...}</li>
 *   <li>{@code cas <name> <expected>}: one compare-and-set write, answers {@code won <version>} or {@code lost}</li>
 *   <li>{@code hold}: takes the store's lock file directly, answers {@code held}, and keeps it until the
 *       next line arrives, then answers {@code released}</li>
 *   <li>{@code quit}: answers {@code bye} and exits</li>
 * </ul>
 */
final class WriterMain {

    /** The prefix of every answer. */
    static final String ANSWER = "@@ ";

    private WriterMain() {
    }

    public static void main(String[] args) throws Exception {
        Path folder = Path.of(args[0]);
        byte[] master = Files.readAllBytes(Path.of(args[1]));
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try (FileSecretProvider store = FileSecretProvider.builder().folder(folder).masterSecret(master)
                .kdf(Kdf.argon2id()).create(false).lockTimeout(Duration.ofSeconds(30)).build()) {
            answer("ready");
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String[] command = line.split(" ");
                switch (command[0]) {
                    case "put" -> answer("versions " + String.join(" ", put(store, command[1], Integer.parseInt(command[2]))));
                    case "cas" -> answer(cas(store, command[1], command[2]));
                    case "hold" -> {
                        try (FileChannel channel = FileChannel.open(folder.resolve("store.lock"), StandardOpenOption.WRITE)) {
                            FileLock lock = channel.lock();
                            answer("held");
                            in.readLine();
                            lock.release();
                        }
                        answer("released");
                    }
                    case "quit" -> {
                        answer("bye");
                        return;
                    }
                    default -> answer("unknown command " + command[0]);
                }
            }
        }
    }

    private static List<String> put(FileSecretProvider store, String name, int count) {
        List<String> versions = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] value = ("canary-7f3a-child-value-" + i).getBytes(StandardCharsets.UTF_8);
            versions.add(store.put(SecretRef.ofName(name), value, PutOptions.none()).version());
        }
        return versions;
    }

    private static String cas(FileSecretProvider store, String name, String expected) {
        byte[] value = "canary-7f3a-child-cas-value".getBytes(StandardCharsets.UTF_8);
        try {
            return "won " + store.put(SecretRef.ofName(name), value, PutOptions.expectVersion(expected)).version();
        } catch (SecretProviderException e) {
            return e.isRetryable() ? "failed retryable" : "lost";
        }
    }

    private static void answer(String line) {
        System.out.println(ANSWER + line);
        System.out.flush();
    }
}
