package dev.secrets4j.hmac;

import dev.secrets4j.hmac.internal.Delivery;
import dev.secrets4j.hmac.internal.Headers;
import dev.secrets4j.hmac.internal.HmacKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Known answers from the senders' own published examples and from the RFCs, used verbatim: each
 * scheme must produce them when signing and accept them when verifying.
 */
class KnownAnswerTest {

    // GitHub Docs, "Validating webhook deliveries", section "Testing the webhook payload validation":
    // https://docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries
    private static final String GITHUB_SECRET = "It's a Secret to Everybody";
    private static final String GITHUB_PAYLOAD = "Hello, World!";
    private static final String GITHUB_SIGNATURE =
            "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

    // Slack API docs, "Verifying requests from Slack", the worked example (signing secret, timestamp,
    // form body of a slash command, and the resulting X-Slack-Signature):
    // https://api.slack.com/authentication/verifying-requests-from-slack
    private static final String SLACK_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
    private static final String SLACK_TIMESTAMP = "1531420618";
    private static final String SLACK_BODY = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow"
            + "&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner"
            + "&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J"
            + "%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN"
            + "&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
    private static final String SLACK_SIGNATURE = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";

    @Test
    void github_signsAndVerifiesTheDocumentedExample() {
        HmacKey key = HmacKey.of(utf8(GITHUB_SECRET));
        WebhookScheme github = WebhookScheme.github();

        assertThat(github.sign(key, 0, utf8(GITHUB_PAYLOAD))).containsExactly(Map.entry("X-Hub-Signature-256", GITHUB_SIGNATURE));
        Delivery delivery = github.read(Headers.of(Map.of("X-Hub-Signature-256", GITHUB_SIGNATURE)));
        assertThat(github.matches(key, delivery, utf8(GITHUB_PAYLOAD))).isTrue();
        assertThat(github.matches(key, delivery, utf8("Hello, World?"))).isFalse();
        assertThat(github.matches(HmacKey.of(utf8("It's a Secret to Nobody")), delivery, utf8(GITHUB_PAYLOAD))).isFalse();
    }

    @Test
    void slack_signsAndVerifiesTheDocumentedExample() {
        HmacKey key = HmacKey.of(utf8(SLACK_SECRET));
        WebhookScheme slack = WebhookScheme.slack();

        assertThat(slack.sign(key, Long.parseLong(SLACK_TIMESTAMP), utf8(SLACK_BODY))).containsExactly(
                Map.entry("X-Slack-Request-Timestamp", SLACK_TIMESTAMP),
                Map.entry("X-Slack-Signature", SLACK_SIGNATURE));
        Delivery delivery = slack.read(Headers.of(Map.of(
                "X-Slack-Signature", SLACK_SIGNATURE, "X-Slack-Request-Timestamp", SLACK_TIMESTAMP)));
        assertThat(delivery.timestamp()).hasValueSatisfying(t -> assertThat(t.getEpochSecond()).isEqualTo(1531420618L));
        assertThat(slack.matches(key, delivery, utf8(SLACK_BODY))).isTrue();
        assertThat(slack.matches(key, delivery, utf8(SLACK_BODY + "&x=1"))).isFalse();
    }

    @Test
    void slack_timestampIsPartOfTheSignedContent() {
        HmacKey key = HmacKey.of(utf8(SLACK_SECRET));
        WebhookScheme slack = WebhookScheme.slack();
        Delivery shifted = slack.read(Headers.of(Map.of(
                "X-Slack-Signature", SLACK_SIGNATURE, "X-Slack-Request-Timestamp", "1531420619")));

        assertThat(slack.matches(key, shifted, utf8(SLACK_BODY))).isFalse();
    }

