package dev.secrets4j.spring.boot.autoconfigure.core;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.core.io.Resource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code secrets4j.*} properties: which providers to use and with which options, which
 * secrets the application needs, and the cache policy. Read by the {@code Secrets} bean and by
 * {@code spring.config.import=secrets4j:}.
 *
 * <pre>{@code
 * secrets4j:
 *   providers:
 *     docker:
 *       paths: /run/secrets
 *     env: {}
 *   required: [DB_PASSWORD]
 *   cache:
 *     ttl: 5m
 * }</pre>
 *
 * <p>A Spring binding target (a JavaBean, as Spring Boot's own properties); applications read
 * the {@code Secrets} bean, not this class.
 */
@ConfigurationProperties(prefix = Secrets4jProperties.PREFIX)
public class Secrets4jProperties {

    /** The prefix of every property: {@code secrets4j}. */
    public static final String PREFIX = "secrets4j";

    /**
     * Whether secrets4j is on: the Secrets bean and the spring.config.import=secrets4j: property
     * source. With false, secrets4j: imports fail (optional:secrets4j: imports add nothing).
     */
    private boolean enabled = true;

    /**
     * Secret providers by id (docker, env, vault, ...), each with the options of its factory, such
     * as secrets4j.providers.docker.paths or secrets4j.providers.vault.address. A name without
     * an explicit binding is looked up through the providers in declaration order (or in the
     * order of secrets4j.order); the first that has it wins. When no provider is configured and
     * the context has no SecretProvider bean, the env provider is used.
     */
    private Map<String, Map<String, String>> providers = new LinkedHashMap<>();

    /**
     * The provider ids to use, in lookup order. Default: every configured provider in declaration
     * order. An id listed here but not configured is created with no options; a configured
     * provider that is not listed is not used.
     */
    private List<String> order = new ArrayList<>();

    /**
     * A secrets catalog (YAML, or JSON when the name ends in .json) declaring the secrets, their
     * shape and the providers, such as classpath:secrets4j.yaml or file:/etc/app/secrets4j.yaml.
     */
    private Resource catalog;

    /** Names of secrets the application cannot start without: a boot fails when one is missing or malformed. */
    private List<String> required = new ArrayList<>();

    /** Names of secrets the application can run without: absent is fine, present must be well-formed. */
    private List<String> optional = new ArrayList<>();

    /**
     * Explicit references by secret name, such as DB_PASSWORD: vault:secret/app/db#password,
     * instead of looking the name up through every provider. Declares the name required unless
     * it is listed in secrets4j.optional.
     */
    private Map<String, String> bindings = new LinkedHashMap<>();

    /** How many backend calls the boot check makes at once. */
    private int bootConcurrency = 16;

    /** How long one backend call may take before it fails as a retryable timeout. */
    private Duration callTimeout = Duration.ofSeconds(10);

    /** How cached secrets are refreshed and how long a stale value is served through an outage. */
    private final Cache cache = new Cache();

    /** Whether secrets4j is on. */
    public boolean isEnabled() {
        return enabled;
    }

    /** Turns secrets4j on or off. */
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /** The providers by id, each with its options, in declaration order. */
    public Map<String, Map<String, String>> getProviders() {
        return providers;
    }

    /** Sets the providers by id. */
    public void setProviders(Map<String, Map<String, String>> providers) {
        this.providers = new LinkedHashMap<>(Objects.requireNonNull(providers, "secrets4j.providers"));
    }

    /** The provider ids to use, in lookup order; empty means every configured provider. */
    public List<String> getOrder() {
        return order;
    }

    /** Sets the provider ids to use, in lookup order. */
    public void setOrder(List<String> order) {
        this.order = new ArrayList<>(Objects.requireNonNull(order, "secrets4j.order"));
    }

    /** The catalog location, or null when none is set. */
    public Resource getCatalog() {
        return catalog;
    }

    /** Sets the catalog location. */
    public void setCatalog(Resource catalog) {
        this.catalog = catalog;
    }

    /** The names of required secrets. */
    public List<String> getRequired() {
        return required;
    }

    /** Sets the names of required secrets. */
    public void setRequired(List<String> required) {
        this.required = new ArrayList<>(Objects.requireNonNull(required, "secrets4j.required"));
    }

    /** The names of optional secrets. */
    public List<String> getOptional() {
        return optional;
    }

    /** Sets the names of optional secrets. */
    public void setOptional(List<String> optional) {
        this.optional = new ArrayList<>(Objects.requireNonNull(optional, "secrets4j.optional"));
    }

    /** The explicit references by secret name. */
    public Map<String, String> getBindings() {
        return bindings;
    }

    /** Sets the explicit references by secret name. */
    public void setBindings(Map<String, String> bindings) {
        this.bindings = new LinkedHashMap<>(Objects.requireNonNull(bindings, "secrets4j.bindings"));
    }

    /** How many backend calls the boot check makes at once. */
    public int getBootConcurrency() {
        return bootConcurrency;
    }

    /** Sets how many backend calls the boot check makes at once (at least 1). */
    public void setBootConcurrency(int bootConcurrency) {
        if (bootConcurrency < 1) {
            throw new IllegalArgumentException("secrets4j.boot-concurrency must be at least 1, got " + bootConcurrency);
        }
        this.bootConcurrency = bootConcurrency;
    }

    /** How long one backend call may take. */
    public Duration getCallTimeout() {
        return callTimeout;
    }

    /** Sets how long one backend call may take (positive). */
    public void setCallTimeout(Duration callTimeout) {
        Objects.requireNonNull(callTimeout, "secrets4j.call-timeout");
        if (callTimeout.isNegative() || callTimeout.isZero()) {
            throw new IllegalArgumentException("secrets4j.call-timeout must be positive, got " + callTimeout);
        }
        this.callTimeout = callTimeout;
    }

    /** The cache policy. */
    public Cache getCache() {
        return cache;
    }

    /** Names no option value: options may hold credentials such as a Vault token. */
    @Override
    public String toString() {
        return "Secrets4jProperties[enabled=" + enabled + ", providers " + providers.keySet() + ", order " + order
                + ", " + required.size() + " required, " + optional.size() + " optional, " + bindings.size() + " bindings]";
    }

    /** The cache policy: {@code secrets4j.cache.*}. Unset values keep the library defaults. */
    public static class Cache {

        /** Time to live of a cached value; it is refreshed in the background after refresh-fraction of it. */
        private Duration ttl = Duration.ofMinutes(5);

        /** How long the last good value is served after refreshes start failing; then reads fail. */
        private Duration maxStale = Duration.ofHours(1);

        /** The fraction of the time to live after which a background refresh starts, in (0, 1]. */
        private double refreshFraction = 0.8;

        /** The spread of refresh times, as a fraction of the delay, in [0, 1). */
        private double jitter = 0.1;

        /** The first retry delay after a failed refresh; it doubles up to retry-max. */
        private Duration retryInitial = Duration.ofSeconds(1);

        /** The longest retry delay after failed refreshes. */
        private Duration retryMax = Duration.ofMinutes(5);

        /** How long a name that no provider has is remembered as absent (0 disables). */
        private Duration negativeTtl = Duration.ofSeconds(30);

        /** The time to live of a cached value. */
        public Duration getTtl() {
            return ttl;
        }

        /** Sets the time to live of a cached value. */
        public void setTtl(Duration ttl) {
            this.ttl = Objects.requireNonNull(ttl, "secrets4j.cache.ttl");
        }

        /** How long a stale value is served. */
        public Duration getMaxStale() {
            return maxStale;
        }

        /** Sets how long a stale value is served. */
        public void setMaxStale(Duration maxStale) {
            this.maxStale = Objects.requireNonNull(maxStale, "secrets4j.cache.max-stale");
        }

        /** The fraction of the time to live after which a refresh starts. */
        public double getRefreshFraction() {
            return refreshFraction;
        }

        /** Sets the fraction of the time to live after which a refresh starts. */
        public void setRefreshFraction(double refreshFraction) {
            this.refreshFraction = refreshFraction;
        }

        /** The spread of refresh times. */
        public double getJitter() {
            return jitter;
        }

        /** Sets the spread of refresh times. */
        public void setJitter(double jitter) {
            this.jitter = jitter;
        }

        /** The first retry delay. */
        public Duration getRetryInitial() {
            return retryInitial;
        }

        /** Sets the first retry delay. */
        public void setRetryInitial(Duration retryInitial) {
            this.retryInitial = Objects.requireNonNull(retryInitial, "secrets4j.cache.retry-initial");
        }

        /** The longest retry delay. */
        public Duration getRetryMax() {
            return retryMax;
        }

        /** Sets the longest retry delay. */
        public void setRetryMax(Duration retryMax) {
            this.retryMax = Objects.requireNonNull(retryMax, "secrets4j.cache.retry-max");
        }

        /** How long an absent name is remembered. */
        public Duration getNegativeTtl() {
            return negativeTtl;
        }

        /** Sets how long an absent name is remembered. */
        public void setNegativeTtl(Duration negativeTtl) {
            this.negativeTtl = Objects.requireNonNull(negativeTtl, "secrets4j.cache.negative-ttl");
        }
    }
}
