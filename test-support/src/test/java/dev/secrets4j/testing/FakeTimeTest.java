package dev.secrets4j.testing;

import dev.secrets4j.Subscription;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class FakeTimeTest {

    private static final Instant START = Instant.parse("2025-01-01T00:00:00Z");

    private final FakeTime time = FakeTime.startingAt(START);

    @Test
    void clock_readsFakeTimeAndMovesOnlyWhenAdvanced() {
        assertThat(time.clock().instant()).isEqualTo(START);
        assertThat(time.now()).isEqualTo(START);
        time.advance(Duration.ofSeconds(90));
        assertThat(time.clock().instant()).isEqualTo(START.plusSeconds(90));
        assertThat(time.clock().millis()).isEqualTo(START.plusSeconds(90).toEpochMilli());
        assertThat(time.clock().withZone(ZoneId.of("Europe/Paris")).instant()).isEqualTo(START.plusSeconds(90));
    }

    @Test
    void advance_runsDueTasksInTimeOrderThenSchedulingOrder() {
        List<String> ran = new ArrayList<>();
        time.schedule(() -> ran.add("c@3s"), Duration.ofSeconds(3));
        time.schedule(() -> ran.add("a@1s"), Duration.ofSeconds(1));
        time.schedule(() -> ran.add("b1@2s"), Duration.ofSeconds(2));
        time.schedule(() -> ran.add("b2@2s"), Duration.ofSeconds(2));
        time.schedule(() -> ran.add("d@10s"), Duration.ofSeconds(10));

        time.advance(Duration.ofSeconds(5));

        assertThat(ran).containsExactly("a@1s", "b1@2s", "b2@2s", "c@3s");
        assertThat(time.now()).isEqualTo(START.plusSeconds(5));
        assertThat(time.pendingTasks()).isEqualTo(1);
        assertThat(time.nextTaskIn()).contains(Duration.ofSeconds(5));
    }

    @Test
    void advance_whileTaskRuns_clockReadsItsDueTime() {
        List<Instant> seen = new ArrayList<>();
        time.schedule(() -> seen.add(time.clock().instant()), Duration.ofMinutes(4));
        time.advance(Duration.ofMinutes(5));
        assertThat(seen).containsExactly(START.plus(Duration.ofMinutes(4)));
    }

    @Test
    void advance_runsTasksScheduledByTasksWhenDueWithinTheStep() {
        AtomicInteger runs = new AtomicInteger();
        Runnable[] refresh = new Runnable[1];
        refresh[0] = () -> {
            runs.incrementAndGet();
            time.schedule(refresh[0], Duration.ofMinutes(1));
        };
        time.schedule(refresh[0], Duration.ofMinutes(1));

        time.advance(Duration.ofMinutes(3).plusSeconds(30));

        assertThat(runs).hasValue(3);
        assertThat(time.pendingTasks()).isEqualTo(1);
        assertThat(time.nextTaskIn()).contains(Duration.ofSeconds(30));
    }

    @Test
    void schedule_withZeroOrNegativeDelay_runsAtNextAdvanceEvenByZero() {
        AtomicInteger runs = new AtomicInteger();
        time.schedule(runs::incrementAndGet, Duration.ZERO);
        time.schedule(runs::incrementAndGet, Duration.ofSeconds(-5));
        assertThat(runs).hasValue(0);
        assertThat(time.nextTaskIn()).contains(Duration.ZERO);

        time.advance(Duration.ZERO);

        assertThat(runs).hasValue(2);
        assertThat(time.now()).isEqualTo(START);
    }

    @Test
    void cancel_beforeDue_taskNeverRunsAndCancellingTwiceIsHarmless() {
        AtomicInteger runs = new AtomicInteger();
        Subscription s = time.schedule(runs::incrementAndGet, Duration.ofSeconds(1));
        s.cancel();
        s.cancel();
        time.advance(Duration.ofHours(1));
        assertThat(runs).hasValue(0);
        assertThat(time.pendingTasks()).isZero();
        assertThat(time.nextTaskIn()).isEmpty();
    }

    @Test
    void cancel_byAnEarlierTask_laterTaskDueInSameStepNeverRuns() {
        AtomicInteger runs = new AtomicInteger();
        Subscription later = time.schedule(runs::incrementAndGet, Duration.ofSeconds(2));
        time.schedule(later::cancel, Duration.ofSeconds(1));
        time.advance(Duration.ofSeconds(3));
        assertThat(runs).hasValue(0);
    }

    @Test
    void advance_whenTasksThrow_runsTheRestReachesTargetAndRethrowsFirst() {
        List<String> ran = new ArrayList<>();
        time.schedule(() -> {
            throw new IllegalStateException("first");
        }, Duration.ofSeconds(1));
        time.schedule(() -> ran.add("after"), Duration.ofSeconds(2));
        time.schedule(() -> {
            throw new IllegalArgumentException("second");
        }, Duration.ofSeconds(3));

        IllegalStateException e = catchThrowableOfType(IllegalStateException.class, () -> time.advance(Duration.ofSeconds(10)));

        assertThat(e).hasMessage("first");
        assertThat(e.getSuppressed()).singleElement().satisfies(s -> assertThat(s).hasMessage("second"));
        assertThat(ran).containsExactly("after");
        assertThat(time.now()).isEqualTo(START.plusSeconds(10));
    }

    @Test
    void advance_withNegativeStep_throwsNamingTheStep() {
        assertThatIllegalArgumentException().isThrownBy(() -> time.advance(Duration.ofSeconds(-1)))
                .withMessageContaining("PT-1S");
    }

    @Test
    void schedule_fromManyThreadsAtOnce_losesNoTask() throws Exception {
        int threads = 8;
        int perThread = 500;
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Subscription> cancelled = Collections.synchronizedList(new ArrayList<>());
        try {
            for (int t = 0; t < threads; t++) {
                pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        Subscription s = time.schedule(runs::incrementAndGet, Duration.ofMillis(i));
                        if (i % 10 == 0) {
                            s.cancel();
                            cancelled.add(s);
                        }
                    }
                    return null;
                });
            }
            start.countDown();
            pool.shutdown();
            assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            pool.shutdownNow();
        }
        int expected = threads * perThread - cancelled.size();
        assertThat(time.pendingTasks()).isEqualTo(expected);

        time.advance(Duration.ofSeconds(1));

        assertThat(runs).hasValue(expected);
        assertThat(time.pendingTasks()).isZero();
    }

    @Test
    void toString_showsTimeAndPendingCount() {
        time.schedule(() -> { }, Duration.ofSeconds(1));
        assertThat(time).hasToString("FakeTime[2025-01-01T00:00:00Z, 1 pending]");
    }
}
