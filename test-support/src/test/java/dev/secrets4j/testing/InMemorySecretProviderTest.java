package dev.secrets4j.testing;

import dev.secrets4j.Secret;
import dev.secrets4j.SecretProviderException;
import dev.secrets4j.Subscription;
import dev.secrets4j.spi.Capability;
import dev.secrets4j.spi.Lookup;
import dev.secrets4j.spi.ProviderHealth;
import dev.secrets4j.spi.PutOptions;
import dev.secrets4j.spi.SecretProvider;
import dev.secrets4j.spi.SecretRef;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

/** The contract, then what the in-memory provider adds: versions, CAS, watches, faults, counters. */
class InMemorySecretProviderTest extends SecretProviderContractTest {

    private static final SecretRef ALPHA = SecretRef.ofName("alpha");

    private final InMemorySecretProvider memory = InMemorySecretProvider.create();

    @Override
    protected SecretProvider createProvider(Map<String, String> secrets) {
        InMemorySecretProvider provider = InMemorySecretProvider.create();
        secrets.forEach(provider::set);
        return provider;
    }

    @Override
    protected Set<Capability> expectedCapabilities() {
        return EnumSet.of(Capability.READ, Capability.VERSIONS, Capability.BATCH, Capability.WRITE, Capability.WATCH,
                Capability.STAGES);
    }

    // ---- versions ------------------------------------------------------------------------------

    @Test
    void set_eachTime_makesTheNextVersionAndGetReturnsTheLatest() {
        assertThat(memory.set("alpha", leaks.canary("canary-7f3a-alpha-one")).version()).isEqualTo("1");
        assertThat(memory.set("alpha", leaks.canary("canary-7f3a-alpha-two")).version()).isEqualTo("2");
        Secret current = memory.get(ALPHA).orElseThrow();
        assertThat(current.version()).isEqualTo("2");
        assertThat(current.asString()).isEqualTo("canary-7f3a-alpha-two");
        assertThat(current.providerId()).isEqualTo("memory");
        leaks.assertNoLeak(current, memory, memory.health());
    }

