package dev.secrets4j.hmac;

import dev.secrets4j.Keyset;
import dev.secrets4j.SecretFormatException;
import dev.secrets4j.SecretNotFoundException;
import dev.secrets4j.Secrets;
import dev.secrets4j.hmac.WebhookVerificationException.Reason;
import dev.secrets4j.testing.FakeTime;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static dev.secrets4j.hmac.Rejections.rejected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The verifier through a real {@link Secrets}: every rejection reason, header lookups, builder checks, no leaks. */
class HmacVerifierTest extends WebhookSecretsTest {

    private static final String NAME = "WEBHOOK_SECRET";


    private final String secret = leaks.canary("canary-webhook-secret-1111");
    private final byte[] body = leaks.canary("{\"action\":\"opened\",\"note\":\"canary-payload-2222 \u00e9\"}"
            .getBytes(StandardCharsets.UTF_8));

    @Override
    String secretName() {
        return NAME;
    }

    @Override
    String secretValue() {
        return secret;
    }

    private HmacVerifier verifier(WebhookScheme scheme) {
        return HmacVerifier.builder(secrets, NAME).scheme(scheme).clock(time.clock()).build();
    }

    /** Signs like the sender, registering every signature as a canary. */
    private Map<String, String> signed(WebhookScheme scheme, byte[] payload) {
        try (HmacSigner signer = HmacSigner.builder(secrets, NAME).scheme(scheme).clock(time.clock()).build()) {
            Map<String, String> headers = signer.sign(payload);
            headers.forEach((h, v) -> {
                if (!h.toLowerCase().contains("timestamp")) {
                    leaks.canary(v);
                }
            });
            return headers;
        }
    }

    private static Map<String, String> with(Map<String, String> headers, String name, String value) {
        Map<String, String> out = new HashMap<>(headers);
        out.put(name, value);
        return out;
    }

    @Test
    void verify_whenSignedWithTheCurrentSecret_returnsVersionStateAndTimestamp() {
        try (HmacVerifier github = verifier(WebhookScheme.github()); HmacVerifier stripe = verifier(WebhookScheme.stripe())) {
            WebhookVerification ok = github.verify(signed(WebhookScheme.github(), body), body);
            WebhookVerification timed = stripe.verify(signed(WebhookScheme.stripe(), body), body);

            assertThat(ok).isEqualTo(new WebhookVerification(NAME, "github", "1", Keyset.State.PRIMARY, Optional.empty()));
            assertThat(ok.usedPreviousSecret()).isFalse();
            assertThat(timed.timestamp()).contains(time.now());
            leaks.assertNoLeak(ok, timed, github, stripe);
        }
    }

    @Test
    void verify_whenSignatureHeaderMissing_isMissingHeader() {
        try (HmacVerifier v = verifier(WebhookScheme.github())) {
            WebhookVerificationException e = rejected(leaks, v, Map.of("Content-Type", "application/json"), body,
                    Reason.MISSING_HEADER);

            assertThat(e.getMessage()).contains("X-Hub-Signature-256", "is missing");
            assertThat(e.isRetryable()).isFalse();
        }
    }

    @Test
    void verify_whenSignatureNotHex_isMalformedHeader() {
        try (HmacVerifier v = verifier(WebhookScheme.github())) {
            Map<String, String> headers = Map.of("X-Hub-Signature-256", leaks.canary("sha256=" + "xy".repeat(32)));

            assertThat(rejected(leaks, v, headers, body, Reason.MALFORMED_HEADER).getMessage()).contains("not valid hex");
        }
    }

    @Test
    void verify_whenSignedWithAnotherSecret_isBadSignature_namingTheLiveVersions() {
        try (HmacVerifier v = verifier(WebhookScheme.github())) {
            Map<String, String> headers = signed(WebhookScheme.github(), body);
            byte[] tampered = (new String(body, StandardCharsets.UTF_8) + " ").getBytes(StandardCharsets.UTF_8);

            WebhookVerificationException e = rejected(leaks, v, headers, tampered, Reason.BAD_SIGNATURE);

            assertThat(e.getMessage()).contains("none of the 1 live version(s) of the secret (1)", "byte for byte");
        }
    }

