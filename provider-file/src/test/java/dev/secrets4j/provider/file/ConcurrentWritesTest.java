package dev.secrets4j.provider.file;

import dev.secrets4j.Secret;
import dev.secrets4j.SecretProviderException;
import dev.secrets4j.spi.PutOptions;
import dev.secrets4j.spi.SecretRef;
import dev.secrets4j.testing.LeakCheck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many threads of one JVM writing through two provider instances on the same folder: the JVM-wide
 * lock and the file lock together serialise them (the other-process case is {@code ConcurrentWritersIT}).
 */
class ConcurrentWritesTest {

    private static final String MASTER = "canary-7f3a-concurrent-master";

    @TempDir
    Path tmp;

    @RegisterExtension
    final LeakCheck leaks = LeakCheck.create();

    private ExecutorService pool;
    private FileSecretProvider a;
    private FileSecretProvider b;

    @BeforeEach
    void open() {
        leaks.canary(MASTER);
        pool = Executors.newFixedThreadPool(8);
        a = FileSecretProvider.builder().folder(tmp.resolve("store")).masterSecret(MASTER.toCharArray()).kdf(Kdf.argon2id()).build();
        b = FileSecretProvider.builder().folder(tmp.resolve("store")).masterSecret(MASTER.toCharArray()).kdf(Kdf.argon2id()).build();
    }

    @AfterEach
    void close() throws InterruptedException {
        pool.shutdownNow();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        a.close();
        b.close();
    }

    @Test
    void puts_fromManyThreadsAndTwoInstances_allLandAsDistinctVersions() throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<String>>> writers = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            FileSecretProvider target = t % 2 == 0 ? a : b;
            int thread = t;
            List<String> values = IntStream.range(0, 10)
                    .mapToObj(i -> leaks.canary("canary-7f3a-concurrent-" + thread + "-" + i)).toList();
            writers.add(pool.submit(() -> {
                start.await();
                List<String> versions = new ArrayList<>();
                for (String value : values) {
                    versions.add(target.put(SecretRef.ofName("busy"), value.getBytes(StandardCharsets.UTF_8), PutOptions.none()).version());
                }
                return versions;
            }));
        }
        start.countDown();

        List<String> all = new ArrayList<>();
        for (Future<List<String>> w : writers) {
            all.addAll(w.get(30, TimeUnit.SECONDS));
        }

        assertThat(all).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(
                IntStream.rangeClosed(1, 80).mapToObj(Integer::toString).toList());
        assertThat(a.versions(SecretRef.ofName("busy"))).hasSize(80).first().extracting(Secret::version).isEqualTo("80");
    }

    @Test
    void compareAndSet_raceOfEightWriters_hasExactlyOneWinner() throws Exception {
        a.put(SecretRef.ofName("race"), leaks.canary("canary-7f3a-concurrent-race-0".getBytes(StandardCharsets.UTF_8)), PutOptions.none());
        CountDownLatch start = new CountDownLatch(1);
        List<Future<String>> racers = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            FileSecretProvider target = t % 2 == 0 ? a : b;
            byte[] value = leaks.canary(("canary-7f3a-concurrent-racer-" + t).getBytes(StandardCharsets.UTF_8));
            Callable<String> racer = () -> {
                start.await();
                try {
                    return target.put(SecretRef.ofName("race"), value, PutOptions.expectVersion("1")).version();
                } catch (SecretProviderException e) {
                    assertThat(e.isRetryable()).isFalse();
                    return "lost";
                }
            };
            racers.add(pool.submit(racer));
        }
        start.countDown();

        List<String> outcomes = new ArrayList<>();
        for (Future<String> r : racers) {
            outcomes.add(r.get(30, TimeUnit.SECONDS));
        }

        assertThat(outcomes).containsOnlyOnce("2").filteredOn(o -> !o.equals("2")).containsOnly("lost");
        assertThat(b.get(SecretRef.ofName("race")).orElseThrow().version()).isEqualTo("2");
    }

    @Test
    void expectAbsent_raceOfEightCreators_hasExactlyOneWinner_andAnExistingSecretRefusesIt() throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<String>> racers = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            FileSecretProvider target = t % 2 == 0 ? a : b;
            byte[] value = leaks.canary(("canary-7f3a-concurrent-creator-" + t).getBytes(StandardCharsets.UTF_8));
            Callable<String> racer = () -> {
                start.await();
                try {
                    return target.put(SecretRef.ofName("claim"), value, PutOptions.expectAbsent()).version();
                } catch (SecretProviderException e) {
                    assertThat(e.isRetryable()).isFalse();
                    assertThat(e.getMessage()).contains("claim", "expected no current version");
                    return "lost";
                }
            };
            racers.add(pool.submit(racer));
        }
        start.countDown();

        List<String> outcomes = new ArrayList<>();
        for (Future<String> r : racers) {
            outcomes.add(r.get(30, TimeUnit.SECONDS));
        }

        assertThat(outcomes).containsOnlyOnce("1").filteredOn(o -> !o.equals("1")).containsOnly("lost");
    }

    @Test
    void build_ofOneNewFolderByFourThreadsAtOnce_createsOneStoreTheyAllShare() throws Exception {
        Path folder = tmp.resolve("fresh");
        CountDownLatch start = new CountDownLatch(1);
        List<Future<FileSecretProvider>> openers = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            byte[] value = leaks.canary(("canary-7f3a-concurrent-create-" + t).getBytes(StandardCharsets.UTF_8));
            String name = "from_" + t;
            openers.add(pool.submit(() -> {
                start.await();
                FileSecretProvider p = FileSecretProvider.builder().folder(folder).masterSecret(MASTER.toCharArray())
                        .kdf(Kdf.argon2id()).build();
                p.put(SecretRef.ofName(name), value, PutOptions.none());
                return p;
            }));
        }
        start.countDown();

        List<FileSecretProvider> opened = new ArrayList<>();
        try {
            for (Future<FileSecretProvider> o : openers) {
                opened.add(o.get(30, TimeUnit.SECONDS));
            }
            for (FileSecretProvider p : opened) {
                for (int t = 0; t < 4; t++) {
                    assertThat(p.get(SecretRef.ofName("from_" + t)).orElseThrow().asString()).isEqualTo("canary-7f3a-concurrent-create-" + t);
                }
            }
        } finally {
            opened.forEach(FileSecretProvider::close);
        }
    }
}
