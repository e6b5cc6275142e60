package dev.secrets4j.provider.file.rotation;

import dev.secrets4j.CachePolicy;
import dev.secrets4j.Keyset;
import dev.secrets4j.Secret;
import dev.secrets4j.SecretChange;
import dev.secrets4j.Secrets;
import dev.secrets4j.generate.SecretGenerator;
import dev.secrets4j.hmac.HmacSigner;
import dev.secrets4j.hmac.HmacVerifier;
import dev.secrets4j.hmac.WebhookScheme;
import dev.secrets4j.hmac.WebhookVerification;
import dev.secrets4j.hmac.WebhookVerificationException;
import dev.secrets4j.provider.file.FileSecretProvider;
import dev.secrets4j.provider.file.Kdf;
import dev.secrets4j.rotation.RotationPolicy;
import dev.secrets4j.rotation.RotationState;
import dev.secrets4j.rotation.RotationStrategy;
import dev.secrets4j.spi.PutOptions;
import dev.secrets4j.spi.SecretRef;
import dev.secrets4j.testing.FakeTime;
import dev.secrets4j.testing.InMemorySecretProvider;
import dev.secrets4j.testing.LeakCheck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The grace window of a webhook secret rotated STAGED in the encrypted file store: while it runs,
 * {@code versions(name)} holds the new and the previous value and the HMAC verifier accepts a
 * delivery signed with either; after it, only the current one. Two applications watch the secret
 * through their own providers: the one that rotates it (it notices at the promotion) and one that
 * only reads it (it notices at its next cache refresh); each gets exactly one {@link SecretChange}.
 */
class GraceWindowTest {

    private static final String NAME = "github_webhook_secret";
    private static final String MASTER = "canary-grace-master-secret-3d70";
    private static final Instant START = Instant.parse("2026-03-01T12:00:00Z");
    private static final Duration EVERY = Duration.ofDays(1);
    private static final Duration GRACE = Duration.ofHours(1);
    /** The readers' cache: refreshed at 0.8 of it, give or take a tenth, so within 5 minutes. */
    private static final Duration TTL = Duration.ofMinutes(5);

    @RegisterExtension
    final LeakCheck leaks = LeakCheck.create();

    @TempDir
    Path folder;

    private final FakeTime time = FakeTime.startingAt(START);
    private final String old = leaks.canary("canary-grace-old-value-0001");
    private final AtomicInteger made = new AtomicInteger();
    private final AtomicInteger deliveries = new AtomicInteger();
    private final List<AutoCloseable> open = new ArrayList<>();
    private final List<SecretChange> rotatingSaw = new CopyOnWriteArrayList<>();
    private final List<SecretChange> readingSaw = new CopyOnWriteArrayList<>();
    /** The application that rotates the secret. */
    private Secrets rotating;
    /** An application that only reads it, through its own provider on the same folder. */
    private Secrets reading;