    /**
     * RFC 4231 ("Identifiers and Test Vectors for HMAC-SHA-224, HMAC-SHA-256, HMAC-SHA-384, and
     * HMAC-SHA-512"), section 4: test cases 1-4, 6 and 7 (case 5 tests truncated output, which no
     * webhook scheme uses). Keys and data as hex, digests verbatim.
     */
    static Stream<org.junit.jupiter.params.provider.Arguments> rfc4231() {
        String aa131 = "aa".repeat(131);
        return Stream.of(
                arguments("4.2 case 1", "0b".repeat(20), "4869205468657265",
                        "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
                        "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cde"
                                + "daa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854"),
                arguments("4.3 case 2", "4a656665", "7768617420646f2079612077616e7420666f72206e6f7468696e673f",
                        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
                        "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea250554"
                                + "9758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737"),
                arguments("4.4 case 3", "aa".repeat(20), "dd".repeat(50),
                        "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe",
                        "fa73b0089d56a284efb0f0756c890be9b1b5dbdd8ee81a3655f83e33b2279d39"
                                + "bf3e848279a722c806b485a47e67c807b946a337bee8942674278859e13292fb"),
                arguments("4.5 case 4", "0102030405060708090a0b0c0d0e0f10111213141516171819", "cd".repeat(50),
                        "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b",
                        "b0ba465637458c6990e5a8c5f61d4af7e576d97ff94b872de76f8050361ee3db"
                                + "a91ca5c11aa25eb4d679275cc5788063a5f19741120c4f2de2adebeb10a298dd"),
                arguments("4.7 case 6", aa131,
                        "54657374205573696e67204c6172676572205468616e20426c6f636b2d53697a65204b6579202d2048617368204b6579204669727374",
                        "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
                        "80b24263c7c1a3ebb71493c1dd7be8b49b46d1f41b4aeec1121b013783f8f352"
                                + "6b56d037e05f2598bd0fd2215d6a1e5295e64f73f63f0aec8b915a985d786598"),
                arguments("4.8 case 7", aa131,
                        "5468697320697320612074657374207573696e672061206c6172676572207468616e20626c6f636b2d73697a65206b65"
                                + "7920616e642061206c6172676572207468616e20626c6f636b2d73697a6520646174612e20546865206b6579206e65"
                                + "65647320746f20626520686173686564206265666f7265206265696e6720757365642062792074686520484d414320"
                                + "616c676f726974686d2e",
                        "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2",
                        "e37b6a775dc87dbaa4dfa9f96e5e3ffddebd71f8867289865df5a32d20cdc944"
                                + "b6022cac3c4982b10d5eeb55c3e4de15134676fb6de0446065c97440fa8c6a58"));
    }

    @ParameterizedTest(name = "RFC 4231 {0}")
    @MethodSource("rfc4231")
    void rfc4231_sha256AndSha512_signAndVerify(String testCase, String key, String data, String sha256, String sha512) {
        assertKnownAnswer(HmacAlgorithm.SHA256, key, data, sha256);
        assertKnownAnswer(HmacAlgorithm.SHA512, key, data, sha512);
    }

    /** RFC 2202 ("Test Cases for HMAC-MD5 and HMAC-SHA-1"), section 3, test case 2. */
    @Test
    void rfc2202_sha1_signsAndVerifies_onceAllowed() {
        assertKnownAnswer(HmacAlgorithm.SHA1, "4a656665", "7768617420646f2079612077616e7420666f72206e6f7468696e673f",
                "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");
    }

    private static void assertKnownAnswer(HmacAlgorithm algorithm, String keyHex, String dataHex, String digestHex) {
        WebhookScheme.CustomBuilder builder = WebhookScheme.custom().name("rfc").signatureHeader("X-Signature")
                .algorithm(algorithm);
        if (algorithm.isLegacy()) {
            builder.allowLegacySha1();
        }
        WebhookScheme scheme = builder.build();
        HmacKey key = HmacKey.of(HexFormat.of().parseHex(keyHex));
        byte[] data = HexFormat.of().parseHex(dataHex);

        assertThat(scheme.sign(key, 0, data)).containsExactly(Map.entry("X-Signature", digestHex));
        Delivery delivery = scheme.read(Headers.of(Map.of("X-Signature", digestHex)));
        assertThat(scheme.matches(key, delivery, data)).isTrue();
        byte[] changed = Arrays.copyOf(data, data.length + 1);
        assertThat(scheme.matches(key, delivery, changed)).isFalse();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
