package dev.secrets4j.provider.docker;

import dev.secrets4j.SecretFormatException;
import dev.secrets4j.SecretProviderException;
import dev.secrets4j.Subscription;
import dev.secrets4j.spi.SecretRef;
import dev.secrets4j.spi.WatchListener;
import dev.secrets4j.testing.LeakCheck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Change detection on real folders: Kubernetes ..data swaps, plain rewrites, watch service and polling. */
class DockerSecretProviderWatchTest {

    private static final Duration PATIENCE = Duration.ofSeconds(15);
    private static final Duration FAST_POLL = Duration.ofMillis(20);

    @RegisterExtension
    final LeakCheck leaks = LeakCheck.create();

    @TempDir
    Path tmp;

    private Path folder;
    private String dbPassword;
    private String apiKey;
    private final List<DockerSecretProvider> providers = new ArrayList<>();

    @BeforeEach
    void setUp() {
        folder = tmp.resolve("secrets");
        dbPassword = leaks.canary("canary-7f3a-db-password");
        apiKey = leaks.canary("canary-7f3a-api-key-value");
    }

    @AfterEach
    void closeProviders() {
        providers.forEach(DockerSecretProvider::close);
    }

    @Test
    void watch_whenKubernetesSwapChangesOneOfTwoSecrets_watchServiceSignalsExactlyThatOne() throws IOException {
        KubernetesVolume volume = KubernetesVolume.create(folder, Map.of("db_password", dbPassword, "api_key", apiKey));
        // A poll interval far beyond the test: only watch-service events can drive the scans.
        DockerSecretProvider provider = track(DockerSecretProvider.builder().paths(folder).pollInterval(Duration.ofHours(1)).build());
        Recorder recorder = new Recorder();
        provider.watch(ref("db_password"), recorder);
        provider.watch(ref("api_key"), recorder);
        assertThat(provider.usesWatchService()).isTrue();

        String rotated = leaks.canary("canary-7f3a-db-password-rotated");
        volume.swap(Map.of("db_password", rotated, "api_key", apiKey));

        await().atMost(PATIENCE).until(() -> !recorder.signals.isEmpty());
        long seen = provider.scans();
        AtomicInteger touches = new AtomicInteger();
        await().atMost(PATIENCE).until(() -> {
            Files.writeString(folder.resolve("..touch-" + touches.incrementAndGet()), "x");
            return provider.scans() >= seen + 2;
        });
        assertThat(recorder.signals).containsExactly(ref("db_password"));
        assertThat(recorder.threads).containsOnly("secrets4j-docker-watch-1");
        assertThat(provider.get(ref("db_password")).orElseThrow().asString()).isEqualTo(rotated);
    }

    @Test
    void watch_whenKubernetesSwapChangesOneOfTwoSecrets_pollingSignalsExactlyThatOne() throws IOException {
        KubernetesVolume volume = KubernetesVolume.create(folder, Map.of("db_password", dbPassword, "api_key", apiKey));
        DockerSecretProvider provider = track(polling());
        Recorder recorder = new Recorder();
        provider.watch(ref("db_password"), recorder);
        provider.watch(ref("API_KEY"), recorder);
        assertThat(provider.usesWatchService()).isFalse();

        String rotated = leaks.canary("canary-7f3a-api-key-rotated");
        volume.swap(Map.of("db_password", dbPassword, "api_key", rotated));

        await().atMost(PATIENCE).until(() -> !recorder.signals.isEmpty());
        awaitTwoMoreScans(provider);
        assertThat(recorder.signals).containsExactly(ref("API_KEY"));
    }

    @Test
    void get_duringRepeatedKubernetesSwaps_neverSeesAHalfWrittenValue() throws Exception {
        List<String> generations = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            generations.add(leaks.canary("canary-7f3a-generation-" + i + "-" + "x".repeat(64 * 1024)));
        }
        KubernetesVolume volume = KubernetesVolume.create(folder, Map.of("db_password", generations.get(0)));
        DockerSecretProvider provider = track(DockerSecretProvider.atPath(folder));
        Set<String> allowed = Set.copyOf(generations);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger reads = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicInteger torn = new AtomicInteger();
        Thread reader = new Thread(() -> {
            try {
                while (!stop.get()) {
                    String value = provider.get(ref("db_password")).orElseThrow().asString();
                    if (!allowed.contains(value)) {
                        torn.incrementAndGet();
                    }
                    reads.incrementAndGet();
                }
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "test-reader");
        reader.start();
        try {
            for (int i = 1; i < generations.size(); i++) {
                int before = reads.get();
                volume.swap(Map.of("db_password", generations.get(i)));
                await().atMost(PATIENCE).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(2))
                        .until(() -> reads.get() > before || failure.get() != null);
            }
        } finally {
            stop.set(true);
            reader.join(PATIENCE.toMillis());
        }
        assertThat(failure.get()).isNull();
        assertThat(torn.get()).isZero();
        assertThat(reads.get()).isGreaterThanOrEqualTo(generations.size() - 1);
        assertThat(provider.get(ref("db_password")).orElseThrow().asString()).isEqualTo(generations.get(generations.size() - 1));
    }

    @Test
    void watch_whenPlainFileRewritten_signals() throws IOException {
        Files.createDirectories(folder);
        write("db_password", dbPassword);
        DockerSecretProvider provider = track(polling());
        Recorder recorder = new Recorder();
        provider.watch(ref("db_password"), recorder);
        write("db_password", leaks.canary("canary-7f3a-db-password-rotated"));
        await().atMost(PATIENCE).until(() -> recorder.signals.size() == 1);
        awaitTwoMoreScans(provider);
        assertThat(recorder.signals).hasSize(1);
    }

