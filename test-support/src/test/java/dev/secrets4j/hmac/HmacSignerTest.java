package dev.secrets4j.hmac;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The signer produces each scheme's headers, and its verifier accepts them. */
class HmacSignerTest extends WebhookSecretsTest {

    private static final String NAME = "OUTGOING_WEBHOOK_SECRET";


    private final String secret = leaks.canary("canary-outgoing-secret-5555");
    private final byte[] body = leaks.canary("{\"id\":\"evt_canary_6666\"}".getBytes(StandardCharsets.UTF_8));

    @Override
    String secretName() {
        return NAME;
    }

    @Override
    String secretValue() {
        return secret;
    }

    static Stream<WebhookScheme> schemes() {
        return Stream.of(WebhookScheme.github(), WebhookScheme.github().allowLegacySha1(), WebhookScheme.stripe(),
                WebhookScheme.slack(),
                WebhookScheme.custom().name("acme").signatureHeader("X-Acme-Signature").prefix("sha512=")
                        .algorithm(HmacAlgorithm.SHA512).encoding(WebhookScheme.Encoding.BASE64)
                        .timestampHeader("X-Acme-Timestamp").signedContent("{t}:{body}").build());
    }

    @ParameterizedTest
    @MethodSource("schemes")
    void sign_producesHeadersTheVerifierAccepts(WebhookScheme scheme) {
        try (HmacSigner signer = HmacSigner.builder(secrets, NAME).scheme(scheme).clock(time.clock()).build();
             HmacVerifier verifier = HmacVerifier.builder(secrets, NAME).scheme(scheme).clock(time.clock()).build()) {
            Map<String, String> headers = signer.sign(body);

            WebhookVerification ok = verifier.verify(headers, body);
            assertThat(ok.scheme()).isEqualTo(scheme.name());
            assertThat(ok.timestamp().isPresent()).isEqualTo(scheme.hasTimestamp());
            assertThat(headers).containsKey(scheme.signatureHeader());
            assertThat(headers).isUnmodifiable();
            leaks.assertNoLeak(signer, verifier, ok);
        }
    }

    @Test
    void sign_writesEachSendersLayout() {
        long now = time.now().getEpochSecond();
        try (HmacSigner github = HmacSigner.builder(secrets, NAME).scheme(WebhookScheme.github().allowLegacySha1()).build();
             HmacSigner stripe = HmacSigner.builder(secrets, NAME).scheme(WebhookScheme.stripe()).clock(time.clock()).build();
             HmacSigner slack = HmacSigner.builder(secrets, NAME).scheme(WebhookScheme.slack()).clock(time.clock()).build()) {
            assertThat(github.sign(body)).hasEntrySatisfying("X-Hub-Signature-256", v -> assertThat(v).matches("sha256=[0-9a-f]{64}"))
                    .hasEntrySatisfying("X-Hub-Signature", v -> assertThat(v).matches("sha1=[0-9a-f]{40}"));
            assertThat(stripe.sign(body).get("Stripe-Signature")).matches("t=" + now + ",v1=[0-9a-f]{64}");
            assertThat(slack.sign(body)).containsEntry("X-Slack-Request-Timestamp", Long.toString(now))
                    .hasEntrySatisfying("X-Slack-Signature", v -> assertThat(v).matches("v0=[0-9a-f]{64}"));
        }
    }
}
