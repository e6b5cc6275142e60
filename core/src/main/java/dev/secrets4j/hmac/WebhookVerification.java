package dev.secrets4j.hmac;

import dev.secrets4j.Keyset;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A webhook delivery that {@link HmacVerifier#verify} accepted: which version of the secret its
 * signature matched, in which state, and the sender's timestamp when the scheme carries one.
 *
 * <pre>{@code
 * WebhookVerification ok = verifier.verify(headers, body);
 * if (ok.usedPreviousSecret()) {
 *     log.info("webhook signed with version {} of {}: update the sender's secret", ok.version(), ok.secretName());
 * }
 * }</pre>
 *
 * @param secretName the secret the verifier follows
 * @param scheme     the scheme's name ({@code github}, {@code stripe}, {@code slack} or a custom name)
 * @param version    the version of the secret whose key matched
 * @param state      that key's state when it matched: {@code PRIMARY}, {@code VERIFY_ONLY} (a
 *                   previous version inside its grace period) or {@code PENDING}
 * @param timestamp  the sender's timestamp, for schemes that carry one
 */
public record WebhookVerification(String secretName, String scheme, String version, Keyset.State state,
                                  Optional<Instant> timestamp) {

    /** Checks that no part is null. */
    public WebhookVerification {
        Objects.requireNonNull(secretName, "secretName");
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(timestamp, "timestamp");
    }

    /** Whether the signature matched a previous version of the secret: the sender has not rotated yet. */
    public boolean usedPreviousSecret() {
        return state == Keyset.State.VERIFY_ONLY;
    }
}
