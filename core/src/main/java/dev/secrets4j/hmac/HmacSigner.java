package dev.secrets4j.hmac;

import dev.secrets4j.Keyset;
import dev.secrets4j.SecretFormatException;
import dev.secrets4j.SecretNotFoundException;
import dev.secrets4j.Secrets;
import dev.secrets4j.hmac.internal.HmacKey;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Signs outgoing webhook deliveries with a secret, producing the headers of a
 * {@link WebhookScheme}, the same ones its {@link HmacVerifier} checks. Signs with the current
 * (primary) version only and follows rotations as {@link Secrets} sees them.
 *
 * <pre>{@code
 * HmacSigner signer = HmacSigner.builder(secrets, "OUTGOING_WEBHOOK_SECRET").scheme(WebhookScheme.stripe()).build();
 * Map<String, String> headers = signer.sign(body);   // {Stripe-Signature=t=1700000000,v1=...}
 * }</pre>
 *
 * <p>Thread-safe. {@link #close()} stops following the secret.
 */
public final class HmacSigner implements AutoCloseable {

    private final String secretName;
    private final WebhookScheme scheme;
    private final Clock clock;
    private final Keyset<HmacKey> keys;

    private HmacSigner(Builder b) {
        this.secretName = b.secretName;
        this.scheme = b.scheme;
        this.clock = b.clock;
        this.keys = Keyset.builder(b.secrets, secretName, HmacKey::fromSecret)
                .pending(b.pending).grace(Duration.ZERO).clock(clock).build();
    }

    /** Starts a signer with the secret {@code secretName}. */
    public static Builder builder(Secrets secrets, String secretName) {
        return new Builder(secrets, secretName);
    }

    /**
     * The headers that sign {@code body} now with the current version of the secret, in the order
     * the sender would write them (timestamp first where it is a header of its own).
     *
     * @param body the exact bytes that will be sent
     * @return the headers to add to the request, unmodifiable
     */
    public Map<String, String> sign(byte[] body) {
        Objects.requireNonNull(body, "body");
        return scheme.sign(keys.primary().key(), clock.instant().getEpochSecond(), body);
    }

    /** The version of the secret that {@link #sign} uses now. */
    public String signingVersion() {
        return keys.primary().version();
    }

    /** The secret this signer follows. */
    public String secretName() {
        return secretName;
    }

    /** The scheme whose headers it produces. */
    public WebhookScheme scheme() {
        return scheme;
    }

    /** Stops following the secret's rotations; signing keeps using the key it has. */
    @Override
    public void close() {
        keys.close();
    }

    /** {@code HmacSigner[OUTGOING_WEBHOOK_SECRET, stripe, version 3]}. */
    @Override
    public String toString() {
        return "HmacSigner[" + secretName + ", " + scheme.name() + ", version " + signingVersion() + "]";
    }

    /** Options of an {@link HmacSigner}; setters check their argument at once and name the setting. */
    public static final class Builder {
        private final Secrets secrets;
        private final String secretName;
        private WebhookScheme scheme;
        private Duration pending = Duration.ZERO;
        private Clock clock = Clock.systemUTC();

        private Builder(Secrets secrets, String secretName) {
            this.secrets = Objects.requireNonNull(secrets, "secrets");
            this.secretName = HmacVerifier.requireName(secretName);
        }

        /** The receiver's format: {@link WebhookScheme#github()}, {@code stripe()}, {@code slack()} or a custom one; required. */
        public Builder scheme(WebhookScheme scheme) {
            this.scheme = Objects.requireNonNull(scheme, "scheme");
            return this;
        }

        /**
         * How long after a rotation the signer keeps signing with the previous version, so that
         * receivers can add the new one first; default zero (switch at once).
         */
        public Builder pending(Duration pending) {
            Objects.requireNonNull(pending, "pending");
            if (pending.isNegative()) {
                throw new IllegalArgumentException("pending must not be negative, got " + pending);
            }
            this.pending = pending;
            return this;
        }

        /** The clock for the timestamps of timestamped schemes; default the system clock (UTC). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Reads the secret and starts following its rotations.
         *
         * @throws IllegalStateException   when no scheme is set
         * @throws SecretNotFoundException when no provider has the secret
         * @throws SecretFormatException   when the secret is empty, naming the secret and version
         */
        public HmacSigner build() {
            if (scheme == null) {
                throw new IllegalStateException("HmacSigner for secret '" + secretName
                        + "' has no scheme; call scheme(WebhookScheme.github()), stripe(), slack() or custom()");
            }
            return new HmacSigner(this);
        }
    }
}
