package dev.secrets4j.hmac;

import dev.secrets4j.hmac.WebhookVerificationException.Reason;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import static dev.secrets4j.hmac.Rejections.rejected;
import static org.assertj.core.api.Assertions.assertThat;

/** Replay protection: a delivery verifies once within the window; the cache forgets after it; a full cache says so. */
class HmacReplayTest extends WebhookSecretsTest {

    private static final String NAME = "WEBHOOK_SECRET";


    private final String secret = leaks.canary("canary-replay-secret-3333");

    @Override
    String secretName() {
        return NAME;
    }

    @Override
    String secretValue() {
        return secret;
    }

    private HmacVerifier.Builder verifier(WebhookScheme scheme) {
        return HmacVerifier.builder(secrets, NAME).scheme(scheme).tolerance(Duration.ofMinutes(5)).clock(time.clock());
    }

    private Map<String, String> signed(WebhookScheme scheme, byte[] body) {
        try (HmacSigner signer = HmacSigner.builder(secrets, NAME).scheme(scheme).clock(time.clock()).build()) {
            Map<String, String> headers = signer.sign(body);
            headers.forEach((h, v) -> {
                if (!h.contains("Timestamp")) {
                    leaks.canary(v);
                }
            });
            return headers;
        }
    }

    private static byte[] delivery(int n) {
        return ("{\"delivery\":" + n + "}").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void github_sameDeliveryTwice_isReplayed_andAcceptedAgainOnceTheWindowHasPassed() {
        try (HmacVerifier v = verifier(WebhookScheme.github()).build()) {
            Map<String, String> headers = signed(WebhookScheme.github(), delivery(1));
            v.verify(headers, delivery(1));

            time.advance(Duration.ofMinutes(5));
            WebhookVerificationException e = rejected(leaks, v, headers, delivery(1), Reason.REPLAYED);
            assertThat(e.getMessage()).contains("this delivery was already accepted within the last 300 s", "duplicate");

            time.advance(Duration.ofMillis(1));
            assertThat(v.verify(headers, delivery(1)).version()).as("the cache forgot it after the window").isEqualTo("1");
        }
    }

    @Test
    void stripe_sameDeliveryTwice_isReplayed_andStaleOnceTheWindowHasPassed() {
        try (HmacVerifier v = verifier(WebhookScheme.stripe()).build()) {
            Map<String, String> headers = signed(WebhookScheme.stripe(), delivery(1));
            v.verify(headers, delivery(1));

            rejected(leaks, v, headers, delivery(1), Reason.REPLAYED);
            time.advance(Duration.ofMinutes(5).plusSeconds(1));
            rejected(leaks, v, headers, delivery(1), Reason.STALE_TIMESTAMP);
        }
    }

    @Test
    void stripe_replayWithOnlyOneOfItsSignatures_isStillReplayed() {
        try (HmacVerifier v = verifier(WebhookScheme.stripe()).build()) {
            String header = signed(WebhookScheme.stripe(), delivery(1)).get("Stripe-Signature");
            String decoy = leaks.canary("v1=" + "3d".repeat(32));
            v.verify(Map.of("Stripe-Signature", header + "," + decoy), delivery(1));

            rejected(leaks, v, Map.of("Stripe-Signature", header), delivery(1), Reason.REPLAYED);
        }
    }

    @Test
    void github_replayOfOnlyTheLegacySha1Header_isStillReplayed() {
        WebhookScheme legacy = WebhookScheme.github().allowLegacySha1();
        try (HmacVerifier v = verifier(legacy).build()) {
            Map<String, String> both = signed(legacy, delivery(1));
            v.verify(both, delivery(1));

            rejected(leaks, v, Map.of("X-Hub-Signature", both.get("X-Hub-Signature")), delivery(1), Reason.REPLAYED);
        }
    }

    @Test
    void replay_signedWithAnotherLiveVersion_isStillReplayed() {
        try (HmacVerifier v = verifier(WebhookScheme.github()).build()) {
            Map<String, String> withOld = signed(WebhookScheme.github(), delivery(1));
            memory.set(NAME, leaks.canary("canary-replay-rotated-4444"));
            secrets.refresh(NAME);
            Map<String, String> withNew = signed(WebhookScheme.github(), delivery(1));

            assertThat(v.verify(withNew, delivery(1)).version()).isEqualTo("2");
            rejected(leaks, v, withOld, delivery(1), Reason.REPLAYED);
        }
    }

    @Test
    void forgedDeliveries_neverEnterTheCache() {
        try (HmacVerifier v = verifier(WebhookScheme.github()).replayCacheSize(1).build()) {
            for (int i = 0; i < 5; i++) {
                Map<String, String> forged = Map.of("X-Hub-Signature-256", leaks.canary("sha256=" + ("0" + i).repeat(32)));
                rejected(leaks, v, forged, delivery(1), Reason.BAD_SIGNATURE);
            }

            assertThat(v.verify(signed(WebhookScheme.github(), delivery(1)), delivery(1)).version()).isEqualTo("1");
        }
    }

    @Test
    void fullCache_byDefault_refusesRetryably_warnsOnce_andRecoversWhenEntriesExpire() {
        try (HmacVerifier v = verifier(WebhookScheme.github()).replayCacheSize(2).build()) {
            v.verify(signed(WebhookScheme.github(), delivery(1)), delivery(1));
            v.verify(signed(WebhookScheme.github(), delivery(2)), delivery(2));

            WebhookVerificationException e = rejected(leaks, v, signed(WebhookScheme.github(), delivery(3)), delivery(3),
                    Reason.REPLAY_CACHE_FULL);
            rejected(leaks, v, signed(WebhookScheme.github(), delivery(4)), delivery(4), Reason.REPLAY_CACHE_FULL);

            assertThat(e.isRetryable()).isTrue();
            assertThat(e.getMessage()).contains("503", "replayCacheSize");
            assertThat(leaks.capturedLines()).filteredOn(l -> l.startsWith("WARN ")).singleElement().asString()
                    .contains("'" + NAME + "'", "is full", "refusing new deliveries");

            time.advance(Duration.ofMinutes(5).plusSeconds(1));
            assertThat(v.verify(signed(WebhookScheme.github(), delivery(3)), delivery(3)).version()).isEqualTo("1");
            assertThat(leaks.capturedLines()).filteredOn(l -> l.startsWith("INFO ")).anyMatch(l -> l.contains("room again"));
        }
    }

    @Test
    void fullCache_whenEvicting_acceptsNewDeliveries_andWarnsOnceAboutTheReplayHole() {
        try (HmacVerifier v = verifier(WebhookScheme.github()).replayCacheSize(2)
                .whenReplayCacheFull(HmacVerifier.WhenFull.EVICT_OLDEST).build()) {
            Map<String, String> first = signed(WebhookScheme.github(), delivery(1));
            v.verify(first, delivery(1));
            time.advance(Duration.ofSeconds(1));
            v.verify(signed(WebhookScheme.github(), delivery(2)), delivery(2));
            v.verify(signed(WebhookScheme.github(), delivery(3)), delivery(3));
            v.verify(signed(WebhookScheme.github(), delivery(4)), delivery(4));

            assertThat(v.verify(first, delivery(1)).version()).as("the oldest was forgotten: the documented hole").isEqualTo("1");
            assertThat(leaks.capturedLines()).filteredOn(l -> l.startsWith("WARN ")).singleElement().asString()
                    .contains("would pass", "raise replayCacheSize");
        }
    }
}
