package dev.secrets4j.provider.file;

import dev.secrets4j.SecretProviderException;
import dev.secrets4j.spi.PutOptions;
import dev.secrets4j.spi.SecretRef;
import dev.secrets4j.testing.LeakCheck;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.fail;

/**
 * Two processes writing one store at once: this JVM and a second one ({@link WriterMain}, started
 * with this test's class path). The file lock serialises them: every write lands as its own
 * version, a compare-and-set race has exactly one winner, and a writer waits for (or times out
 * on) a lock another process holds.
 */
class ConcurrentWritersIT {

    private static final String MASTER = "canary-7f3a-it-master-secret";

    @TempDir
    static Path tmp;

    private static FileSecretProvider store;
    private static Child child;

    @RegisterExtension
    final LeakCheck leaks = LeakCheck.create();

    @BeforeAll
    static void start() throws IOException {
        Path folder = tmp.resolve("store");
        store = FileSecretProvider.builder().folder(folder).masterSecret(MASTER.toCharArray()).kdf(Kdf.argon2id())
                .lockTimeout(Duration.ofSeconds(30)).build();
        Path masterFile = Files.writeString(tmp.resolve("master"), MASTER);
        child = new Child(folder, masterFile);
        child.await("ready");
    }

    @AfterAll
    static void stop() throws InterruptedException {
        try {
            child.quit();
        } finally {
            store.close();
        }
    }

    @BeforeEach
    void registerCanaries() {
        leaks.canary(MASTER);
        leaks.canary("canary-7f3a-child-cas-value");
        IntStream.range(0, 40).forEach(i -> leaks.canary("canary-7f3a-child-value-" + i));
    }

    @AfterEach
    void checkTheChildsLog() {
        leaks.assertNoLeak(child.log());
    }

    @Test
    void puts_fromTwoProcessesAtOnce_allLandAsDistinctVersions() {
        child.send("put busy 40");
        List<String> mine = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            mine.add(store.put(ref("busy"), bytes(leaks.canary("canary-7f3a-it-parent-" + i)), PutOptions.none()).version());
        }
        List<String> theirs = Arrays.asList(child.await("versions").substring("versions ".length()).split(" "));

        assertThat(theirs).hasSize(40).doesNotContainAnyElementsOf(mine);
        List<String> all = new ArrayList<>(mine);
        all.addAll(theirs);
        assertThat(all).containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, 80).mapToObj(Integer::toString).toList());
        // A writer polling the lock starves behind one that writes in a loop: this one must get a turn meanwhile.
        assertThat(mine.stream().mapToInt(Integer::parseInt).min().orElseThrow())
                .as("first version this process wrote, while the other wrote %s", theirs)
                .isLessThan(theirs.stream().mapToInt(Integer::parseInt).max().orElseThrow());
        assertThat(store.versions(ref("busy"))).hasSize(80);
        assertThat(store.get(ref("busy")).orElseThrow().version()).isEqualTo("80");
    }

    @Test
    void compareAndSet_raceBetweenTwoProcesses_hasExactlyOneWinnerEveryRound() {
        store.put(ref("race"), bytes(leaks.canary("canary-7f3a-it-race-start")), PutOptions.none());
        byte[] value = bytes(leaks.canary("canary-7f3a-it-race-parent"));
        for (int round = 1; round <= 10; round++) {
            String current = store.get(ref("race")).orElseThrow().version();
            child.send("cas race " + current);
            boolean parentWon;
            try {
                store.put(ref("race"), value, PutOptions.expectVersion(current));
                parentWon = true;
            } catch (SecretProviderException e) {
                assertThat(e.isRetryable()).isFalse();
                parentWon = false;
            }
            String answer = child.await("won", "lost", "failed");
            assertThat(answer.startsWith("won")).as("round %d: child %s, parent won %s", round, answer, parentWon).isNotEqualTo(parentWon);
            assertThat(answer).isNotEqualTo("failed retryable");
        }
        assertThat(store.get(ref("race")).orElseThrow().version()).isEqualTo("11");
    }

    @Test
    void put_whileAnotherProcessHoldsTheLock_failsRetryableAfterItsTimeout_andWaitsWithALongerOne() throws Exception {
        store.put(ref("locked"), bytes(leaks.canary("canary-7f3a-it-locked-1")), PutOptions.none());
        child.send("hold");
        child.await("held");
        CompletableFuture<String> waiting;
        try (FileSecretProvider impatient = FileSecretProvider.builder().folder(tmp.resolve("store")).masterSecret(MASTER.toCharArray())
                .kdf(Kdf.argon2id()).lockTimeout(Duration.ofMillis(200)).build()) {
            SecretProviderException e = catchThrowableOfType(SecretProviderException.class,
                    () -> impatient.put(ref("locked"), bytes(leaks.canary("canary-7f3a-it-locked-2")), PutOptions.none()));

            assertThat(e.isRetryable()).isTrue();
            assertThat(e.getMessage()).contains("'locked'", "stayed locked by another writer for 200 ms", "store.lock");
            leaks.assertNoLeak(e);
            waiting = CompletableFuture.supplyAsync(
                    () -> store.put(ref("locked"), bytes(leaks.canary("canary-7f3a-it-locked-3")), PutOptions.none()).version());
        } finally {
            child.send("release");
            child.await("released");
        }

        assertThat(waiting.get(30, TimeUnit.SECONDS)).isEqualTo("2");
        assertThat(store.versions(ref("locked"))).hasSize(2);
    }

    private static SecretRef ref(String name) {
        return SecretRef.ofName(name);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The second JVM, with its answers in a queue and its other output kept for failure messages. */
    private static final class Child {
        private final Process process;
        private final PrintWriter stdin;
        private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();
        private final List<String> output = Collections.synchronizedList(new ArrayList<>());

        Child(Path folder, Path masterFile) throws IOException {
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            process = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                    WriterMain.class.getName(), folder.toString(), masterFile.toString())
                    .redirectErrorStream(true)
                    .start();
            stdin = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
            Thread reader = new Thread(this::drain, "writer-main-output");
            reader.setDaemon(true);
            reader.start();
        }

        /** What the child printed besides its answers: its log. */
        String log() {
            synchronized (output) {
                return String.join("\n", output);
            }
        }

        void send(String line) {
            stdin.println(line);
        }

        /** The next answer, which must start with one of {@code prefixes}. */
        String await(String... prefixes) {
            String answer;
            try {
                answer = answers.poll(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for the child", e);
            }
            if (answer == null) {
                fail("no answer from the child within 60 s (alive " + process.isAlive() + "); its output:\n" + String.join("\n", output));
            }
            if (Arrays.stream(prefixes).noneMatch(answer::startsWith)) {
                fail("the child answered '" + answer + "', expected " + Arrays.toString(prefixes) + "; its output:\n" + String.join("\n", output));
            }
            return answer;
        }

        void quit() throws InterruptedException {
            send("quit");
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }

        private void drain() {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    if (line.startsWith(WriterMain.ANSWER)) {
                        answers.add(line.substring(WriterMain.ANSWER.length()));
                    } else {
                        output.add(line);
                    }
                }
            } catch (IOException e) {
                output.add("(reading the child's output failed: " + e + ")");
            }
        }
    }
}
