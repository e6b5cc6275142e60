package dev.secrets4j.jwt;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import dev.secrets4j.Keyset;
import dev.secrets4j.Secret;
import dev.secrets4j.Secrets;
import dev.secrets4j.jwt.internal.HmacKey;
import dev.secrets4j.jwt.internal.PreviousVersionTolerance;
import dev.secrets4j.jwt.internal.RingKey;
import dev.secrets4j.jwt.internal.RsaPem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The RSA keys an application signs and verifies JWTs with, read from secrets and following
 * their rotation, in the manner of Tink's keysets: exactly one {@link Keyset.State#PRIMARY} key
 * signs; {@link Keyset.State#PENDING} keys (a new version during the pending period) and
 * {@link Keyset.State#VERIFY_ONLY} keys (replaced versions during the grace period, and every
 * extra verification key) only verify. All of them are published by {@link #jwks()}.
 *
 * <pre>{@code
 * JwtKeyRing ring = JwtKeyRing.builder(secrets)
 *     .privateKey("JWT_PRIVATE_KEY")                   // RSA private key PEM, PKCS#8 or PKCS#1
 *     .verificationKey("PARTNER_PUBLIC_KEY")           // optional, repeatable
 *     .grace(Duration.ofHours(24)).pending(Duration.ofMinutes(10))
 *     .legacyHmac("JWT_SECRET", Instant.parse("2027-01-01T00:00:00Z"))   // optional
 *     .build();
 * }</pre>
 *
 * <p>Each key's {@code kid} is its RFC 7638 JWK thumbprint unless the secret's metadata has a
 * {@code kid}. RSA keys under 2048 bits, non-RSA keys, broken PEM and HMAC secrets under 32 bytes
 * fail {@link Builder#build()} with an exception naming the secret and version; after the build,
 * such a new version is refused by its keyset (one WARN) and the ring keeps its keys. Nothing the
 * ring logs, throws or prints holds key material.
 *
 * <p>Each secret is followed by a core {@link Keyset}; states are computed from the clock at each
 * call, so no timer runs. Thread-safe; reads take no lock. {@link #close()} stops following the
 * secrets' changes.
 */
public final class JwtKeyRing implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(JwtKeyRing.class);

    /** The JWKS cache hint never exceeds this, so that removing a compromised key reaches clients within it. */
    private static final Duration MAX_JWKS_AGE = Duration.ofHours(1);

    private final JwtAlgorithm algorithm;
    // Optional keys: a previous version that was unusable at build is held as empty (PreviousVersionTolerance).
    private final Keyset<Optional<RingKey>> signing;
    private final List<Keyset<Optional<RingKey>>> extras;
    private final Optional<Keyset<Optional<HmacKey>>> legacy;
    private final Optional<String> legacyName;
    private final Optional<Instant> legacyDeadline;
    private final Duration pending;
    private final Clock clock;

    private JwtKeyRing(Builder b, Keyset<Optional<RingKey>> signing, List<Keyset<Optional<RingKey>>> extras,
                       Optional<Keyset<Optional<HmacKey>>> legacy) {
        this.algorithm = b.algorithm;
        this.signing = signing;
        this.extras = List.copyOf(extras);
        this.legacy = legacy;
        this.legacyName = Optional.ofNullable(b.legacyHmac);
        this.legacyDeadline = Optional.ofNullable(b.legacyDeadline);
        this.pending = b.pending;
        this.clock = b.clock;
    }

    /** Starts a key ring that reads its keys from {@code secrets}. */
    public static Builder builder(Secrets secrets) {
        return new Builder(secrets);
    }

    /** A PKCS#8 PEM ({@code BEGIN PRIVATE KEY}) of a new RSA 4096 key, for a new {@code JWT_PRIVATE_KEY}. */
    public static String generatePrivateKeyPem() {
        return generatePrivateKeyPem(4096);
    }

    /**
     * A PKCS#8 PEM ({@code BEGIN PRIVATE KEY}) of a new RSA key of {@code bits} bits.
     *
     * @throws IllegalArgumentException when {@code bits} is under 2048 or over 16384
     */
    public static String generatePrivateKeyPem(int bits) {
        return RsaPem.generate(bits);
    }

    /** The {@code kid} of the key that signs now. */
    public String primaryKid() {
        return signingKey().kid();
    }

    /**
     * Every live public key with its state now: the private-key secret's keys (pending, primary,
     * verify-only; newest first), then the extra verification keys (verify-only).
     */
    public List<JwtKey> keys() {
        List<JwtKey> out = new ArrayList<>();
        signing.states().forEach((k, state) -> k.key().ifPresent(key ->
                out.add(new JwtKey(key.kid(), state, key.bits(), signing.name(), k.version()))));
        for (Keyset<Optional<RingKey>> extra : extras) {
            for (Keyset.Key<Optional<RingKey>> k : extra.keys()) {
                k.key().ifPresent(key ->
                        out.add(new JwtKey(key.kid(), Keyset.State.VERIFY_ONLY, key.bits(), extra.name(), k.version())));
            }
        }
        return List.copyOf(out);
    }

    /**
     * The RFC 7517 JWK set of every pending, primary and verify-only public key:
     * {@code {"keys":[{"kty":"RSA","kid":...,"use":"sig","alg":"RS256","n":...,"e":...}]}}. Never a
     * private part, never the legacy HMAC secret. Serve it with {@link #jwksMaxAge()}.
     */
    public String jwks() {
        Set<String> seen = new HashSet<>();
        List<JWK> jwks = new ArrayList<>();
        for (Keyset<Optional<RingKey>> keyset : allRsa()) {
            for (Keyset.Key<Optional<RingKey>> k : keyset.keys()) {
                k.key().filter(key -> seen.add(key.kid())).ifPresent(key -> jwks.add(key.publicJwk()));
            }
        }
        return new JWKSet(jwks).toString(true);
    }

    /**
     * How long a client may cache {@link #jwks()} ({@code Cache-Control: max-age}): half the
     * pending period, at most one hour, whole seconds; zero when the pending period is zero. A
     * client that fetched the set just before a new key was published thus fetches it again
     * before that key starts signing.
     */
    public Duration jwksMaxAge() {
        Duration half = pending.dividedBy(2);
        Duration capped = half.compareTo(MAX_JWKS_AGE) > 0 ? MAX_JWKS_AGE : half;
        return Duration.ofSeconds(capped.toSeconds());
    }

    /** Until when HS256 tokens are accepted, when the ring was built with a legacy HMAC secret. */
    public Optional<Instant> legacyHmacDeadline() {
        return legacyDeadline;
    }

    /** Stops following the secrets' changes; the keys stay as they are. */
    @Override
    public void close() {
        signing.close();
        extras.forEach(Keyset::close);
        legacy.ifPresent(Keyset::close);
    }

    /** The secret, algorithm and the {@code kid} and state of each key; never key material. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("JwtKeyRing[").append(algorithm).append(", ");
        sb.append(keys().stream().map(k -> k.secretName() + " v" + k.version() + " " + k.kid() + " " + k.state())
                .collect(Collectors.joining(", ")));
        legacyDeadline.ifPresent(d -> sb.append(", HS256 from '").append(legacyName.orElseThrow())
                .append("' until ").append(d));
        return sb.append(']').toString();
    }

    // ---- for JwtSigner and JwtVerifier ---------------------------------------------------------

    /** The algorithm the ring signs with. */
    JwtAlgorithm algorithm() {
        return algorithm;
    }

    /** The primary key of the private-key secret. */
    RingKey signingKey() {
        // The primary is the current version, which must parse: never empty.
        return signing.primary().key().orElseThrow();
    }

    /** The live key with this {@code kid}: one map lookup per secret. */
    Optional<RingKey> find(String kid) {
        Optional<RingKey> k = signing.find(kid).flatMap(Keyset.Key::key);
        for (int i = 0; k.isEmpty() && i < extras.size(); i++) {
            k = extras.get(i).find(kid).flatMap(Keyset.Key::key);
        }
        return k;
    }

    private List<Keyset<Optional<RingKey>>> allRsa() {
        List<Keyset<Optional<RingKey>>> all = new ArrayList<>(1 + extras.size());
        all.add(signing);
        all.addAll(extras);
        return all;
    }

    /** Whether the ring was built with a legacy HMAC secret. */
    boolean hasLegacyHmac() {
        return legacyDeadline.isPresent();
    }

    /** Whether HS256 tokens are still accepted now. */
    boolean legacyHmacOpen() {
        return legacy.isPresent() && clock.instant().isBefore(legacyDeadline.orElseThrow());
    }

    /** Every live version of the legacy HMAC secret, newest first. */
    List<HmacKey> legacyKeys() {
        return legacy.map(l -> l.keys().stream().flatMap(k -> k.key().stream()).toList()).orElse(List.of());
    }

    /** Options of a {@link JwtKeyRing}; each setter checks its argument at once. */
    public static final class Builder {
        private final Secrets secrets;
        private String privateKey;
        private final List<String> verificationKeys = new ArrayList<>();
        private JwtAlgorithm algorithm = JwtAlgorithm.RS256;
        private Duration grace = Duration.ofHours(24);
        private Duration pending = Duration.ZERO;
        private String legacyHmac;
        private Instant legacyDeadline;
        private Clock clock = Clock.systemUTC();

        private Builder(Secrets secrets) {
            this.secrets = Objects.requireNonNull(secrets, "secrets");
        }

        /** The secret holding the RSA private key PEM (PKCS#1 or PKCS#8) that signs; required. */
        public Builder privateKey(String secretName) {
            this.privateKey = name("privateKey", secretName);
            return this;
        }

        /** A secret holding an extra public key PEM accepted for verification only; repeatable. */
        public Builder verificationKey(String secretName) {
            verificationKeys.add(name("verificationKey", secretName));
            return this;
        }

        /** The algorithm the ring signs with: {@link JwtAlgorithm#RS256} (default) or {@link JwtAlgorithm#PS256}. */
        public Builder algorithm(JwtAlgorithm algorithm) {
            Objects.requireNonNull(algorithm, "algorithm");
            if (algorithm == JwtAlgorithm.HS256) {
                throw new IllegalArgumentException("algorithm must be RS256 or PS256, got HS256;"
                        + " HS256 is only verified, through legacyHmac(secret, deadline)");
            }
            this.algorithm = algorithm;
            return this;
        }

        /** How long a replaced key still verifies; default 24 hours. */
        public Builder grace(Duration grace) {
            this.grace = nonNegative("grace", grace);
            return this;
        }

        /** How long a new key is published before it signs; default zero. */
        public Builder pending(Duration pending) {
            this.pending = nonNegative("pending", pending);
            return this;
        }

        /** Accepts HS256 tokens MACed with the secret {@code secretName} until {@code deadline}. */
        public Builder legacyHmac(String secretName, Instant deadline) {
            this.legacyHmac = name("legacyHmac", secretName);
            this.legacyDeadline = Objects.requireNonNull(deadline, "legacyHmac deadline");
            return this;
        }

        /** The clock that decides key states and the migration deadline; default the system clock. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Reads the keys and starts following their secrets.
         *
         * @throws dev.secrets4j.SecretsException naming the secret (and version) that is missing or not a usable key
         */
        public JwtKeyRing build() {
            if (privateKey == null) {
                throw new IllegalStateException("privateKey is not set: name the secret that holds the RSA private"
                        + " key PEM the ring signs with, for example privateKey(\"JWT_PRIVATE_KEY\")");
            }
            JWSAlgorithm jws = JWSAlgorithm.parse(algorithm.name());
            List<Keyset<?>> opened = new ArrayList<>();
            try {
                Keyset<Optional<RingKey>> signing = rsaKeyset(privateKey, s -> RsaPem.privateKey(s, jws), pending);
                opened.add(signing);
                List<Keyset<Optional<RingKey>>> extras = new ArrayList<>();
                for (String name : verificationKeys) {
                    Keyset<Optional<RingKey>> extra = rsaKeyset(name, s -> RsaPem.publicKey(s, jws), Duration.ZERO);
                    opened.add(extra);
                    extras.add(extra);
                }
                Optional<Keyset<Optional<HmacKey>>> legacy = Optional.empty();
                if (legacyHmac != null) {
                    legacy = legacyKeyset();
                    legacy.ifPresent(opened::add);
                }
                log.info("JWT key ring ready: signs {} with key {} from secret '{}'", algorithm,
                        signing.primary().key().orElseThrow().kid(), privateKey);
                return new JwtKeyRing(this, signing, extras, legacy);
            } catch (RuntimeException e) {
                opened.forEach(Keyset::close);
                throw e;
            }
        }

        private Keyset<Optional<RingKey>> rsaKeyset(String name, Function<Secret, RingKey> parser, Duration pendingPeriod) {
            PreviousVersionTolerance<RingKey> tolerant = PreviousVersionTolerance.of(parser);
            // An unusable previous version gets an id no token can name, so find() never reaches it.
            Keyset<Optional<RingKey>> keys = Keyset.builder(secrets, name, tolerant)
                    .indexBy(k -> k.map(RingKey::kid).orElseGet(() -> "\0unusable-" + UUID.randomUUID()))
                    .grace(grace).pending(pendingPeriod).clock(clock).build();
            tolerant.built();
            return keys;
        }

        private Optional<Keyset<Optional<HmacKey>>> legacyKeyset() {
            if (!clock.instant().isBefore(legacyDeadline)) {
                // The secret may well be gone by now: do not read it, just refuse HS256 tokens.
                log.info("HS256 to RS256 migration ended at {}: HS256 tokens are refused with MIGRATION_ENDED;"
                        + " remove legacyHmac(\"{}\", ...) and the secret", legacyDeadline, legacyHmac);
                return Optional.empty();
            }
            PreviousVersionTolerance<HmacKey> tolerant = PreviousVersionTolerance.of(HmacKey::parse);
            Keyset<Optional<HmacKey>> keys = Keyset.builder(secrets, legacyHmac, tolerant).grace(grace).clock(clock).build();
            tolerant.built();
            log.info("HS256 to RS256 migration: HS256 tokens MACed with secret '{}' are accepted until {};"
                    + " after that they fail with MIGRATION_ENDED. New tokens are signed with {}",
                    legacyHmac, legacyDeadline, algorithm);
            return Optional.of(keys);
        }

        private static String name(String setting, String secretName) {
            Objects.requireNonNull(secretName, setting);
            if (secretName.isBlank()) {
                throw new IllegalArgumentException(setting + " needs a secret name, got a blank one");
            }
            return secretName;
        }

        private static Duration nonNegative(String setting, Duration d) {
            Objects.requireNonNull(d, setting);
            if (d.isNegative()) {
                throw new IllegalArgumentException(setting + " must not be negative, got " + d);
            }
            return d;
        }
    }
}
