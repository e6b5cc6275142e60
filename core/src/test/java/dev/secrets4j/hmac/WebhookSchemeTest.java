package dev.secrets4j.hmac;

import dev.secrets4j.hmac.WebhookVerificationException.Reason;
import dev.secrets4j.hmac.internal.Delivery;
import dev.secrets4j.hmac.internal.Headers;
import dev.secrets4j.hmac.internal.HmacKey;
import dev.secrets4j.hmac.internal.Rejection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Schemes read headers strictly, name the header in every refusal and never quote its value. */
class WebhookSchemeTest {

    private static final byte[] BODY = "{\"event\":\"canary-body-4711\"}".getBytes(StandardCharsets.UTF_8);
    private static final HmacKey KEY = HmacKey.of("canary-scheme-key-0815".getBytes(StandardCharsets.UTF_8));
    private static final HmacKey OTHER = HmacKey.of("canary-other-key-0816".getBytes(StandardCharsets.UTF_8));

    private static Rejection rejection(WebhookScheme scheme, Map<String, String> headers) {
        Rejection r = catchThrowableOfType(Rejection.class, () -> scheme.read(Headers.of(headers)));
        assertThat(r).as("expected a rejection").isNotNull();
        headers.values().forEach(v -> {
            if (v.length() >= 8) {
                assertThat(r.detail()).as("detail quoting a header value").doesNotContain(v);
            }
        });
        return r;
    }

    @Test
    void github_whenSignatureHeaderMissing_isMissingHeader() {
        Rejection r = rejection(WebhookScheme.github(), Map.of("Content-Type", "application/json"));

        assertThat(r.reason()).isEqualTo(Reason.MISSING_HEADER);
        assertThat(r.detail()).contains("X-Hub-Signature-256");
    }

    @Test
    void github_whenOnlyLegacySha1Header_isAlgorithmNotAllowed_untilAllowed() {
        Map<String, String> signed = WebhookScheme.github().allowLegacySha1().sign(KEY, 0, BODY);
        Map<String, String> legacyOnly = Map.of("X-Hub-Signature", signed.get("X-Hub-Signature"));

        Rejection r = rejection(WebhookScheme.github(), legacyOnly);
        assertThat(r.reason()).isEqualTo(Reason.ALGORITHM_NOT_ALLOWED);
        assertThat(r.detail()).contains("X-Hub-Signature", "allowLegacySha1()");

        WebhookScheme legacy = WebhookScheme.github().allowLegacySha1();
        Delivery delivery = legacy.read(Headers.of(legacyOnly));
        assertThat(delivery.algorithm()).isEqualTo(HmacAlgorithm.SHA1);
        assertThat(legacy.matches(KEY, delivery, BODY)).isTrue();
    }

    @Test
    void github_withLegacyAllowed_prefersSha256_andSignsBothHeaders() {
        WebhookScheme legacy = WebhookScheme.github().allowLegacySha1();
        Map<String, String> signed = legacy.sign(KEY, 0, BODY);

        assertThat(signed.keySet()).containsExactly("X-Hub-Signature-256", "X-Hub-Signature");
        assertThat(signed.get("X-Hub-Signature")).startsWith("sha1=").hasSize(5 + 40);
        assertThat(legacy.read(Headers.of(signed)).algorithm()).isEqualTo(HmacAlgorithm.SHA256);
    }

    @Test
    void github_whenValueCarriesAnotherAlgorithm_isAlgorithmNotAllowed() {
        String sha1 = WebhookScheme.github().allowLegacySha1().sign(KEY, 0, BODY).get("X-Hub-Signature");

        Rejection r = rejection(WebhookScheme.github(), Map.of("X-Hub-Signature-256", sha1));

        assertThat(r.reason()).isEqualTo(Reason.ALGORITHM_NOT_ALLOWED);
        assertThat(r.detail()).contains("sha1", "'sha256='");
    }

    @ParameterizedTest
    @ValueSource(strings = {"md5=0123456789abcdef0123456789abcdef", "0123456789abcdef0123456789abcdef0123",
            "sha256=", "sha256=zz23456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
            "sha256=0123456789abcdef0123456789abcdef", "sha256=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde",
            "   "})
    void github_whenValueIsMalformed_isMalformedHeader(String value) {
        Rejection r = rejection(WebhookScheme.github(), Map.of("X-Hub-Signature-256", value));

        assertThat(r.reason()).isEqualTo(Reason.MALFORMED_HEADER);
        assertThat(r.detail()).contains("X-Hub-Signature-256");
    }