    @Test
    void versions_giveCurrentThenKeptPreviousNewestFirst() {
        for (int keep : new int[] {0, 1, 5}) {
            InMemorySecretProvider p = InMemorySecretProvider.builder().keepVersions(keep).build();
            p.set("alpha", "canary-7f3a-v1");
            p.set("alpha", "canary-7f3a-v2");
            p.set("alpha", "canary-7f3a-v3");
            List<String> expected = List.of("3", "2", "1").subList(0, Math.min(3, keep + 1));
            assertThat(p.versions(ALPHA)).as("keepVersions(%d)", keep).extracting(Secret::version).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void getVersion_ofAnOlderVersion_returnsItsValueAndUnknownIsEmpty() {
        memory.set("alpha", leaks.canary("canary-7f3a-old-value"));
        memory.set("alpha", leaks.canary("canary-7f3a-new-value"));
        assertThat(memory.get(ALPHA, "1").orElseThrow().asString()).isEqualTo("canary-7f3a-old-value");
        assertThat(memory.get(ALPHA, "3")).isEmpty();
    }

    @Test
    void remove_thenSetAgain_forgetsOldVersionsButNeverReusesANumber() {
        memory.set("alpha", "canary-7f3a-first");
        memory.set("alpha", "canary-7f3a-second");
        memory.remove("alpha");
        memory.remove("alpha");
        assertThat(memory.get(ALPHA)).isEmpty();
        assertThat(memory.versions(ALPHA)).isEmpty();
        assertThat(memory.get(ALPHA, "1")).isEmpty();

        assertThat(memory.set("alpha", "canary-7f3a-third").version()).isEqualTo("3");
    }

    @Test
    void set_stampsCreatedAtFromTheClockAndKeepsMetadataAndCopiesBytes() {
        FakeTime time = FakeTime.startingAt(Instant.parse("2025-03-01T10:00:00Z"));
        InMemorySecretProvider p = InMemorySecretProvider.builder().clock(time.clock()).build();
        byte[] value = leaks.canary("canary-7f3a-bytes".getBytes(StandardCharsets.UTF_8));
        p.set("alpha", value);
        value[0] = 'X';
        time.advance(Duration.ofMinutes(1));
        p.set("beta", "canary-7f3a-beta", Map.of("owner", "team-a"));

        Secret alpha = p.get(ALPHA).orElseThrow();
        Secret beta = p.get(SecretRef.ofName("beta")).orElseThrow();
        assertThat(alpha.asString()).isEqualTo("canary-7f3a-bytes");
        assertThat(alpha.createdAt()).contains(Instant.parse("2025-03-01T10:00:00Z"));
        assertThat(beta.createdAt()).contains(Instant.parse("2025-03-01T10:01:00Z"));
        assertThat(beta.metadata()).containsEntry("owner", "team-a");
    }

    @Test
    void set_fromManyThreads_givesEveryWriteItsOwnVersion() throws Exception {
        int threads = 8;
        int perThread = 100;
        Set<String> versions = ConcurrentHashMap.newKeySet();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        versions.add(memory.set("alpha", "canary-7f3a-concurrent").version());
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(versions).hasSize(threads * perThread);
        assertThat(memory.get(ALPHA).orElseThrow().version()).isEqualTo(Integer.toString(threads * perThread));
    }

    // ---- compare-and-set -----------------------------------------------------------------------

    @Test
    void put_withTheCurrentVersionExpected_writesTheNextVersion() {
        memory.set("alpha", leaks.canary("canary-7f3a-before-put"));
        byte[] next = leaks.canary("canary-7f3a-after-put".getBytes(StandardCharsets.UTF_8));

        Secret written = memory.put(ALPHA, next, new PutOptions(java.util.Optional.of("1"), Map.of("by", "rotation")));

        assertThat(written.version()).isEqualTo("2");
        assertThat(memory.get(ALPHA).orElseThrow().asString()).isEqualTo("canary-7f3a-after-put");
        assertThat(memory.get(ALPHA).orElseThrow().metadata()).containsEntry("by", "rotation");
        assertThat(memory.writeCalls()).isEqualTo(1);
        assertThat(memory.calls()).isEqualTo(2);
    }

    @Test
    void put_withAStaleExpectedVersion_throwsPermanentNamingSecretAndBothVersions() {
        memory.set("alpha", leaks.canary("canary-7f3a-cas-one"));
        memory.set("alpha", leaks.canary("canary-7f3a-cas-two"));
        byte[] value = leaks.canary("canary-7f3a-cas-lost".getBytes(StandardCharsets.UTF_8));

        SecretProviderException e = catchThrowableOfType(SecretProviderException.class,
                () -> memory.put(ALPHA, value, PutOptions.expectVersion("1")));

        assertThat(e.isRetryable()).isFalse();
        assertThat(e.secretName()).contains("alpha");
        assertThat(e.providerId()).isEqualTo("memory");
        assertThat(e.getMessage()).contains("'alpha'", "memory", "expected current version 1", "current version is 2");
        assertThat(memory.get(ALPHA).orElseThrow().version()).isEqualTo("2");
        leaks.assertNoLeak(e);
    }

    @Test
    void put_expectingAVersionOfAnAbsentSecret_throwsSayingItDoesNotExist() {
        SecretProviderException e = catchThrowableOfType(SecretProviderException.class,
                () -> memory.put(ALPHA, "canary-7f3a-nothing".getBytes(StandardCharsets.UTF_8), PutOptions.expectVersion("1")));
        assertThat(e.getMessage()).contains("does not exist");
        assertThat(memory.get(ALPHA)).isEmpty();
    }

    @Test
    void put_racingWithTheSameExpectedVersion_exactlyOneWins() throws Exception {
        memory.set("alpha", "canary-7f3a-race-base");
        int racers = 8;
        CountDownLatch start = new CountDownLatch(1);
        AtomicInteger wins = new AtomicInteger();
        AtomicInteger conflicts = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < racers; i++) {
                done.add(pool.submit(() -> {
                    start.await();
                    try {
                        memory.put(ALPHA, "canary-7f3a-race-win".getBytes(StandardCharsets.UTF_8), PutOptions.expectVersion("1"));
                        wins.incrementAndGet();
                    } catch (SecretProviderException e) {
                        conflicts.incrementAndGet();
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(wins).hasValue(1);
        assertThat(conflicts).hasValue(racers - 1);
        assertThat(memory.get(ALPHA).orElseThrow().version()).isEqualTo("2");
    }

    // ---- watches -------------------------------------------------------------------------------

    @Test
    void set_andRemove_notifyWatchersOfThatNameOnlyUntilCancelled() {
        List<SecretRef> alphaSeen = new CopyOnWriteArrayList<>();
        List<SecretRef> betaSeen = new CopyOnWriteArrayList<>();
        SecretRef qualified = SecretRef.parse("memory:alpha");
        Subscription s = memory.watch(qualified, alphaSeen::add);
        memory.watch(SecretRef.ofName("beta"), betaSeen::add);

        memory.set("alpha", "canary-7f3a-watched");
        memory.remove("alpha");
        assertThat(memory.watchers("alpha")).isEqualTo(1);
        s.cancel();
        s.cancel();
        memory.set("alpha", "canary-7f3a-unwatched");

        assertThat(alphaSeen).containsExactly(qualified, qualified);
        assertThat(betaSeen).isEmpty();
        assertThat(memory.watchers("alpha")).isZero();
    }

    @Test
    void set_whenAWatcherThrows_othersStillRunAndOneWarningNamesTheSecret() {
        AtomicInteger second = new AtomicInteger();
        memory.watch(ALPHA, r -> {
            throw new IllegalStateException("listener broke");
        });
        memory.watch(ALPHA, r -> second.incrementAndGet());

        memory.set("alpha", leaks.canary("canary-7f3a-watch-throws"));

        assertThat(second).hasValue(1);
        assertThat(leaks.capturedLines()).filteredOn(l -> l.startsWith("WARN "))
                .singleElement().asString().contains("'alpha'").contains("'memory'");
    }

    @Test
    void close_dropsWatchesAndIsVisible() {
        AtomicInteger seen = new AtomicInteger();
        memory.watch(ALPHA, r -> seen.incrementAndGet());
        memory.close();
        memory.close();
        memory.set("alpha", "canary-7f3a-after-close");
        assertThat(seen).hasValue(0);
        assertThat(memory.isClosed()).isTrue();
        assertThat(memory.get(ALPHA)).isPresent();
    }

    // ---- failure injection ---------------------------------------------------------------------

    @Test
    void failWith_aName_failsOnlyCallsForThatName() {
        memory.set("alpha", leaks.canary("canary-7f3a-failing"));
        memory.set("beta", leaks.canary("canary-7f3a-healthy"));
        SecretProviderException denied = SecretProviderException.permanent("memory", "alpha", "access to 'alpha' denied in memory", null);
        memory.failWith("alpha", denied);

        assertThat(catchThrowableOfType(SecretProviderException.class, () -> memory.get(ALPHA))).isSameAs(denied);
        assertThat(catchThrowableOfType(SecretProviderException.class, () -> memory.versions(ALPHA))).isSameAs(denied);
        assertThat(catchThrowableOfType(SecretProviderException.class, () -> memory.get(ALPHA, "1"))).isSameAs(denied);
        assertThat(catchThrowableOfType(SecretProviderException.class,
                () -> memory.put(ALPHA, new byte[8], PutOptions.none()))).isSameAs(denied);
        Map<SecretRef, Lookup> batch = memory.getAll(List.of(ALPHA, SecretRef.ofName("beta")));
        assertThat(batch.get(ALPHA)).isEqualTo(Lookup.failed(denied));
        assertThat(batch.get(SecretRef.ofName("beta"))).isInstanceOf(Lookup.Found.class);
        assertThat(memory.health().status()).isEqualTo(ProviderHealth.Status.UP);
        assertThat(memory.calls("alpha")).isEqualTo(4);

        memory.clearFailures();
        assertThat(memory.get(ALPHA)).isPresent();
    }

    @Test
    void failWith_null_failsEveryCallIncludingTheWholeBatchUntilCleared() {
        memory.set("alpha", "canary-7f3a-outage");
        SecretProviderException outage = SecretProviderException.retryable("memory", null, "memory unreachable (injected)", null);
        memory.failWith(null, outage);

        assertThat(catchThrowableOfType(SecretProviderException.class, () -> memory.get(ALPHA))).isSameAs(outage);
        assertThat(catchThrowableOfType(SecretProviderException.class, () -> memory.getAll(List.of(ALPHA)))).isSameAs(outage);
        assertThat(memory.health().status()).isEqualTo(ProviderHealth.Status.DOWN);
        assertThat(memory.calls()).isEqualTo(2);

        memory.clearFailures();
        assertThat(memory.get(ALPHA)).isPresent();
        assertThat(memory.health().status()).isEqualTo(ProviderHealth.Status.UP);
    }

    @Test
    void hangUntil_blocksCallsUntilTheLatchOpens() throws Exception {
        memory.set("alpha", leaks.canary("canary-7f3a-hung"));
        CountDownLatch open = new CountDownLatch(1);
        memory.hangUntil(open);
        ExecutorService caller = Executors.newSingleThreadExecutor();
        try {
            Future<Secret> call = caller.submit(() -> memory.get(ALPHA).orElseThrow());
            await().atMost(Duration.ofSeconds(10)).until(() -> memory.hangingCalls() == 1);
            assertThat(call).isNotDone();
            assertThat(memory.health().status()).isEqualTo(ProviderHealth.Status.DEGRADED);

            open.countDown();

            assertThat(call.get(10, TimeUnit.SECONDS).asString()).isEqualTo("canary-7f3a-hung");
            assertThat(memory.hangingCalls()).isZero();
            assertThat(memory.get(ALPHA)).isPresent();
        } finally {
            caller.shutdownNow();
        }
    }

    @Test
    void resume_releasesBlockedCallsAndLetsNewOnesThrough() throws Exception {
        memory.set("alpha", "canary-7f3a-resumed");
        memory.hangUntil(new CountDownLatch(1));
        ExecutorService caller = Executors.newSingleThreadExecutor();
        try {
            Future<?> call = caller.submit(() -> memory.get(ALPHA));
            await().atMost(Duration.ofSeconds(10)).until(() -> memory.hangingCalls() == 1);

            memory.resume();

            call.get(10, TimeUnit.SECONDS);
            assertThat(memory.get(ALPHA)).isPresent();
            assertThat(memory.health().status()).isEqualTo(ProviderHealth.Status.UP);
        } finally {
            caller.shutdownNow();
        }
    }

    @Test
    void hangUntil_whenCallerIsInterrupted_throwsRetryableAndKeepsTheFlag() throws Exception {
        memory.hangUntil(new CountDownLatch(1));
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicReference<Boolean> flag = new AtomicReference<>();
        Thread caller = new Thread(() -> {
            try {
                memory.get(ALPHA);
            } catch (RuntimeException e) {
                thrown.set(e);
                flag.set(Thread.currentThread().isInterrupted());
            }
        });
        caller.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> memory.hangingCalls() == 1);

        caller.interrupt();
        caller.join(10_000);

        assertThat(thrown.get()).isInstanceOf(SecretProviderException.class).hasMessageContaining("interrupted");
        assertThat(((SecretProviderException) thrown.get()).isRetryable()).isTrue();
        assertThat(flag.get()).isTrue();
        memory.resume();
    }

    @Test
    void latency_makesEachBackendCallTakeAtLeastThatLong() {
        InMemorySecretProvider slow = InMemorySecretProvider.builder().latency(Duration.ofMillis(80)).build();
        slow.set("alpha", "canary-7f3a-slow");
        long start = System.nanoTime();
        slow.get(ALPHA);
        slow.getAll(List.of(ALPHA, SecretRef.ofName("beta")));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(160));
    }

    // ---- counters and capabilities -------------------------------------------------------------

    @Test
    void counters_countEachBackendReadOnceAndBatchesOncePerBatch() {
        memory.set("alpha", "canary-7f3a-counted");
        memory.get(ALPHA);
        memory.get(ALPHA, "1");
        memory.versions(ALPHA);
        memory.getAll(List.of(ALPHA, SecretRef.ofName("beta"), SecretRef.ofName("gamma")));

        assertThat(memory.calls()).isEqualTo(4);
        assertThat(memory.calls("alpha")).isEqualTo(4);
        assertThat(memory.calls("beta")).isEqualTo(1);
        assertThat(memory.calls("never")).isZero();
        assertThat(memory.batchCalls()).isEqualTo(1);

        memory.resetCounts();
        assertThat(memory.calls()).isZero();
        assertThat(memory.calls("alpha")).isZero();
        assertThat(memory.batchCalls()).isZero();
    }

    @Test
    void builder_withoutBatchAndVersions_posesAsASimplerProvider() {
        InMemorySecretProvider simple = InMemorySecretProvider.builder().id("vaultish")
                .capabilities(EnumSet.of(Capability.READ)).build();
        simple.set("alpha", "canary-7f3a-simple-1");
        simple.set("alpha", "canary-7f3a-simple-2");

        simple.getAll(List.of(ALPHA, SecretRef.ofName("beta"), SecretRef.ofName("gamma")));
        assertThat(simple.calls()).isEqualTo(3);
        assertThat(simple.batchCalls()).isZero();
        assertThat(simple.versions(ALPHA)).extracting(Secret::version).containsExactly("2");
        assertThat(catchThrowableOfType(SecretProviderException.class, () -> simple.get(ALPHA, "1")))
                .hasMessageContaining("'vaultish' does not support reading a version");
        assertThat(simple.get(ALPHA).orElseThrow().providerId()).isEqualTo("vaultish");
    }

    @Test
    void builder_rejectsBadSettingsNamingThem() {
        assertThatIllegalArgumentException().isThrownBy(() -> InMemorySecretProvider.builder().capabilities(EnumSet.of(Capability.BATCH)))
                .withMessageContaining("must contain READ");
        assertThatIllegalArgumentException().isThrownBy(() -> InMemorySecretProvider.builder()
                        .capabilities(EnumSet.of(Capability.READ, Capability.FIELDS)))
                .withMessageContaining("FIELDS");
        assertThatIllegalArgumentException().isThrownBy(() -> InMemorySecretProvider.builder().latency(Duration.ofMillis(-1)))
                .withMessageContaining("latency").withMessageContaining("PT-0.001S");
        assertThatIllegalArgumentException().isThrownBy(() -> InMemorySecretProvider.builder().keepVersions(-1))
                .withMessageContaining("keepVersions").withMessageContaining("-1");
        assertThatIllegalArgumentException().isThrownBy(() -> InMemorySecretProvider.builder().id("Not An Id"))
                .withMessageContaining("'Not An Id'");
        assertThatIllegalArgumentException().isThrownBy(() -> memory.set(" ", "canary-7f3a-blank"))
                .withMessageContaining("name");
    }
}
