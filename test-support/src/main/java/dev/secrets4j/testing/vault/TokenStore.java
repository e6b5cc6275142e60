package dev.secrets4j.testing.vault;

import tools.jackson.databind.node.ObjectNode;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The tokens the emulator issued, their TTLs on the clock, and the token self-service endpoints
 * ({@code auth/token/lookup-self}, {@code renew-self}, {@code revoke-self}). A token is live until it is
 * revoked or its expiry passes; renewal extends it by the increment, capped at its max TTL with Vault's
 * warning. Each token has a stable label ({@code token#3}) for records and logs. Thread-safe.
 */
final class TokenStore {

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** One token; mutable fields are guarded by the token itself. */
    static final class Token {
        final String value;
        final String accessor;
        final String label;
        final String path;
        final List<String> policies;
        final Map<String, String> metadata;
        final boolean renewable;
        final Duration creationTtl;
        final Instant issuedAt;
        final Instant maxExpiresAt;
        Instant expiresAt;
        Instant lastRenewal;
        boolean revoked;

        Token(String value, String label, String path, TokenSpec spec, Map<String, String> metadata, Instant now,
              boolean root) {
            this.value = value;
            this.accessor = random(24);
            this.label = label;
            this.path = path;
            this.policies = root ? List.of("root") : spec.policies();
            this.metadata = Map.copyOf(metadata);
            this.renewable = !root && spec.renewable();
            this.creationTtl = root ? Duration.ZERO : spec.ttl();
            this.issuedAt = now;
            this.maxExpiresAt = root ? null : now.plus(spec.maxTtl());
            this.expiresAt = root ? null : now.plus(spec.ttl());
        }

        synchronized boolean isLiveAt(Instant now) {
            return !revoked && (expiresAt == null || now.isBefore(expiresAt));
        }
    }

    private final Clock clock;
    private final Map<String, Token> byValue = new ConcurrentHashMap<>();
    private final AtomicInteger labels = new AtomicInteger();
    private final Token root;

    TokenStore(Clock clock) {
        this.clock = clock;
        String value = "hvs." + random(24);
        this.root = new Token(value, "token#root", "auth/token/root", TokenSpec.defaults(), Map.of(), clock.instant(),
                true);
        byValue.put(value, root);
    }

    static String random(int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }

    String rootToken() {
        return root.value;
    }

    /** Issues a service token of {@code spec}, created by {@code path} (such as {@code auth/approle/login}). */
    Token issue(TokenSpec spec, String path, Map<String, String> metadata) {
        String value = "hvs." + random(24);
        Token token = new Token(value, "token#" + labels.incrementAndGet(), path, spec, metadata, clock.instant(),
                false);
        byValue.put(value, token);
        return token;
    }

    /** The live token with that value, if any. */
    Optional<Token> live(Optional<String> value) {
        return value.map(byValue::get).filter(t -> t.isLiveAt(clock.instant()));
    }

    /** {@code token#3} for a token issued here, {@code token#?} for any other value. */
    String label(String value) {
        Token token = byValue.get(value);
        return token == null ? "token#?" : token.label;
    }

    /** @throws IllegalArgumentException when the value was never issued here */
    void revoke(String value) {
        Token token = byValue.get(value);
        if (token == null) {
            throw new IllegalArgumentException("revokeToken: this emulator never issued that token");
        }
        synchronized (token) {
            token.revoked = true;
        }
    }

    /** The {@code auth} block of a login or renewal (Vault's {@code logical.HTTPAuth}); policies always present. */
    static ObjectNode authBlock(Token t, long leaseSeconds) {
        ObjectNode auth = WireJson.object();
        auth.put("client_token", t.value);
        auth.put("accessor", t.accessor);
        auth.set("policies", WireJson.array(t.policies));
        auth.set("token_policies", WireJson.array(t.policies));
        if (t.metadata.isEmpty()) {
            auth.putNull("metadata");
        } else {
            ObjectNode meta = auth.putObject("metadata");
            t.metadata.forEach(meta::put);
        }
        auth.put("lease_duration", leaseSeconds);
        auth.put("renewable", t.renewable);
        auth.put("entity_id", "");
        auth.put("token_type", "service");
        auth.put("orphan", true);
        auth.putNull("mfa_requirement");
        auth.put("num_uses", 0);
        return auth;
    }

    /** The envelope of a login: {@code auth} set, {@code data} null, top-level {@code renewable} false. */
    static ObjectNode authEnvelope(Token t, long leaseSeconds, String mountType) {
        ObjectNode body = WireJson.envelope(null, mountType);
        body.set("auth", authBlock(t, leaseSeconds));
        return body;
    }

    ApiResponse lookupSelf(Token t) {
        Instant now = clock.instant();
        ObjectNode d = WireJson.object();
        synchronized (t) {
            d.put("accessor", t.accessor);
            d.put("creation_time", t.issuedAt.getEpochSecond());
            d.put("creation_ttl", t.creationTtl.toSeconds());
            d.put("display_name", t.path.equals("auth/token/root") ? "root" : "token");
            d.put("entity_id", "");
            if (t.expiresAt == null) {
                d.putNull("expire_time");
            } else {
                d.put("expire_time", WireJson.time(t.expiresAt));
            }
            d.put("explicit_max_ttl", t.maxExpiresAt == null ? 0
                    : Duration.between(t.issuedAt, t.maxExpiresAt).toSeconds());
            d.put("id", t.value);
            d.put("issue_time", WireJson.time(t.issuedAt));
            if (t.lastRenewal != null) {
                d.put("last_renewal", WireJson.time(t.lastRenewal));
                d.put("last_renewal_time", t.lastRenewal.getEpochSecond());
            }
            if (t.metadata.isEmpty()) {
                d.putNull("meta");
            } else {
                ObjectNode meta = d.putObject("meta");
                t.metadata.forEach(meta::put);
            }
            d.put("num_uses", 0);
            d.put("orphan", true);
            d.put("path", t.path);
            d.set("policies", WireJson.array(t.policies));
            d.put("renewable", t.renewable);
            d.put("ttl", t.expiresAt == null ? 0 : Math.max(0, Duration.between(now, t.expiresAt).toSeconds()));
            d.put("type", "service");
        }
        return ApiResponse.ok(WireJson.envelope(d, "token"));
    }

    /**
     * Extends {@code t} by the body's {@code increment} (seconds or a duration string; the creation TTL when
     * absent or zero) from now, capped at its max TTL with Vault's warning; 400 when it is not renewable.
     */
    ApiResponse renewSelf(Token t, ObjectNode body) {
        if (!t.renewable) {
            return ApiResponse.error(400, "lease is not renewable");
        }
        Instant now = clock.instant();
        Duration increment = WireJson.duration(body.get("increment"), "increment")
                .filter(d -> !d.isZero() && !d.isNegative()).orElse(t.creationTtl);
        String warning = null;
        long lease;
        synchronized (t) {
            Instant wanted = now.plus(increment);
            Instant granted = wanted;
            if (wanted.isAfter(t.maxExpiresAt)) {
                granted = t.maxExpiresAt;
                warning = cappedWarning(increment, Duration.between(now, granted));
            }
            t.expiresAt = granted;
            t.lastRenewal = now;
            lease = Math.max(0, Duration.between(now, granted).toSeconds());
        }
        ObjectNode out = authEnvelope(t, lease, "token");
        if (warning != null) {
            WireJson.warn(out, warning);
        }
        return ApiResponse.ok(out);
    }

    ApiResponse revokeSelf(Token t) {
        synchronized (t) {
            t.revoked = true;
        }
        return ApiResponse.noContent();
    }

    /** Vault's warning when a renewal asks for more than the max TTL allows. */
    static String cappedWarning(Duration asked, Duration granted) {
        return "TTL of \"" + WireJson.goDuration(asked) + "\" exceeded the effective max_ttl of \""
                + WireJson.goDuration(granted) + "\"; TTL value is capped accordingly";
    }
}