    @Test
    void github_acceptsUpperCaseHex_andSurroundingWhitespace() {
        String signature = WebhookScheme.github().sign(KEY, 0, BODY).get("X-Hub-Signature-256");
        String upper = "sha256=" + signature.substring(7).toUpperCase();

        Delivery delivery = WebhookScheme.github().read(Headers.of(Map.of("X-Hub-Signature-256", "  " + upper + " ")));

        assertThat(WebhookScheme.github().matches(KEY, delivery, BODY)).isTrue();
    }

    @Test
    void headers_matchNamesCaseInsensitively_andRefuseConflictingDuplicates() {
        String signature = WebhookScheme.github().sign(KEY, 0, BODY).get("X-Hub-Signature-256");

        assertThat(WebhookScheme.github().read(Headers.of(Map.of("x-hub-signature-256", signature))).signatures()).hasSize(1);
        Map<String, String> twice = new HashMap<>();
        twice.put("x-hub-signature-256", signature);
        twice.put("X-HUB-SIGNATURE-256", signature);
        assertThat(WebhookScheme.github().read(Headers.of(twice)).signatures()).hasSize(1);
        twice.put("X-Hub-Signature-256", "sha256=" + "00".repeat(32));
        assertThat(rejection(WebhookScheme.github(), twice).reason()).isEqualTo(Reason.MALFORMED_HEADER);
    }

    @Test
    void stripe_acceptsAnyOfSeveralV1Signatures() {
        String withOther = WebhookScheme.stripe().sign(OTHER, 1_700_000_000L, BODY).get("Stripe-Signature");
        String withKey = WebhookScheme.stripe().sign(KEY, 1_700_000_000L, BODY).get("Stripe-Signature");
        String header = withOther + "," + withKey.substring(withKey.indexOf("v1=")) + ",v0=" + "ab".repeat(32);

        Delivery delivery = WebhookScheme.stripe().read(Headers.of(Map.of("Stripe-Signature", header)));

        assertThat(delivery.signatures()).hasSize(2);
        assertThat(delivery.timestampText()).contains("1700000000");
        assertThat(WebhookScheme.stripe().matches(KEY, delivery, BODY)).isTrue();
        assertThat(WebhookScheme.stripe().matches(HmacKey.of(new byte[] {1}), delivery, BODY)).isFalse();
    }

    @Test
    void stripe_whenOnlyV0_isAlgorithmNotAllowed() {
        Rejection r = rejection(WebhookScheme.stripe(), Map.of("Stripe-Signature", "t=1700000000,v0=" + "ab".repeat(32)));

        assertThat(r.reason()).isEqualTo(Reason.ALGORITHM_NOT_ALLOWED);
        assertThat(r.detail()).contains("Stripe-Signature", "v1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"v1=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
            "t=1700000000", "t=1700000000,t=1700000001,v1=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
            "t=1700000000,garbage", "t=soon,v1=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
            "t=-5,v1=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
            "t=1700000000,v1=", "t=1700000000,v1=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdez"})
    void stripe_whenHeaderIsMalformed_isMalformedHeader(String value) {
        Rejection r = rejection(WebhookScheme.stripe(), Map.of("Stripe-Signature", value));

        assertThat(r.reason()).isEqualTo(Reason.MALFORMED_HEADER);
        assertThat(r.detail()).contains("Stripe-Signature");
    }

    @Test
    void slack_whenTimestampHeaderMissingOrMalformed_isRefusedNamingIt() {
        String signature = WebhookScheme.slack().sign(KEY, 1_700_000_000L, BODY).get("X-Slack-Signature");

        Rejection missing = rejection(WebhookScheme.slack(), Map.of("X-Slack-Signature", signature));
        Rejection malformed = rejection(WebhookScheme.slack(),
                Map.of("X-Slack-Signature", signature, "X-Slack-Request-Timestamp", "1700000000.5"));

        assertThat(missing.reason()).isEqualTo(Reason.MISSING_HEADER);
        assertThat(missing.detail()).contains("X-Slack-Request-Timestamp");
        assertThat(malformed.reason()).isEqualTo(Reason.MALFORMED_HEADER);
        assertThat(malformed.detail()).contains("X-Slack-Request-Timestamp");
    }

    @Test
    void custom_base64WithTimestamp_roundTrips() {
        WebhookScheme acme = WebhookScheme.custom().name("acme").signatureHeader("X-Acme-Signature").prefix("v1,")
                .encoding(WebhookScheme.Encoding.BASE64).algorithm(HmacAlgorithm.SHA512)
                .timestampHeader("X-Acme-Timestamp").signedContent("{t}.{body}").build();

        Map<String, String> signed = acme.sign(KEY, 1_700_000_000L, BODY);

        assertThat(signed.keySet()).containsExactly("X-Acme-Timestamp", "X-Acme-Signature");
        assertThat(Base64.getDecoder().decode(signed.get("X-Acme-Signature").substring(3))).hasSize(64);
        Delivery delivery = acme.read(Headers.of(signed));
        assertThat(acme.matches(KEY, delivery, BODY)).isTrue();
        assertThat(acme.matches(OTHER, delivery, BODY)).isFalse();
        assertThat(rejection(acme, Map.of("X-Acme-Signature", "v1,not*base64", "X-Acme-Timestamp", "1700000000")).reason())
                .isEqualTo(Reason.MALFORMED_HEADER);
    }

