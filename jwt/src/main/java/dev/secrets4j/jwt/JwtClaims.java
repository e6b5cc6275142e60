package dev.secrets4j.jwt;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The claims set of a JWT: the registered claims ({@code iss}, {@code sub}, {@code aud},
 * {@code exp}, {@code nbf}, {@code iat}, {@code jti}) and any custom claims. Immutable.
 *
 * <pre>{@code
 * JwtClaims claims = JwtClaims.builder()
 *     .subject("user-42").audience("api")
 *     .claim("role", "admin").claim("permissions", List.of("read", "write"))
 *     .build();
 * }</pre>
 *
 * <p>Times are JWT NumericDates: whole seconds since the epoch ({@link #asMap()} holds them as
 * {@code Long}). Custom claim values are {@code String}, {@code Number}, {@code Boolean}, or
 * {@code List}s and {@code Map}s of those. {@link #toString()} lists claim names, never values.
 */
public final class JwtClaims {

    static final String ISS = "iss";
    static final String SUB = "sub";
    static final String AUD = "aud";
    static final String EXP = "exp";
    static final String NBF = "nbf";
    static final String IAT = "iat";
    static final String JTI = "jti";

    /** Times beyond year 9999 are refused, so that adding a clock skew can never overflow an Instant. */
    private static final long MAX_SECONDS = 253_402_300_799L;

    private final Map<String, Object> claims;

    private JwtClaims(Map<String, Object> claims) {
        this.claims = Collections.unmodifiableMap(new LinkedHashMap<>(claims));
    }

    /** Starts an empty claims set. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Claims taken from a parsed JSON payload, whose JSON nulls are dropped (a null claim is an
     * absent one); throws {@link IllegalArgumentException} when a registered claim has the wrong type.
     */
    static JwtClaims fromJson(Map<String, Object> json) {
        Builder b = new Builder();
        json.forEach((name, value) -> {
            Object v = withoutNulls(value);
            if (v != null) {
                b.claim(name, v);
            }
        });
        return b.build();
    }

    private static Object withoutNulls(Object value) {
        if (value instanceof List<?> list) {
            return list.stream().map(JwtClaims::withoutNulls).filter(Objects::nonNull).toList();
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> {
                Object w = withoutNulls(v);
                if (w != null) {
                    out.put(k, w);
                }
            });
            return out;
        }
        return value;
    }

    /** The issuer ({@code iss}). */
    public Optional<String> issuer() {
        return Optional.ofNullable((String) claims.get(ISS));
    }

    /** The subject ({@code sub}). */
    public Optional<String> subject() {
        return Optional.ofNullable((String) claims.get(SUB));
    }

    /** The audiences ({@code aud}); empty when the token names none. */
    @SuppressWarnings("unchecked")
    public List<String> audience() {
        Object aud = claims.get(AUD);
        return aud == null ? List.of() : (List<String>) aud;
    }

    /** The expiry ({@code exp}). */
    public Optional<Instant> expiresAt() {
        return time(EXP);
    }

    /** The instant before which the token must not be accepted ({@code nbf}). */
    public Optional<Instant> notBefore() {
        return time(NBF);
    }

    /** When the token was issued ({@code iat}). */
    public Optional<Instant> issuedAt() {
        return time(IAT);
    }

    /** The token's unique id ({@code jti}). */
    public Optional<String> jwtId() {
        return Optional.ofNullable((String) claims.get(JTI));
    }

    /** The claim {@code name}, registered or custom, as held in {@link #asMap()}. */
    public Optional<Object> claim(String name) {
        return Optional.ofNullable(claims.get(Objects.requireNonNull(name, "name")));
    }

    /** The claim {@code name} when it is a string; empty when absent or of another type. */
    public Optional<String> stringClaim(String name) {
        return claim(name).filter(String.class::isInstance).map(String.class::cast);
    }

    /** Whether the claims set has a claim {@code name}. */
    public boolean has(String name) {
        return claims.containsKey(Objects.requireNonNull(name, "name"));
    }

    /** Every claim, unmodifiable, in the order they were set; times as epoch seconds ({@code Long}). */
    public Map<String, Object> asMap() {
        return claims;
    }

    private Optional<Instant> time(String name) {
        Object v = claims.get(name);
        return v == null ? Optional.empty() : Optional.of(Instant.ofEpochSecond((Long) v));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JwtClaims other && claims.equals(other.claims);
    }

    @Override
    public int hashCode() {
        return claims.hashCode();
    }

    /** The claim names only, never their values: {@code JwtClaims[iss, sub, role]}. */
    @Override
    public String toString() {
        return "JwtClaims" + claims.keySet();
    }

    /** Collects claims for a {@link JwtClaims}; each setter checks its argument at once. */
    public static final class Builder {
        private final Map<String, Object> claims = new LinkedHashMap<>();

        private Builder() {
        }

        /** Sets the issuer ({@code iss}). */
        public Builder issuer(String issuer) {
            return claim(ISS, issuer);
        }

        /** Sets the subject ({@code sub}). */
        public Builder subject(String subject) {
            return claim(SUB, subject);
        }

        /** Sets the audiences ({@code aud}); at least one. */
        public Builder audience(String... audience) {
            Objects.requireNonNull(audience, AUD);
            if (audience.length == 0) {
                throw new IllegalArgumentException("audience needs at least one value, got none");
            }
            return claim(AUD, List.of(audience));
        }

        /** Sets the expiry ({@code exp}), truncated to whole seconds. */
        public Builder expiresAt(Instant expiresAt) {
            return claim(EXP, expiresAt);
        }

        /** Sets the not-before time ({@code nbf}), truncated to whole seconds. */
        public Builder notBefore(Instant notBefore) {
            return claim(NBF, notBefore);
        }

        /** Sets the issued-at time ({@code iat}), truncated to whole seconds. */
        public Builder issuedAt(Instant issuedAt) {
            return claim(IAT, issuedAt);
        }

        /** Sets the token id ({@code jti}). */
        public Builder jwtId(String jwtId) {
            return claim(JTI, jwtId);
        }

        /**
         * Sets the claim {@code name}: a {@code String}, {@code Number}, {@code Boolean}, or a
         * {@code List} or {@code Map} (string keys) of those, copied. Registered claims are checked:
         * {@code iss}, {@code sub}, {@code jti} take a string; {@code aud} a string or list of
         * strings; {@code exp}, {@code nbf}, {@code iat} an {@code Instant} or a number of seconds.
         */
        public Builder claim(String name, Object value) {
            Objects.requireNonNull(name, "claim name");
            if (name.isEmpty()) {
                throw new IllegalArgumentException("claim name must not be empty");
            }
            if (value == null) {
                throw new IllegalArgumentException("claim '" + name + "' must not be null; leave it out instead");
            }
            claims.put(name, normalize(name, value));
            return this;
        }

        /** Builds the immutable claims set. */
        public JwtClaims build() {
            return new JwtClaims(claims);
        }

        private static Object normalize(String name, Object value) {
            switch (name) {
                case ISS, SUB, JTI -> {
                    if (!(value instanceof String)) {
                        throw wrongType(name, value, "a string");
                    }
                    return value;
                }
                case AUD -> {
                    if (value instanceof String s) {
                        return List.of(s);
                    }
                    if (value instanceof List<?> list && !list.isEmpty()
                            && list.stream().allMatch(String.class::isInstance)) {
                        return List.copyOf(list);
                    }
                    throw wrongType(name, value, "a string or a non-empty list of strings");
                }
                case EXP, NBF, IAT -> {
                    long seconds;
                    if (value instanceof Instant i) {
                        seconds = i.getEpochSecond();
                    } else if (value instanceof Number n && Double.isFinite(n.doubleValue())) {
                        seconds = (long) Math.floor(n.doubleValue());
                    } else {
                        throw wrongType(name, value, "an Instant or a number of seconds since the epoch");
                    }
                    if (Math.abs(seconds) > MAX_SECONDS) {
                        throw new IllegalArgumentException("claim '" + name + "' is too far from the epoch (beyond the year 9999)");
                    }
                    return seconds;
                }
                default -> {
                    return copy(name, value);
                }
            }
        }

        private static Object copy(String name, Object value) {
            if (value instanceof String || value instanceof Number || value instanceof Boolean) {
                return value;
            }
            if (value instanceof List<?> list) {
                List<Object> out = new ArrayList<>(list.size());
                for (Object item : list) {
                    if (item == null) {
                        throw new IllegalArgumentException("claim '" + name + "' must not hold null items");
                    }
                    out.add(copy(name, item));
                }
                return Collections.unmodifiableList(out);
            }
            if (value instanceof Map<?, ?> map) {
                Map<String, Object> out = new LinkedHashMap<>();
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    if (!(e.getKey() instanceof String key) || e.getValue() == null) {
                        throw new IllegalArgumentException("claim '" + name
                                + "' must be a map with string keys and no null values");
                    }
                    out.put(key, copy(name, e.getValue()));
                }
                return Collections.unmodifiableMap(out);
            }
            throw wrongType(name, value, "a String, Number, Boolean, List or Map");
        }

        private static IllegalArgumentException wrongType(String name, Object value, String expected) {
            return new IllegalArgumentException("claim '" + name + "' must be " + expected + ", got a "
                    + value.getClass().getSimpleName());
        }
    }
}
