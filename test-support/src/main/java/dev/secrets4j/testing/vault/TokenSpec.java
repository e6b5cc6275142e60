package dev.secrets4j.testing.vault;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The limits of a token the emulator issues: {@link VaultEmulator#createToken(TokenSpec)}, or a login
 * through AppRole, Kubernetes or JWT.
 *
 * <pre>{@code
 * TokenSpec spec = TokenSpec.builder().ttl(Duration.ofMinutes(30)).maxTtl(Duration.ofHours(2))
 *         .renewable(true).policies("app").build();
 * }</pre>
 *
 * <p>Defaults: TTL 1 hour, max TTL 768 hours (Vault's system default), renewable, policy {@code default},
 * no metadata.
 */
public final class TokenSpec {

    private final Duration ttl;
    private final Duration maxTtl;
    private final boolean renewable;
    private final List<String> policies;
    private final Map<String, String> metadata;

    private TokenSpec(Builder b) {
        this.ttl = b.ttl;
        this.maxTtl = b.maxTtl;
        this.renewable = b.renewable;
        this.policies = List.copyOf(b.policies);
        this.metadata = Map.copyOf(b.metadata);
    }

    /** A builder with the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A spec with every default. */
    public static TokenSpec defaults() {
        return builder().build();
    }

    /** The TTL a new token gets, and the increment a renewal grants when none is asked. */
    public Duration ttl() {
        return ttl;
    }

    /** The explicit max TTL: no renewal extends the token past its creation plus this. */
    public Duration maxTtl() {
        return maxTtl;
    }

    /** Whether {@code renew-self} is allowed. */
    public boolean renewable() {
        return renewable;
    }

    /** The token's policies, in order. */
    public List<String> policies() {
        return policies;
    }

    /** The token's metadata (the {@code auth.metadata} map of the login response). */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** {@code TokenSpec[ttl=PT1H, maxTtl=PT768H, renewable=true, policies=[default]]}. */
    @Override
    public String toString() {
        return "TokenSpec[ttl=" + ttl + ", maxTtl=" + maxTtl + ", renewable=" + renewable
                + ", policies=" + policies + "]";
    }

    /** Builds a {@link TokenSpec}; each setter checks its argument at once. */
    public static final class Builder {
        private Duration ttl = Duration.ofHours(1);
        private Duration maxTtl = Duration.ofHours(768);
        private boolean renewable = true;
        private final List<String> policies = new ArrayList<>(List.of("default"));
        private final Map<String, String> metadata = new LinkedHashMap<>();

        private Builder() {
        }

        /** The TTL, at least one second. */
        public Builder ttl(Duration ttl) {
            this.ttl = positiveSeconds("ttl", ttl);
            return this;
        }

        /** The max TTL, at least one second. */
        public Builder maxTtl(Duration maxTtl) {
            this.maxTtl = positiveSeconds("maxTtl", maxTtl);
            return this;
        }

        /** Whether the token may be renewed. */
        public Builder renewable(boolean renewable) {
            this.renewable = renewable;
            return this;
        }

        /** Replaces the policies; {@code default} is not added implicitly. */
        public Builder policies(String... policies) {
            Objects.requireNonNull(policies, "policies");
            List<String> list = List.of(policies);
            if (list.isEmpty()) {
                throw new IllegalArgumentException("TokenSpec.policies needs at least one policy, got none");
            }
            this.policies.clear();
            this.policies.addAll(list);
            return this;
        }

        /** Adds one metadata entry. */
        public Builder metadata(String key, String value) {
            metadata.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * The spec.
         *
         * @throws IllegalArgumentException when the TTL exceeds the max TTL
         */
        public TokenSpec build() {
            if (ttl.compareTo(maxTtl) > 0) {
                throw new IllegalArgumentException("TokenSpec.ttl " + ttl + " exceeds maxTtl " + maxTtl
                        + "; lower ttl or raise maxTtl");
            }
            return new TokenSpec(this);
        }
    }

    static Duration positiveSeconds(String setting, Duration value) {
        Objects.requireNonNull(value, setting);
        if (value.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException(setting + " must be at least one second, got " + value);
        }
        return value;
    }
}
