package dev.secrets4j.hmac.internal;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.secrets4j.hmac.internal.ReplayCache.Outcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The replay cache: remembers until expiry, refuses or evicts when full, and says so once. */
class ReplayCacheTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration WINDOW = Duration.ofMinutes(5);

    private final Logger logger = (Logger) LoggerFactory.getLogger(ReplayCache.class);
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

    @BeforeEach
    void attach() {
        logs.start();
        logger.addAppender(logs);
    }

    @AfterEach
    void detach() {
        logger.detachAppender(logs);
    }

    private static byte[] fp(int n) {
        return new byte[] {(byte) n, 1, 2, 3};
    }

    private List<String> lines() {
        return logs.list.stream().map(e -> e.getLevel() + " " + e.getFormattedMessage()).toList();
    }

    @Test
    void record_sameFingerprintTwice_isReplayed_untilItExpires() {
        ReplayCache cache = new ReplayCache(10, false, "secret 'S' (scheme github)", WINDOW);
        Instant expiry = T0.plus(WINDOW);

        assertThat(cache.record(fp(1), expiry, T0)).isEqualTo(Outcome.ACCEPTED);
        assertThat(cache.record(fp(1), expiry, T0.plusSeconds(1))).isEqualTo(Outcome.REPLAYED);
        assertThat(cache.record(fp(1), expiry, expiry)).as("an entry lives through its expiry instant")
                .isEqualTo(Outcome.REPLAYED);
        assertThat(cache.record(fp(1), expiry.plus(WINDOW), expiry.plusMillis(1))).isEqualTo(Outcome.ACCEPTED);
        assertThat(cache.size()).isEqualTo(1);
    }

    @Test
    void record_copiesTheFingerprint_soLaterChangesToTheArrayDoNotMatter() {
        ReplayCache cache = new ReplayCache(10, false, "x", WINDOW);
        byte[] fingerprint = fp(1);
        cache.record(fingerprint, T0.plus(WINDOW), T0);
        fingerprint[0] = 9;

        assertThat(cache.record(fp(1), T0.plus(WINDOW), T0)).isEqualTo(Outcome.REPLAYED);
        assertThat(cache.record(fp(9), T0.plus(WINDOW), T0)).isEqualTo(Outcome.ACCEPTED);
    }

    @Test
    void record_whenFullAndRejecting_refuses_warnsOnce_andInfosWhenRoomReturns() {
        ReplayCache cache = new ReplayCache(2, false, "secret 'S' (scheme github)", WINDOW);
        cache.record(fp(1), T0.plusSeconds(10), T0);
        cache.record(fp(2), T0.plusSeconds(20), T0);

        assertThat(cache.record(fp(3), T0.plusSeconds(30), T0)).isEqualTo(Outcome.FULL);
        assertThat(cache.record(fp(4), T0.plusSeconds(30), T0)).isEqualTo(Outcome.FULL);
        assertThat(cache.record(fp(1), T0.plusSeconds(30), T0)).as("a replay is still a replay").isEqualTo(Outcome.REPLAYED);
        assertThat(lines()).filteredOn(l -> l.startsWith("WARN")).singleElement().asString()
                .contains("secret 'S' (scheme github)", "is full", "REPLAY_CACHE_FULL", "raise replayCacheSize");

        assertThat(cache.record(fp(3), T0.plusSeconds(40), T0.plusSeconds(11))).isEqualTo(Outcome.ACCEPTED);
        assertThat(lines()).filteredOn(l -> l.startsWith("INFO")).singleElement().asString().contains("room again");
    }

    @Test
    void record_whenFullAndEvicting_forgetsTheEntryClosestToExpiry_andWarnsOnce() {
        ReplayCache cache = new ReplayCache(2, true, "secret 'S' (scheme github)", WINDOW);
        cache.record(fp(1), T0.plusSeconds(20), T0);
        cache.record(fp(2), T0.plusSeconds(10), T0);

        assertThat(cache.record(fp(3), T0.plusSeconds(30), T0)).isEqualTo(Outcome.ACCEPTED);
        assertThat(cache.record(fp(4), T0.plusSeconds(30), T0)).isEqualTo(Outcome.ACCEPTED);

        assertThat(cache.size()).isEqualTo(2);
        assertThat(cache.record(fp(3), T0.plusSeconds(30), T0)).isEqualTo(Outcome.REPLAYED);
        assertThat(cache.record(fp(2), T0.plusSeconds(30), T0)).as("evicted first: the documented replay hole")
                .isEqualTo(Outcome.ACCEPTED);
        assertThat(lines()).filteredOn(l -> l.startsWith("WARN")).singleElement().asString()
                .contains("forgetting the deliveries closest to expiry", "would pass");
    }

    @Test
    void create_refusesCapacityBelowOne() {
        assertThatThrownBy(() -> new ReplayCache(0, false, "x", WINDOW)).hasMessageContaining("replayCacheSize");
    }

    @Test
    void toString_showsFillAndPolicy() {
        ReplayCache cache = new ReplayCache(5, true, "x", WINDOW);
        cache.record(fp(1), T0.plus(WINDOW), T0);

        assertThat(cache).hasToString("ReplayCache[1/5, evicts when full]");
    }
}
