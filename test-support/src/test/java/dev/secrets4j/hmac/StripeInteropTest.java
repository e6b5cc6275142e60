package dev.secrets4j.hmac;

import com.stripe.exception.SignatureVerificationException;
import com.stripe.net.Webhook;
import dev.secrets4j.hmac.WebhookVerificationException.Reason;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static dev.secrets4j.hmac.Rejections.rejected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Stripe scheme against Stripe's own Java SDK ({@code com.stripe.net.Webhook.Signature}): what
 * the signer produces, the SDK verifies; what the SDK's HMAC signs, the verifier accepts.
 */
class StripeInteropTest extends WebhookSecretsTest {

    private static final String NAME = "STRIPE_WEBHOOK_SECRET";
    private static final long TOLERANCE = Webhook.DEFAULT_TOLERANCE;


    // Stripe endpoint secrets look like this; the whole string, prefix included, is the HMAC key.
    private final String secret = leaks.canary("whsec_canaryStripeEndpointSecret7777");
    private final String payload = leaks.canary("{\"id\":\"evt_canary_8888\",\"object\":\"event\",\"data\":{\"name\":\"Zo\u00eb\"}}");

    @Override
    String secretName() {
        return NAME;
    }

    @Override
    String secretValue() {
        return secret;
    }

    private byte[] body() {
        return payload.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void signerHeader_isVerifiedByStripesSdk() throws Exception {
        try (HmacSigner signer = HmacSigner.builder(secrets, NAME).scheme(WebhookScheme.stripe()).clock(time.clock()).build()) {
            String header = leaks.canary(signer.sign(body()).get("Stripe-Signature"));

            assertThat(Webhook.Signature.verifyHeader(payload, header, secret, TOLERANCE, time.clock())).isTrue();
            assertThatThrownBy(() -> Webhook.Signature.verifyHeader(payload + " ", header, secret, TOLERANCE, time.clock()))
                    .isInstanceOf(SignatureVerificationException.class);
            time.advance(Duration.ofSeconds(TOLERANCE + 1));
            assertThatThrownBy(() -> Webhook.Signature.verifyHeader(payload, header, secret, TOLERANCE, time.clock()))
                    .isInstanceOf(SignatureVerificationException.class).hasMessageContaining("tolerance");
        }
    }

    @Test
    void stripeSdkSignature_isAcceptedByTheVerifier_andRejectedWhenTampered() throws Exception {
        long t = time.now().getEpochSecond();
        String v1 = leaks.canary(Webhook.Util.computeHmacSha256(secret, t + "." + payload));
        String header = "t=" + t + ",v1=" + v1;

        try (HmacVerifier verifier = HmacVerifier.builder(secrets, NAME).scheme(WebhookScheme.stripe()).clock(time.clock()).build()) {
            WebhookVerification ok = verifier.verify(Map.of("stripe-signature", header), body());

            assertThat(ok.version()).isEqualTo("1");
            assertThat(ok.timestamp()).contains(Instant.ofEpochSecond(t));
            String otherTime = "t=" + (t + 1) + ",v1=" + v1;
            rejected(leaks, verifier, Map.of("Stripe-Signature", otherTime), body(), Reason.BAD_SIGNATURE);
        }
    }

    @Test
    void rollingHeader_withTwoV1Signatures_isAcceptedByBothTheSdkAndTheVerifier() throws Exception {
        long t = time.now().getEpochSecond();
        String oldSecret = leaks.canary("whsec_canaryPreviousSecret9999");
        String header = "t=" + t + ",v1=" + leaks.canary(Webhook.Util.computeHmacSha256(oldSecret, t + "." + payload))
                + ",v1=" + leaks.canary(Webhook.Util.computeHmacSha256(secret, t + "." + payload));

        try (HmacVerifier verifier = HmacVerifier.builder(secrets, NAME).scheme(WebhookScheme.stripe()).clock(time.clock()).build()) {
            assertThat(Webhook.Signature.verifyHeader(payload, header, secret, TOLERANCE, time.clock())).isTrue();
            assertThat(verifier.verify(Map.of("Stripe-Signature", header), body()).version()).isEqualTo("1");
        }
    }
}