    @Test
    void custom_sha1_isRefusedAtBuild_unlessAllowed() {
        assertThatThrownBy(() -> WebhookScheme.custom().signatureHeader("X-Sig").algorithm(HmacAlgorithm.SHA1).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("allowLegacySha1()");
        assertThat(WebhookScheme.custom().signatureHeader("X-Sig").algorithm(HmacAlgorithm.SHA1).allowLegacySha1().build()
                .legacySha1Allowed()).isTrue();
        assertThatThrownBy(() -> WebhookScheme.custom().signatureHeader("X-Sig").allowLegacySha1().build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("does not apply");
        assertThatThrownBy(() -> WebhookScheme.stripe().allowLegacySha1())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("stripe");
    }

    @Test
    void custom_build_refusesInconsistentTimestampSettings() {
        assertThatThrownBy(() -> WebhookScheme.custom().signatureHeader("X-Sig").timestampHeader("X-Time").build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("{t}");
        assertThatThrownBy(() -> WebhookScheme.custom().signatureHeader("X-Sig").signedContent("{t}.{body}").build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("timestampHeader");
        assertThatThrownBy(() -> WebhookScheme.custom().signatureHeader("X-Sig").timestampHeader("x-sig")
                .signedContent("{t}{body}").build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("two headers");
        assertThatThrownBy(() -> WebhookScheme.custom().build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("signatureHeader");
    }

    @Test
    void custom_setters_refuseBadArgumentsNamingTheSetting() {
        assertThatThrownBy(() -> WebhookScheme.custom().signatureHeader("X Sig")).hasMessageContaining("signatureHeader");
        assertThatThrownBy(() -> WebhookScheme.custom().timestampHeader("")).hasMessageContaining("timestampHeader");
        assertThatThrownBy(() -> WebhookScheme.custom().prefix("sha 256=")).hasMessageContaining("prefix");
        assertThatThrownBy(() -> WebhookScheme.custom().name("no name")).hasMessageContaining("name");
        assertThatThrownBy(() -> WebhookScheme.custom().signedContent("{body}{body}")).hasMessageContaining("signedContent");
        assertThatThrownBy(() -> WebhookScheme.custom().signedContent("{ts}.{body}")).hasMessageContaining("unknown placeholder");
        assertThatThrownBy(() -> WebhookScheme.custom().signedContent("{t}")).hasMessageContaining("{body}");
        assertThatThrownBy(() -> WebhookScheme.custom().encoding(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("encoding");
    }

    @Test
    void schemes_areValues_withADescriptiveToString() {
        assertThat(WebhookScheme.github()).isEqualTo(WebhookScheme.github()).hasSameHashCodeAs(WebhookScheme.github());
        assertThat(WebhookScheme.github()).isNotEqualTo(WebhookScheme.github().allowLegacySha1());
        assertThat(WebhookScheme.stripe()).isNotEqualTo(WebhookScheme.slack());
        assertThat(WebhookScheme.github().toString()).contains("github", "X-Hub-Signature-256", "sha256=", "HMAC-SHA256",
                "{body}", "refused");
        assertThat(WebhookScheme.slack().toString()).contains("X-Slack-Request-Timestamp", "v0:{t}:{body}");
        assertThat(WebhookScheme.stripe().hasTimestamp()).isTrue();
        assertThat(WebhookScheme.github().hasTimestamp()).isFalse();
        assertThat(WebhookScheme.slack().timestampHeader()).contains("X-Slack-Request-Timestamp");
        assertThat(KEY.toString()).isEqualTo("HmacKey[****]");
    }

    @Test
    void delivery_toString_showsNoSignature() {
        String signature = WebhookScheme.github().sign(KEY, 0, BODY).get("X-Hub-Signature-256");
        Delivery delivery = WebhookScheme.github().read(Headers.of(Map.of("X-Hub-Signature-256", signature)));

        assertThat(delivery.toString()).contains("HMAC-SHA256", "1 signature")
                .doesNotContain(signature.substring(7))
                .doesNotContain(HexFormat.of().formatHex(delivery.signatures().get(0)).substring(0, 16));
    }

    @Test
    void hmacKey_refusesEmptyBytes() {
        assertThatThrownBy(() -> HmacKey.of(new byte[0])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one byte");
    }
}