    @Test
    void verify_whenOnlyLegacySha1Header_isAlgorithmNotAllowed_unlessTheSchemeAllowsIt() {
        Map<String, String> both = signed(WebhookScheme.github().allowLegacySha1(), body);
        Map<String, String> legacyOnly = Map.of("X-Hub-Signature", both.get("X-Hub-Signature"));

        try (HmacVerifier strict = verifier(WebhookScheme.github());
             HmacVerifier legacy = verifier(WebhookScheme.github().allowLegacySha1())) {
            assertThat(rejected(leaks, strict, legacyOnly, body, Reason.ALGORITHM_NOT_ALLOWED).getMessage())
                    .contains("legacy SHA-1 header X-Hub-Signature", "allowLegacySha1()");
            assertThat(legacy.verify(legacyOnly, body).version()).isEqualTo("1");
        }
    }

    @Test
    void verify_whenTimestampOutsideTolerance_isStaleTimestamp_inThePastAndTheFuture() {
        try (HmacVerifier v = HmacVerifier.builder(secrets, NAME).scheme(WebhookScheme.slack())
                .tolerance(Duration.ofSeconds(60)).clock(time.clock()).build()) {
            Map<String, String> old = signed(WebhookScheme.slack(), body);
            time.advance(Duration.ofSeconds(61));
            assertThat(rejected(leaks, v, old, body, Reason.STALE_TIMESTAMP).getMessage()).contains("61 s old", "60 s");

            FakeTime ahead = FakeTime.startingAt(time.now().plusSeconds(90));
            try (HmacSigner fastSender = HmacSigner.builder(secrets, NAME).scheme(WebhookScheme.slack()).clock(ahead.clock()).build()) {
                Map<String, String> future = fastSender.sign(body);
                leaks.canary(future.get("X-Slack-Signature"));
                assertThat(rejected(leaks, v, future, body, Reason.STALE_TIMESTAMP).getMessage())
                        .contains("90 s ahead of this server's clock");
            }
        }
    }

    @Test
    void verify_whenTimestampExactlyAtTolerance_isAccepted() {
        try (HmacVerifier v = HmacVerifier.builder(secrets, NAME).scheme(WebhookScheme.stripe())
                .tolerance(Duration.ofSeconds(60)).clock(time.clock()).build()) {
            Map<String, String> headers = signed(WebhookScheme.stripe(), body);
            time.advance(Duration.ofSeconds(60));

            assertThat(v.verify(headers, body).timestamp()).contains(time.now().minusSeconds(60));
        }
    }

    @Test
    void verify_matchesHeaderNamesCaseInsensitively_inMapsAndThroughLookups() {
        try (HmacVerifier v = verifier(WebhookScheme.slack())) {
            Map<String, String> signed = signed(WebhookScheme.slack(), body);
            Map<String, String> lower = new HashMap<>();
            signed.forEach((h, value) -> lower.put(h.toLowerCase(), value));
            assertThat(v.verify(lower, body).version()).isEqualTo("1");

            byte[] second = "{\"second\":true}".getBytes(StandardCharsets.UTF_8);
            Map<String, String> upper = new HashMap<>();
            signed(WebhookScheme.slack(), second).forEach((h, value) -> upper.put(h.toUpperCase(), value));
            TreeMap<String, String> servletLike = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            servletLike.putAll(upper);
            assertThat(v.verify(name -> Optional.ofNullable(servletLike.get(name)), second).version()).isEqualTo("1");
        }
    }

    @Test
    void verify_whenAHeaderAppearsTwiceWithDifferentValues_isMalformedHeader() {
        try (HmacVerifier v = verifier(WebhookScheme.github())) {
            Map<String, String> headers = with(signed(WebhookScheme.github(), body), "x-hub-signature-256",
                    leaks.canary("sha256=" + "00".repeat(32)));

            assertThat(rejected(leaks, v, headers, body, Reason.MALFORMED_HEADER).getMessage()).contains("appears twice");
        }
    }

