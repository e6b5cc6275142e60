package dev.secrets4j.hmac;

import dev.secrets4j.Keyset;
import dev.secrets4j.Secrets;
import dev.secrets4j.hmac.WebhookVerificationException.Reason;
import dev.secrets4j.testing.FakeTime;
import dev.secrets4j.testing.InMemorySecretProvider;
import dev.secrets4j.testing.LeakCheck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static dev.secrets4j.hmac.Rejections.rejected;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rotation: the receiver rotates its secret while a sender still signs with the previous one. The
 * previous secret verifies during the grace period and fails after it; a signer switches to the new
 * secret, at once or after its pending period.
 */
class HmacRotationTest {

    private static final String NAME = "GITHUB_WEBHOOK_SECRET";

    @RegisterExtension
    final LeakCheck leaks = LeakCheck.create();

    private final String v1 = leaks.canary("canary-rotation-old-1111");
    private final String v2 = leaks.canary("canary-rotation-new-2222");
    private final FakeTime time = FakeTime.startingAt(Instant.parse("2026-03-01T12:00:00Z"));
    private final InMemorySecretProvider receiverStore = InMemorySecretProvider.builder().clock(time.clock()).build();
    private final InMemorySecretProvider senderStore = InMemorySecretProvider.builder().clock(time.clock()).build();
    private Secrets receiver;
    private Secrets sender;

    @BeforeEach
    void boot() {
        receiverStore.set(NAME, v1);
        senderStore.set(NAME, v1);
        receiver = secrets(receiverStore);
        sender = secrets(senderStore);
    }

    @AfterEach
    void shutdown() {
        receiver.close();
        sender.close();
    }

    private Secrets secrets(InMemorySecretProvider store) {
        return Secrets.builder().provider(store).require(NAME).listenerExecutor(Runnable::run)
                .clock(time.clock()).scheduler(time).build();
    }

    private void rotate(InMemorySecretProvider store, Secrets secrets, String value) {
        store.set(NAME, value);
        secrets.refresh(NAME);
    }

    private static byte[] delivery(int n) {
        return ("{\"delivery\":" + n + "}").getBytes(StandardCharsets.UTF_8);
    }

    private Map<String, String> signed(HmacSigner signer, byte[] body) {
        Map<String, String> headers = signer.sign(body);
        headers.forEach((h, v) -> {
            if (!h.contains("Timestamp")) {
                leaks.canary(v);
            }
        });
        return headers;
    }

    @Test
    void previousSecret_verifiesDuringGrace_warnsOncePerVersion_andFailsAfterGrace() {
        try (HmacVerifier verifier = HmacVerifier.builder(receiver, NAME).scheme(WebhookScheme.github())
                .grace(Duration.ofHours(1)).clock(time.clock()).build();
             HmacSigner oldSender = HmacSigner.builder(sender, NAME).scheme(WebhookScheme.github()).clock(time.clock()).build()) {
            rotate(receiverStore, receiver, v2);

            WebhookVerification first = verifier.verify(signed(oldSender, delivery(1)), delivery(1));
            time.advance(Duration.ofMinutes(59));
            WebhookVerification second = verifier.verify(signed(oldSender, delivery(2)), delivery(2));

            assertThat(first.version()).isEqualTo("1");
            assertThat(first.state()).isEqualTo(Keyset.State.VERIFY_ONLY);
            assertThat(first.usedPreviousSecret()).isTrue();
            assertThat(second.usedPreviousSecret()).isTrue();
            assertThat(leaks.capturedLines()).filteredOn(l -> l.startsWith("WARN ")).singleElement().asString()
                    .contains("'" + NAME + "'", "version 1", "2026-03-01T13:00:00Z", "give the sender the current secret");

            time.advance(Duration.ofMinutes(1));
            WebhookVerificationException e = rejected(leaks, verifier, signed(oldSender, delivery(3)), delivery(3),
                    Reason.BAD_SIGNATURE);
            assertThat(e.getMessage()).contains("none of the 1 live version(s) of the secret (2)");
        }
    }