    @BeforeEach
    void start() {
        leaks.canary(MASTER);
        try (FileSecretProvider setup = store()) {
            setup.put(SecretRef.ofName(NAME), old.getBytes(StandardCharsets.UTF_8), PutOptions.none());
        }
        SecretGenerator canaries = SecretGenerator.of("canary", random -> leaks.canary("canary-grace-new-value-"
                + made.incrementAndGet()).getBytes(StandardCharsets.UTF_8));
        rotating = keep(Secrets.builder().provider(keep(store())).clock(time.clock()).scheduler(time)
                .listenerExecutor(Runnable::run).cache(CachePolicy.ttl(TTL)).generator(canaries).rotationChecks(false)
                .rotate(NAME, RotationPolicy.every(EVERY).type("canary").strategy(RotationStrategy.STAGED).grace(GRACE))
                .build());
        reading = keep(Secrets.builder().provider(keep(store())).clock(time.clock()).scheduler(time)
                .listenerExecutor(Runnable::run).cache(CachePolicy.ttl(TTL)).require(NAME).build());
        rotating.onChange(NAME, rotatingSaw::add);
        reading.onChange(NAME, readingSaw::add);
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    @Test
    void stagedRotation_bothValuesVerifyThroughTheGrace_onlyTheCurrentAfter_andEachWatcherGetsOneChange() {
        HmacVerifier atRotating = verifier(rotating);
        HmacVerifier atReading = verifier(reading);
        HmacSigner oldSender = sender(old);
        assertThat(verify(atRotating, oldSender).state()).isEqualTo(Keyset.State.PRIMARY);
        assertThat(verify(atReading, oldSender).state()).isEqualTo(Keyset.State.PRIMARY);

        time.advance(EVERY);
        rotating.rotateDue();
        Instant promoted = time.now();

        assertThat(rotating.rotationStatus(NAME).state()).contains(RotationState.PROMOTED);
        String next = rotating.get(NAME).asString();
        assertThat(next).isNotEqualTo(old);
        HmacSigner newSender = sender(next);
        assertThat(values(rotating.versions(NAME))).containsExactly(next, old);
        assertThat(values(reading.versions(NAME))).as("versions() asks the store").containsExactly(next, old);
        assertThat(verify(atRotating, oldSender).usedPreviousSecret()).isTrue();
        assertThat(verify(atRotating, newSender).state()).isEqualTo(Keyset.State.PRIMARY);
        assertThat(rotatingSaw).singleElement().satisfies(c -> {
            assertThat(c.previous().asString()).isEqualTo(old);
            assertThat(c.current().asString()).isEqualTo(next);
        });

        // The reading application notices at its next cache refresh.
        time.advance(TTL);
        assertThat(readingSaw).singleElement().satisfies(c -> {
            assertThat(c.previous().asString()).isEqualTo(old);
            assertThat(c.current().asString()).isEqualTo(next);
        });
        assertThat(reading.get(NAME).asString()).isEqualTo(next);
        assertThat(verify(atReading, oldSender).state()).isEqualTo(Keyset.State.VERIFY_ONLY);
        assertThat(verify(atReading, newSender).state()).isEqualTo(Keyset.State.PRIMARY);

        time.advance(Duration.between(time.now(), promoted.plus(GRACE).minus(Duration.ofMinutes(1))));
        rotating.rotateDue(); // a minute before the end of the grace period: nothing to do yet
        assertThat(rotating.rotationStatus(NAME).state()).contains(RotationState.PROMOTED);
        assertThat(values(rotating.versions(NAME))).containsExactly(next, old);
        assertThat(verify(atRotating, oldSender).usedPreviousSecret()).isTrue();
        assertThat(verify(atReading, oldSender).usedPreviousSecret()).isTrue();

        time.advance(Duration.ofMinutes(1));
        rotating.rotateDue();

        assertThat(rotating.rotationStatus(NAME).state()).contains(RotationState.FINISHED);
        assertThat(values(rotating.versions(NAME))).containsExactly(next);
        assertThat(values(reading.versions(NAME))).containsExactly(next);
        assertRejected(atRotating, oldSender, "after the grace period, at the instance that rotated");
        assertThat(verify(atRotating, newSender).state()).isEqualTo(Keyset.State.PRIMARY);
        // The reading instance's verifier counts its grace from when it noticed, up to one refresh later.
        time.advance(TTL);
        assertRejected(atReading, oldSender, "after the grace period, at the instance that read it");
        assertThat(verify(atReading, newSender).state()).isEqualTo(Keyset.State.PRIMARY);

        // Retiring the previous version changed no current value: still one change each.
        time.advance(Duration.ofHours(2));
        assertThat(rotatingSaw).hasSize(1);
        assertThat(readingSaw).hasSize(1);
        leaks.assertNoLeak(rotating, reading, atRotating, atReading, rotatingSaw, readingSaw, rotating.rotationStatus(NAME));
    }

    /**
     * An emergency rotation (a leaked value) has no grace period: the store retires the previous
     * version at once, and a verifier following the secret must stop accepting it at once too.
     */
    @Test
    void rotateNow_hasNoGrace_soTheVerifierStopsAcceptingThePreviousValueAtOnce() {
        HmacVerifier atRotating = verifier(rotating);
        HmacSigner leakedSender = sender(old);
        assertThat(verify(atRotating, leakedSender).state()).isEqualTo(Keyset.State.PRIMARY);

        rotating.rotateNow(NAME); // the emergency: the previous value leaked

        assertThat(rotating.rotationStatus(NAME).state()).contains(RotationState.FINISHED);
        assertThat(values(rotating.versions(NAME))).containsExactly(rotating.get(NAME).asString());
        assertThat(rotatingSaw).hasSize(1);
        assertRejected(atRotating, leakedSender, "after an emergency rotation retired it");
    }

    private FileSecretProvider store() {
        return FileSecretProvider.builder().folder(folder).masterSecret(MASTER.toCharArray()).kdf(Kdf.argon2id())
                .clock(time.clock()).build();
    }

    private <T extends AutoCloseable> T keep(T closeable) {
        open.add(closeable);
        return closeable;
    }

    /** A verifier whose own grace is the rotation's, as an application configures it. */
    private HmacVerifier verifier(Secrets secrets) {
        return keep(HmacVerifier.builder(secrets, NAME).scheme(WebhookScheme.github()).grace(GRACE).clock(time.clock()).build());
    }

    /** A sender that holds {@code value}: it has not been told about a rotation, or has. */
    private HmacSigner sender(String value) {
        InMemorySecretProvider senderStore = InMemorySecretProvider.builder().id("sender").clock(time.clock()).build();
        senderStore.set(NAME, value);
        Secrets sender = keep(Secrets.builder().provider(senderStore).clock(time.clock()).scheduler(time).require(NAME).build());
        return keep(HmacSigner.builder(sender, NAME).scheme(WebhookScheme.github()).clock(time.clock()).build());
    }

    /** A fresh delivery (GitHub's scheme has no timestamp, so replays are told apart by body) and its headers. */
    private Delivery deliver(HmacSigner signer) {
        byte[] body = ("{\"delivery\":" + deliveries.incrementAndGet() + "}").getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = signer.sign(body);
        headers.values().forEach(leaks::canary); // a signature is as secret as what it proves
        return new Delivery(headers, body);
    }

    private record Delivery(Map<String, String> headers, byte[] body) {
    }

    private WebhookVerification verify(HmacVerifier verifier, HmacSigner signer) {
        Delivery d = deliver(signer);
        return verifier.verify(d.headers(), d.body());
    }

    private void assertRejected(HmacVerifier verifier, HmacSigner signer, String when) {
        Delivery d = deliver(signer);
        WebhookVerificationException e = catchThrowableOfType(WebhookVerificationException.class,
                () -> verifier.verify(d.headers(), d.body()));
        assertThat(e).as("a delivery signed with the previous value %s", when).isNotNull();
        assertThat(e.reason()).isEqualTo(WebhookVerificationException.Reason.BAD_SIGNATURE);
        leaks.assertNoLeak(e, verifier);
    }

    private static List<String> values(List<Secret> versions) {
        return versions.stream().map(Secret::asString).toList();
    }
}
