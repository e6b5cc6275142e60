package dev.secrets4j.hmac;

import dev.secrets4j.hmac.WebhookVerificationException.Reason;
import dev.secrets4j.testing.LeakCheck;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Asserts a rejection: its reason, a message naming secret and scheme, and no canary in it. */
final class Rejections {

    private Rejections() {
    }

    static WebhookVerificationException rejected(LeakCheck leaks, HmacVerifier verifier, Map<String, String> headers,
                                                 byte[] body, Reason reason) {
        return check(leaks, verifier, catchThrowableOfType(WebhookVerificationException.class,
                () -> verifier.verify(headers, body)), reason);
    }

    static WebhookVerificationException rejected(LeakCheck leaks, HmacVerifier verifier,
                                                 Function<String, Optional<String>> headers, byte[] body, Reason reason) {
        return check(leaks, verifier, catchThrowableOfType(WebhookVerificationException.class,
                () -> verifier.verify(headers, body)), reason);
    }

    private static WebhookVerificationException check(LeakCheck leaks, HmacVerifier verifier,
                                                      WebhookVerificationException e, Reason reason) {
        assertThat(e).as("expected a rejection as " + reason).isNotNull();
        assertThat(e.reason()).isEqualTo(reason);
        assertThat(e.secretName()).isEqualTo(verifier.secretName());
        assertThat(e.scheme()).isEqualTo(verifier.scheme().name());
        assertThat(e.getMessage()).startsWith("webhook rejected for secret '" + verifier.secretName() + "' (scheme "
                + verifier.scheme().name() + "): ");
        leaks.assertNoLeak(e, verifier);
        return e;
    }
}