    @Test
    void newSecret_verifiesAsPrimary_asSoonAsTheReceiverRotates() {
        try (HmacVerifier verifier = HmacVerifier.builder(receiver, NAME).scheme(WebhookScheme.slack()).clock(time.clock()).build();
             HmacSigner signer = HmacSigner.builder(sender, NAME).scheme(WebhookScheme.slack()).clock(time.clock()).build()) {
            rotate(receiverStore, receiver, v2);
            rotate(senderStore, sender, v2);

            WebhookVerification ok = verifier.verify(signed(signer, delivery(1)), delivery(1));

            assertThat(ok.version()).isEqualTo("2");
            assertThat(ok.state()).isEqualTo(Keyset.State.PRIMARY);
            assertThat(verifier.toString()).contains("2 PRIMARY", "1 VERIFY_ONLY");
        }
    }

    @Test
    void signer_switchesToTheNewSecret_onRotation() {
        try (HmacSigner signer = HmacSigner.builder(sender, NAME).scheme(WebhookScheme.github()).clock(time.clock()).build();
             HmacVerifier onlyOld = HmacVerifier.builder(receiver, NAME).scheme(WebhookScheme.github()).clock(time.clock()).build()) {
            Map<String, String> before = signed(signer, delivery(1));
            rotate(senderStore, sender, v2);
            Map<String, String> after = signed(signer, delivery(1));

            assertThat(signer.signingVersion()).isEqualTo("2");
            assertThat(after).isNotEqualTo(before);
            assertThat(onlyOld.verify(before, delivery(1)).version()).isEqualTo("1");
            rejected(leaks, onlyOld, after, delivery(1), Reason.BAD_SIGNATURE);
        }
    }

    @Test
    void signer_withPendingPeriod_keepsTheOldSecretUntilItEnds() {
        try (HmacSigner signer = HmacSigner.builder(sender, NAME).scheme(WebhookScheme.stripe())
                .pending(Duration.ofMinutes(30)).clock(time.clock()).build()) {
            rotate(senderStore, sender, v2);

            assertThat(signer.signingVersion()).isEqualTo("1");
            time.advance(Duration.ofMinutes(30));
            assertThat(signer.signingVersion()).isEqualTo("2");
        }
    }

    @Test
    void stripeRoll_aHeaderSignedWithOldAndNewSecret_verifiesOnEitherSide() {
        try (HmacSigner oldSigner = HmacSigner.builder(sender, NAME).scheme(WebhookScheme.stripe()).clock(time.clock()).build()) {
            String withOld = signed(oldSigner, delivery(7)).get("Stripe-Signature");
            rotate(senderStore, sender, v2);
            String withNew = signed(oldSigner, delivery(7)).get("Stripe-Signature");
            // What Stripe sends while an endpoint secret is rolled: one timestamp, one v1 per secret.
            String both = withOld + withNew.substring(withNew.indexOf(','));

            try (HmacVerifier knowsOld = HmacVerifier.builder(receiver, NAME).scheme(WebhookScheme.stripe()).clock(time.clock()).build()) {
                assertThat(knowsOld.verify(Map.of("Stripe-Signature", both), delivery(7)).version()).isEqualTo("1");
            }
            rotate(receiverStore, receiver, v2);
            try (HmacVerifier knowsNew = HmacVerifier.builder(receiver, NAME).scheme(WebhookScheme.stripe())
                    .grace(Duration.ZERO).clock(time.clock()).build()) {
                assertThat(knowsNew.verify(Map.of("Stripe-Signature", both), delivery(7)).version()).isEqualTo("2");
            }
        }
    }

    @Test
    void build_whenAPreviousVersionExists_acceptsItUntilItsSuccessorsCreationPlusGrace() {
        time.advance(Duration.ofMinutes(10));
        receiverStore.set(NAME, v2);    // version 2, created at 12:10; version 1 is kept as still valid
        receiver.refresh(NAME);
        time.advance(Duration.ofMinutes(10));
        try (HmacVerifier verifier = HmacVerifier.builder(receiver, NAME).scheme(WebhookScheme.github())
                .grace(Duration.ofMinutes(30)).clock(time.clock()).build();
             HmacSigner oldSender = HmacSigner.builder(sender, NAME).scheme(WebhookScheme.github()).clock(time.clock()).build()) {
            assertThat(verifier.verify(signed(oldSender, delivery(1)), delivery(1)).usedPreviousSecret()).isTrue();
            time.advance(Duration.ofMinutes(20));   // 12:40 = 12:10 + 30 min
            rejected(leaks, verifier, signed(oldSender, delivery(2)), delivery(2), Reason.BAD_SIGNATURE);
        }
    }
}
