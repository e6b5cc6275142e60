package dev.secrets4j.hmac;

import dev.secrets4j.Keyset;
import dev.secrets4j.SecretFormatException;
import dev.secrets4j.SecretNotFoundException;
import dev.secrets4j.Secrets;
import dev.secrets4j.hmac.WebhookVerificationException.Reason;
import dev.secrets4j.hmac.internal.Delivery;
import dev.secrets4j.hmac.internal.Headers;
import dev.secrets4j.hmac.internal.HmacKey;
import dev.secrets4j.hmac.internal.Rejection;
import dev.secrets4j.hmac.internal.ReplayCache;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Verifies incoming webhook deliveries against a secret: its current version and every previous
 * version still inside its grace period after a rotation (the dual-credential window), following
 * rotations as {@link Secrets} sees them.
 *
 * <pre>{@code
 * HmacVerifier verifier = HmacVerifier.builder(secrets, "GITHUB_WEBHOOK_SECRET")
 *     .scheme(WebhookScheme.github())
 *     .build();
 * WebhookVerification ok = verifier.verify(headers, body);   // or throws WebhookVerificationException
 * }</pre>
 *
 * <p>A delivery passes when, in this order: its headers are in the scheme's format; one of its
 * signatures matches the body under a live version of the secret (HMAC over the exact bytes given,
 * compared in constant time); its timestamp, where the scheme has one, is within the tolerance of
 * now (past or future); and the same delivery was not accepted before within the tolerance
 * window. The replay cache remembers a fingerprint of what the sender signed (timestamp and
 * body), so a replay is caught whichever of its headers, signatures or secret versions it
 * presents. Only deliveries that carry a valid signature enter it. For schemes without a
 * timestamp (GitHub) a delivery is remembered for the tolerance from when it was first
 * accepted. The replay cache lives in this process: behind a load balancer, also deduplicate on
 * the sender's delivery id.
 *
 * <p>The first delivery signed with a previous version logs one WARN per version, so the sender can
 * be told to rotate before the grace period ends. Rejections are logged at DEBUG only: they are
 * expected traffic. Thread-safe. {@link #close()} stops following the secret.
 */
public final class HmacVerifier implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HmacVerifier.class);

    /** What the verifier does when its replay cache is full of unexpired deliveries. */
    public enum WhenFull {
        /**
         * Refuse new deliveries as {@link Reason#REPLAY_CACHE_FULL} (retryable) until entries expire:
         * fail closed. The default.
         */
        REJECT,
        /**
         * Forget the deliveries closest to expiry to make room: fail open, so a replay of a forgotten
         * delivery would pass. For senders that never retry, where losing a delivery costs more.
         */
        EVICT_OLDEST
    }

    private final String secretName;
    private final WebhookScheme scheme;
    private final Duration tolerance;
    private final Clock clock;
    private final Keyset<HmacKey> keys;
    private final ReplayCache replays;
    private final HmacKey replayKey = HmacKey.random();
    private final Set<String> warnedVersions = ConcurrentHashMap.newKeySet();

    private HmacVerifier(Builder b) {
        this.secretName = b.secretName;
        this.scheme = b.scheme;
        this.tolerance = b.tolerance;
        this.clock = b.clock;
        this.replays = new ReplayCache(b.replayCacheSize, b.whenFull == WhenFull.EVICT_OLDEST,
                "secret '" + secretName + "' (scheme " + scheme.name() + ")", tolerance);
        this.keys = Keyset.builder(b.secrets, secretName, HmacKey::fromSecret).grace(b.grace).clock(clock).build();
    }

    /** Starts a verifier of deliveries signed with the secret {@code secretName}. */
    public static Builder builder(Secrets secrets, String secretName) {
        return new Builder(secrets, secretName);
    }

    /**
     * Verifies a delivery whose headers are in a map; header names match case-insensitively.
     *
     * @param headers the request headers (name to value)
     * @param body    the request body exactly as received: never re-serialised JSON
     * @throws WebhookVerificationException with the reason, when the delivery is rejected
     */
    public WebhookVerification verify(Map<String, String> headers, byte[] body) {
        return verify(Headers.of(headers), body);
    }

    /**
     * Verifies a delivery whose headers are read through {@code headers}, such as
     * {@code name -> Optional.ofNullable(request.getHeader(name))}; the function decides how names
     * match (servlet containers match them case-insensitively).
     *
     * @param headers a header lookup by name; empty when the header is absent
     * @param body    the request body exactly as received: never re-serialised JSON
     * @throws WebhookVerificationException with the reason, when the delivery is rejected
     */
    public WebhookVerification verify(Function<String, Optional<String>> headers, byte[] body) {
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(body, "body");
        try {
            return check(headers, body);
        } catch (Rejection r) {
            WebhookVerificationException e = new WebhookVerificationException(r.reason(), secretName, scheme.name(), r.detail());
            log.debug("{} [{}]", e.getMessage(), r.reason());
            throw e;
        }
    }

    /** The secret this verifier follows. */
    public String secretName() {
        return secretName;
    }

    /** The scheme it verifies. */
    public WebhookScheme scheme() {
        return scheme;
    }

    /** How far a sender's timestamp may be from now, and how long an accepted delivery is remembered. */
    public Duration tolerance() {
        return tolerance;
    }

    /** Stops following the secret's rotations; verification keeps using the keys it has. */
    @Override
    public void close() {
        keys.close();
    }

    /** {@code HmacVerifier[GITHUB_WEBHOOK_SECRET, github, versions 3 PRIMARY, 2 VERIFY_ONLY, replay cache 12/10000]}. */
    @Override
    public String toString() {
        return "HmacVerifier[" + secretName + ", " + scheme.name() + ", versions " + keys.states().entrySet().stream()
                .map(e -> e.getKey().version() + " " + e.getValue()).collect(Collectors.joining(", "))
                + ", replay cache " + replays.size() + "/" + replays.capacity() + "]";
    }

    private WebhookVerification check(Function<String, Optional<String>> headers, byte[] body) {
        Instant now = clock.instant();
        Delivery delivery = scheme.read(headers);
        Map<Keyset.Key<HmacKey>, Keyset.State> live = keys.states();
        Keyset.Key<HmacKey> matched = null;
        for (Keyset.Key<HmacKey> key : live.keySet()) {
            if (scheme.matches(key.key(), delivery, body)) {
                matched = key;
                break;
            }
        }
        if (matched == null) {
            throw new Rejection(Reason.BAD_SIGNATURE, "the signature matches the body under none of the "
                    + live.size() + " live version(s) of the secret (" + live.keySet().stream().map(Keyset.Key::version)
                    .collect(Collectors.joining(", ")) + "); check that the sender signs with this secret and that "
                    + "verify() gets the body byte for byte as received");
        }
        delivery.timestamp().ifPresent(t -> checkWindow(t, now));
        Instant expiresAt = delivery.timestamp().orElse(now).plus(tolerance);
        switch (replays.record(scheme.fingerprint(replayKey, delivery, body), expiresAt, now)) {
            case REPLAYED -> throw new Rejection(Reason.REPLAYED, "this delivery was already accepted within the last "
                    + tolerance.toSeconds() + " s, so the delivery is a replay; answer it as a duplicate "
                    + "without processing it again");
            case FULL -> throw new Rejection(Reason.REPLAY_CACHE_FULL, "the replay cache holds " + replays.capacity()
                    + " unexpired deliveries and refuses more; answer 503 so the sender retries, and raise replayCacheSize");
            case ACCEPTED -> {
            }
        }
        Keyset.State state = live.get(matched);
        if (state == Keyset.State.VERIFY_ONLY && warnedVersions.add(matched.version())) {
            log.warn("webhook for secret '{}' (scheme {}) was signed with version {}, which has been replaced and is "
                            + "accepted until {}; give the sender the current secret before then",
                    secretName, scheme.name(), matched.version(),
                    matched.droppedAt().map(Instant::toString).orElse("the end of its grace period"));
        }
        log.debug("webhook for secret '{}' (scheme {}) verified with version {} ({})",
                secretName, scheme.name(), matched.version(), state);
        return new WebhookVerification(secretName, scheme.name(), matched.version(), state, delivery.timestamp());
    }

    private void checkWindow(Instant timestamp, Instant now) {
        Duration age = Duration.between(timestamp, now);
        if (age.abs().compareTo(tolerance) > 0) {
            String how = age.isNegative()
                    ? age.negated().toSeconds() + " s ahead of this server's clock"
                    : age.toSeconds() + " s old";
            throw new Rejection(Reason.STALE_TIMESTAMP, "the sender's timestamp is " + how + ", beyond the tolerance of "
                    + tolerance.toSeconds() + " s; if deliveries are fresh, check both clocks (NTP)");
        }
    }

    /** Options of an {@link HmacVerifier}; setters check their argument at once and name the setting. */
    public static final class Builder {
        private final Secrets secrets;
        private final String secretName;
        private WebhookScheme scheme;
        private Duration tolerance = Duration.ofSeconds(300);
        private Duration grace = Duration.ofHours(24);
        private int replayCacheSize = 10_000;
        private WhenFull whenFull = WhenFull.REJECT;
        private Clock clock = Clock.systemUTC();

        private Builder(Secrets secrets, String secretName) {
            this.secrets = Objects.requireNonNull(secrets, "secrets");
            this.secretName = requireName(secretName);
        }

        /** The sender's format: {@link WebhookScheme#github()}, {@code stripe()}, {@code slack()} or a custom one; required. */
        public Builder scheme(WebhookScheme scheme) {
            this.scheme = Objects.requireNonNull(scheme, "scheme");
            return this;
        }

        /**
         * How far a sender's timestamp may be from now, either way, and how long an accepted delivery
         * is remembered against replays; default 300 seconds.
         */
        public Builder tolerance(Duration tolerance) {
            Objects.requireNonNull(tolerance, "tolerance");
            if (tolerance.isNegative() || tolerance.isZero()) {
                throw new IllegalArgumentException("tolerance must be positive, got " + tolerance);
            }
            this.tolerance = tolerance;
            return this;
        }

        /** How long a replaced version of the secret is still accepted after a rotation; default 24 hours. */
        public Builder grace(Duration grace) {
            Objects.requireNonNull(grace, "grace");
            if (grace.isNegative()) {
                throw new IllegalArgumentException("grace must not be negative, got " + grace);
            }
            this.grace = grace;
            return this;
        }

        /** How many accepted deliveries are remembered within the tolerance window; default 10,000. */
        public Builder replayCacheSize(int size) {
            if (size < 1) {
                throw new IllegalArgumentException("replayCacheSize must be at least 1, got " + size);
            }
            this.replayCacheSize = size;
            return this;
        }

        /** What to do when the replay cache is full of unexpired deliveries; default {@link WhenFull#REJECT}. */
        public Builder whenReplayCacheFull(WhenFull whenFull) {
            this.whenFull = Objects.requireNonNull(whenFull, "whenReplayCacheFull");
            return this;
        }

        /** The clock for timestamps, replay expiry and grace periods; default the system clock (UTC). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Reads the secret's versions and starts following its rotations.
         *
         * @throws IllegalStateException   when no scheme is set
         * @throws SecretNotFoundException when no provider has the secret
         * @throws SecretFormatException   when a version of the secret is empty, naming the secret and version
         */
        public HmacVerifier build() {
            if (scheme == null) {
                throw new IllegalStateException("HmacVerifier for secret '" + secretName
                        + "' has no scheme; call scheme(WebhookScheme.github()), stripe(), slack() or custom()");
            }
            return new HmacVerifier(this);
        }
    }

    static String requireName(String secretName) {
        Objects.requireNonNull(secretName, "secretName");
        if (secretName.isBlank()) {
            throw new IllegalArgumentException("secretName must not be blank, got '" + secretName + "'");
        }
        return secretName;
    }
}