    @Test
    void verify_stripe_acceptsTheDeliveryIfAnyV1Matches() {
        try (HmacVerifier v = verifier(WebhookScheme.stripe())) {
            String real = signed(WebhookScheme.stripe(), body).get("Stripe-Signature");
            String t = real.substring(0, real.indexOf(','));
            String header = t + ",v1=" + "5a".repeat(32) + real.substring(real.indexOf(',')) + ",v0=" + "6b".repeat(32);

            assertThat(v.verify(Map.of("Stripe-Signature", header), body).version()).isEqualTo("1");
            String onlyWrong = t + ",v1=" + "5a".repeat(32) + ",v1=" + "7c".repeat(32);
            rejected(leaks, v, Map.of("Stripe-Signature", onlyWrong), body, Reason.BAD_SIGNATURE);
        }
    }

    @Test
    void verify_refusesNullArgumentsByName() {
        try (HmacVerifier v = verifier(WebhookScheme.github())) {
            assertThatThrownBy(() -> v.verify(Map.of(), null)).isInstanceOf(NullPointerException.class).hasMessage("body");
            assertThatThrownBy(() -> v.verify((Map<String, String>) null, body)).isInstanceOf(NullPointerException.class)
                    .hasMessage("headers");
        }
    }

    @Test
    void build_whenSecretIsEmpty_refusesNamingTheSecret() {
        memory.set("EMPTY_WEBHOOK_SECRET", "");

        assertThatThrownBy(() -> HmacVerifier.builder(secrets, "EMPTY_WEBHOOK_SECRET").scheme(WebhookScheme.github()).build())
                .isInstanceOf(SecretFormatException.class)
                .hasMessageContaining("'EMPTY_WEBHOOK_SECRET'").hasMessageContaining("is empty");
        assertThatThrownBy(() -> HmacSigner.builder(secrets, "EMPTY_WEBHOOK_SECRET").scheme(WebhookScheme.github()).build())
                .isInstanceOf(SecretFormatException.class).hasMessageContaining("'EMPTY_WEBHOOK_SECRET'");
    }

    @Test
    void build_whenSecretUnknown_throwsSecretNotFound() {
        assertThatThrownBy(() -> HmacVerifier.builder(secrets, "NO_SUCH_SECRET").scheme(WebhookScheme.github()).build())
                .isInstanceOf(SecretNotFoundException.class).hasMessageContaining("NO_SUCH_SECRET");
    }

    @Test
    void builder_refusesBadSettingsNamingThem() {
        HmacVerifier.Builder b = HmacVerifier.builder(secrets, NAME);
        assertThatThrownBy(() -> b.tolerance(Duration.ZERO)).hasMessageContaining("tolerance");
        assertThatThrownBy(() -> b.tolerance(Duration.ofSeconds(-1))).hasMessageContaining("tolerance");
        assertThatThrownBy(() -> b.grace(Duration.ofSeconds(-1))).hasMessageContaining("grace");
        assertThatThrownBy(() -> b.replayCacheSize(0)).hasMessageContaining("replayCacheSize");
        assertThatThrownBy(() -> b.whenReplayCacheFull(null)).hasMessageContaining("whenReplayCacheFull");
        assertThatThrownBy(b::build).isInstanceOf(IllegalStateException.class).hasMessageContaining("no scheme")
                .hasMessageContaining(NAME);
        assertThatThrownBy(() -> HmacVerifier.builder(secrets, " ")).hasMessageContaining("secretName");
        assertThatThrownBy(() -> HmacVerifier.builder(null, NAME)).hasMessage("secrets");
        assertThatThrownBy(() -> HmacSigner.builder(secrets, NAME).pending(Duration.ofSeconds(-1))).hasMessageContaining("pending");
        assertThatThrownBy(() -> HmacSigner.builder(secrets, NAME).build()).hasMessageContaining("no scheme");
    }

    @Test
    void toString_showsNamesVersionsAndFill_neverValues() {
        try (HmacVerifier v = verifier(WebhookScheme.github());
             HmacSigner s = HmacSigner.builder(secrets, NAME).scheme(WebhookScheme.stripe()).build()) {
            v.verify(signed(WebhookScheme.github(), body), body);

            assertThat(v.toString()).isEqualTo("HmacVerifier[WEBHOOK_SECRET, github, versions 1 PRIMARY, replay cache 1/10000]");
            assertThat(s.toString()).isEqualTo("HmacSigner[WEBHOOK_SECRET, stripe, version 1]");
            leaks.assertNoLeak(v, s);
        }
    }
}
