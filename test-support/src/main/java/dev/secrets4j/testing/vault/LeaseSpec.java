package dev.secrets4j.testing.vault;

import java.time.Duration;

/**
 * The lease each read of a dynamic secret gets ({@link VaultEmulator#dynamicSecret(String, LeaseSpec)}).
 *
 * <pre>{@code
 * LeaseSpec spec = LeaseSpec.builder().ttl(Duration.ofMinutes(10)).maxTtl(Duration.ofMinutes(30))
 *         .renewable(true).build();
 * }</pre>
 *
 * <p>Defaults: TTL 1 hour, max TTL 24 hours, renewable.
 */
public final class LeaseSpec {

    private final Duration ttl;
    private final Duration maxTtl;
    private final boolean renewable;

    private LeaseSpec(Builder b) {
        this.ttl = b.ttl;
        this.maxTtl = b.maxTtl;
        this.renewable = b.renewable;
    }

    /** A builder with the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** The lease duration at issue, and the increment a renewal grants when none is asked. */
    public Duration ttl() {
        return ttl;
    }

    /** No renewal extends the lease past its issue time plus this. */
    public Duration maxTtl() {
        return maxTtl;
    }

    /** Whether {@code sys/leases/renew} accepts the lease. */
    public boolean renewable() {
        return renewable;
    }

    /** {@code LeaseSpec[ttl=PT10M, maxTtl=PT30M, renewable=true]}. */
    @Override
    public String toString() {
        return "LeaseSpec[ttl=" + ttl + ", maxTtl=" + maxTtl + ", renewable=" + renewable + "]";
    }

    /** Builds a {@link LeaseSpec}; each setter checks its argument at once. */
    public static final class Builder {
        private Duration ttl = Duration.ofHours(1);
        private Duration maxTtl = Duration.ofHours(24);
        private boolean renewable = true;

        private Builder() {
        }

        /** The lease TTL, at least one second. */
        public Builder ttl(Duration ttl) {
            this.ttl = TokenSpec.positiveSeconds("ttl", ttl);
            return this;
        }

        /** The lease max TTL, at least one second. */
        public Builder maxTtl(Duration maxTtl) {
            this.maxTtl = TokenSpec.positiveSeconds("maxTtl", maxTtl);
            return this;
        }

        /** Whether the lease may be renewed. */
        public Builder renewable(boolean renewable) {
            this.renewable = renewable;
            return this;
        }

        /**
         * The spec.
         *
         * @throws IllegalArgumentException when the TTL exceeds the max TTL
         */
        public LeaseSpec build() {
            if (ttl.compareTo(maxTtl) > 0) {
                throw new IllegalArgumentException("LeaseSpec.ttl " + ttl + " exceeds maxTtl " + maxTtl
                        + "; lower ttl or raise maxTtl");
            }
            return new LeaseSpec(this);
        }
    }
}