    @Test
    void watch_whenRewrittenWithSameContent_doesNotSignal() throws IOException {
        Files.createDirectories(folder);
        write("db_password", dbPassword);
        DockerSecretProvider provider = track(polling());
        Recorder recorder = new Recorder();
        provider.watch(ref("db_password"), recorder);
        write("db_password", dbPassword);
        awaitTwoMoreScans(provider);
        assertThat(recorder.signals).isEmpty();
    }

    @Test
    void watch_whenFileAppearsThenDisappears_signalsEachTime() throws IOException {
        Files.createDirectories(folder);
        DockerSecretProvider provider = track(DockerSecretProvider.builder().paths(folder).pollInterval(FAST_POLL).build());
        Recorder recorder = new Recorder();
        provider.watch(ref("db_password"), recorder);
        write("db_password", dbPassword);
        await().atMost(PATIENCE).until(() -> recorder.signals.size() == 1);
        Files.delete(folder.resolve("db_password"));
        await().atMost(PATIENCE).until(() -> recorder.signals.size() == 2);
        assertThat(provider.get(ref("db_password"))).isEmpty();
    }

    @Test
    void watch_whenBaseFolderCreatedLater_picksItUp() throws IOException {
        DockerSecretProvider provider = track(DockerSecretProvider.builder().paths(folder).pollInterval(FAST_POLL).build());
        Recorder recorder = new Recorder();
        provider.watch(ref("db_password"), recorder);
        Files.createDirectories(folder);
        write("db_password", dbPassword);
        await().atMost(PATIENCE).until(() -> recorder.signals.size() == 1);
    }

    @Test
    void watch_whenFileGrowsPastTheLimit_signalsAndTheReadFails() throws IOException {
        Files.createDirectories(folder);
        write("db_password", dbPassword);
        DockerSecretProvider provider = track(DockerSecretProvider.builder().paths(folder).maxFileSize(64)
                .watchService(false).pollInterval(FAST_POLL).build());
        Recorder recorder = new Recorder();
        provider.watch(ref("db_password"), recorder);
        write("db_password", dbPassword.repeat(4));
        await().atMost(PATIENCE).until(() -> recorder.signals.size() == 1);
        assertThatThrownBy(() -> provider.get(ref("db_password")))
                .isInstanceOf(SecretProviderException.class).hasMessageContaining("limit of 64 bytes");
    }

    @Test
    void cancel_stopsSignals() throws IOException {
        Files.createDirectories(folder);
        write("db_password", dbPassword);
        DockerSecretProvider provider = track(polling());
        Recorder recorder = new Recorder();
        Subscription subscription = provider.watch(ref("db_password"), recorder);
        subscription.cancel();
        write("db_password", leaks.canary("canary-7f3a-db-password-rotated"));
        awaitTwoMoreScans(provider);
        assertThat(recorder.signals).isEmpty();
    }

    @Test
    void watch_whenOneListenerThrows_othersStillHearAndTheFailureIsLoggedWithoutValue() throws IOException {
        Files.createDirectories(folder);
        write("db_password", dbPassword);
        DockerSecretProvider provider = track(polling());
        Recorder recorder = new Recorder();
        provider.watch(ref("db_password"), r -> {
            throw new IllegalStateException("listener broke");
        });
        provider.watch(ref("db_password"), recorder);
        write("db_password", leaks.canary("canary-7f3a-db-password-rotated"));
        await().atMost(PATIENCE).until(() -> recorder.signals.size() == 1);
        assertThat(leaks.capturedLines()).anySatisfy(line -> assertThat(line).startsWith("WARN").contains("db_password", "IllegalStateException"));
    }

    @Test
    void watchThread_startsOnFirstWatch_andStopsOnClose() throws IOException {
        Files.createDirectories(folder);
        DockerSecretProvider provider = track(polling());
        assertThat(provider.watching()).isFalse();
        provider.watch(ref("db_password"), new Recorder());
        assertThat(provider.watching()).isTrue();
        provider.close();
        assertThat(provider.watching()).isFalse();
        assertThatThrownBy(() -> provider.watch(ref("db_password"), new Recorder()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void watch_whenHostileName_throwsFormatException() {
        DockerSecretProvider provider = track(polling());
        assertThatThrownBy(() -> provider.watch(ref("../etc/passwd"), new Recorder()))
                .isInstanceOf(SecretFormatException.class).hasMessageContaining("docker");
        assertThat(provider.watching()).isFalse();
    }

    private DockerSecretProvider polling() {
        return DockerSecretProvider.builder().paths(folder).watchService(false).pollInterval(FAST_POLL).build();
    }

    /** Waits until two more scans have completed, so at least one ran entirely after this call. */
    private static void awaitTwoMoreScans(DockerSecretProvider provider) {
        long seen = provider.scans();
        await().atMost(PATIENCE).until(() -> provider.scans() >= seen + 2);
    }

    private DockerSecretProvider track(DockerSecretProvider provider) {
        providers.add(provider);
        return provider;
    }

    /** Writes the way a careful operator does: a temporary file renamed over the old one, so no scan sees it half-written. */
    private void write(String name, String content) throws IOException {
        Path tmpFile = Files.writeString(folder.resolve(".tmp-" + name), content, StandardCharsets.UTF_8);
        Files.move(tmpFile, folder.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static SecretRef ref(String name) {
        return SecretRef.ofName(name);
    }

    /** Records each signal and the thread it came on. */
    private static final class Recorder implements WatchListener {
        final List<SecretRef> signals = new CopyOnWriteArrayList<>();
        final Set<String> threads = ConcurrentHashMap.newKeySet();

        @Override
        public void changed(SecretRef ref) {
            threads.add(Thread.currentThread().getName());
            signals.add(ref);
        }
    }
}
