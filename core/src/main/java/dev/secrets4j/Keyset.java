package dev.secrets4j;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The keys made from one secret that an application should accept now, in the manner of Tink's
 * keysets: exactly one {@link State#PRIMARY} (signs and verifies), {@link State#PENDING} keys
 * (a new version, published for verification before it takes over) and
 * {@link State#VERIFY_ONLY} keys (previous versions, still accepted for a grace period after they
 * were replaced). The JWT key ring and the webhook {@code HmacVerifier} are built on it.
 *
 * <p>At build the keyset reads {@link Secrets#versions(String)}: the current version becomes
 * primary and the still-valid previous versions verify-only, each until its successor's
 * {@code createdAt} (or the build, when the provider does not say) plus the grace period. It then
 * follows {@link Secrets#onChange(String, SecretChangeListener)}: a new version is pending for the
 * pending period, then primary; the old primary becomes verify-only and is dropped after the
 * grace period. States are computed from the injected clock at each call, so no timer runs.
 *
 * <pre>{@code
 * Keyset<SecretKeySpec> keys = Keyset.builder(secrets, "WEBHOOK_SECRET", s -> new SecretKeySpec(s.asBytes(), "HmacSHA256"))
 *     .grace(Duration.ofHours(24))
 *     .build();
 * }</pre>
 *
 * <p>The current version must be a valid key, or {@link Builder#build()} fails. A previous version
 * that the parser rejects at build is left out with one WARN (it must not stop a boot, say after
 * a weak key was replaced). A new version that the parser rejects later is not used: the keyset
 * keeps its keys, logs one WARN naming the secret and version, and reports it through
 * {@link #lastRejection()}. Thread-safe; reads take no lock.
 *
 * @param <K> the key made from a secret's value
 */
public final class Keyset<K> implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Keyset.class);

    /** The state of one key at one instant. */
    public enum State {
        /** Published for verification; does not sign yet. */
        PENDING,
        /** Signs and verifies. Exactly one key is primary. */
        PRIMARY,
        /** A replaced key, still accepted for verification until its grace period ends. */
        VERIFY_ONLY
    }

    /**
     * One key with the instants that decide its state.
     *
     * @param <K> the key type
     */
    public static final class Key<K> {
        private final String version;
        private final K key;
        private final Optional<Instant> createdAt;
        private final Instant activeFrom;
        private final Optional<Instant> retiredAt;
        private final Optional<Instant> droppedAt;

        private Key(String version, K key, Optional<Instant> createdAt, Instant activeFrom,
                    Optional<Instant> retiredAt, Optional<Instant> droppedAt) {
            this.version = version;
            this.key = key;
            this.createdAt = createdAt;
            this.activeFrom = activeFrom;
            this.retiredAt = retiredAt;
            this.droppedAt = droppedAt;
        }

        /** The secret version this key was made from. */
        public String version() {
            return version;
        }

        /** The key itself. */
        public K key() {
            return key;
        }

        /** When the provider says the version was created, if it says. */
        public Optional<Instant> createdAt() {
            return createdAt;
        }

        /** When this key starts signing ({@link Instant#MIN} for a key that was primary at build). */
        public Instant activeFrom() {
            return activeFrom;
        }

        /** When a successor took over and this key stopped signing, once one did. */
        public Optional<Instant> retiredAt() {
            return retiredAt;
        }

        /** When this key stops verifying: its retirement plus the grace period. */
        public Optional<Instant> droppedAt() {
            return droppedAt;
        }

        /** The state at {@code now}, or empty once the key has been dropped. */
        public Optional<State> stateAt(Instant now) {
            if (now.isBefore(activeFrom)) {
                return Optional.of(State.PENDING);
            }
            if (droppedAt.isPresent() && !now.isBefore(droppedAt.get())) {
                return Optional.empty();
            }
            if (retiredAt.isPresent() && !now.isBefore(retiredAt.get())) {
                return Optional.of(State.VERIFY_ONLY);
            }
            return Optional.of(State.PRIMARY);
        }

        private Key<K> retire(Instant at, Duration grace) {
            return new Key<>(version, key, createdAt, activeFrom, Optional.of(at), Optional.of(at.plus(grace)));
        }

        @Override
        public String toString() {
            return "Key[" + version + "]";
        }
    }

    /** Immutable view swapped as a whole: readers never see a half-applied change. */
    private record View<K>(List<Key<K>> keys, Map<String, Key<K>> byId) {
    }

    private final Secrets secrets;
    private final String name;
    private final Function<Secret, K> parser;
    private final Function<K, String> idOf;
    private final Duration grace;
    private final Duration pending;
    private final Clock clock;
    private final Subscription subscription;
    private volatile View<K> view;
    private volatile Optional<String> lastRejection = Optional.empty();

    private Keyset(Builder<K> b) {
        this.secrets = b.secrets;
        this.name = b.name;
        this.parser = b.parser;
        this.idOf = b.idOf;
        this.grace = b.grace;
        this.pending = b.pending;
        this.clock = b.clock;
        // Subscribe before reading, under the lock the listener takes, so no change falls between.
        synchronized (this) {
            this.subscription = secrets.onChange(name, this::onChange);
            try {
                this.view = initialView();
            } catch (RuntimeException e) {
                subscription.cancel();
                throw e;
            }
        }
    }

    /**
     * Starts a keyset of the secret {@code name}, making each version's key with {@code parser}.
     * A parser signals a bad value with {@link SecretFormatException}, whose message is shown
     * and must not quote the value; any other exception is reported by its type only.
     */
    public static <K> Builder<K> builder(Secrets secrets, String name, Function<Secret, K> parser) {
        return new Builder<>(secrets, name, parser);
    }

    /** The secret this keyset follows. */
    public String name() {
        return name;
    }

    /** The key that signs now. */
    public Key<K> primary() {
        Instant now = clock.instant();
        for (Key<K> k : view.keys) {
            if (k.stateAt(now).orElse(null) == State.PRIMARY) {
                return k;
            }
        }
        // Unreachable: the last key whose activeFrom has passed is never retired.
        throw new IllegalStateException("keyset of '" + name + "' has no primary key");
    }

    /** Every key not yet dropped, newest first, with its state now. */
    public List<Key<K>> keys() {
        Instant now = clock.instant();
        return view.keys.stream().filter(k -> k.stateAt(now).isPresent()).toList();
    }

    /** The state of every live key now, newest first. */
    public Map<Key<K>, State> states() {
        Instant now = clock.instant();
        Map<Key<K>, State> out = new java.util.LinkedHashMap<>();
        for (Key<K> k : view.keys) {
            k.stateAt(now).ifPresent(s -> out.put(k, s));
        }
        return Collections.unmodifiableMap(out);
    }

    /**
     * The live key whose id (see {@link Builder#indexBy(Function)}) is {@code id}, in one map
     * lookup; empty when there is none or it has been dropped.
     */
    public Optional<Key<K>> find(String id) {
        Key<K> k = view.byId.get(id);
        if (k == null || k.stateAt(clock.instant()).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(k);
    }

    /** Why the last new version was not taken (names the secret and version, never the value). */
    public Optional<String> lastRejection() {
        return lastRejection;
    }

    /** Stops following the secret's changes; the keys stay as they are. */
    @Override
    public void close() {
        subscription.cancel();
    }

    @Override
    public String toString() {
        Instant now = clock.instant();
        return "Keyset[" + name + ": " + view.keys.stream()
                .filter(k -> k.stateAt(now).isPresent())
                .map(k -> k.version + " " + k.stateAt(now).get())
                .collect(Collectors.joining(", ")) + "]";
    }

    private View<K> initialView() {
        Instant now = clock.instant();
        List<Secret> versions = secrets.versions(name);
        List<Key<K>> keys = new ArrayList<>();
        // Newest first: the current version is primary, each older one retired when the next was created.
        Optional<Instant> successorCreated = Optional.empty();
        for (int i = 0; i < versions.size(); i++) {
            Secret s = versions.get(i);
            Optional<Instant> retiredAt = successorCreated;
            successorCreated = s.createdAt();
            K key;
            try {
                key = parse(s).orElseThrow();
            } catch (SecretFormatException e) {
                if (i == 0) {
                    throw e;
                }
                // An old version the provider still keeps, such as the weak key just replaced as an
                // error told the operator to do, must not stop the boot: leave it out.
                log.warn("{}; it is a previous version, so the keyset leaves it out", e.getMessage());
                continue;
            }
            Key<K> k = new Key<>(s.version(), key, s.createdAt(), Instant.MIN, Optional.empty(), Optional.empty());
            if (i > 0) {
                k = k.retire(retiredAt.orElse(now), grace);
            }
            keys.add(k);
        }
        return index(prune(keys, now));
    }

    private synchronized void onChange(SecretChange change) {
        Secret current = change.current();
        Optional<K> key;
        try {
            key = parse(current);
        } catch (SecretFormatException e) {
            String why = e.getMessage() + "; still using version " + primary().version;
            lastRejection = Optional.of(why);
            log.warn("{}", why);
            return;
        }
        Instant now = clock.instant();
        List<Key<K>> old = view.keys;
        if (!old.isEmpty() && old.get(0).version.equals(current.version()) && old.get(0).retiredAt.isEmpty()) {
            return;
        }
        // A rotation by secrets4j says with the new version how long the one it replaces stays valid:
        // zero after an emergency (a leaked key must stop verifying now, here and on every instance).
        Optional<Duration> storeGrace = current.metadata("rotation-grace").flatMap(Keyset::duration);
        boolean emergency = storeGrace.filter(Duration::isZero).isPresent();
        Duration keptFor = storeGrace.filter(g -> g.compareTo(grace) < 0).orElse(grace);
        Key<K> fresh = new Key<>(current.version(), key.orElseThrow(), current.createdAt(),
                emergency ? now : now.plus(pending), Optional.empty(), Optional.empty());
        List<Key<K>> keys = new ArrayList<>();
        keys.add(fresh);
        for (Key<K> k : old) {
            if (k.version.equals(fresh.version)) {
                continue; // a rollback to an earlier version: the fresh entry replaces it
            }
            keys.add(k.retiredAt.isPresent() ? (emergency ? k.retire(now, Duration.ZERO) : k) : k.retire(fresh.activeFrom, keptFor));
        }
        view = index(prune(keys, now));
        lastRejection = Optional.empty();
        log.info("secret '{}' version {} joined its keyset as {}; signing with version {}",
                name, fresh.version, fresh.stateAt(now).orElseThrow(), primary().version);
    }

    private static Optional<Duration> duration(String text) {
        try {
            Duration d = Duration.parse(text);
            return d.isNegative() ? Optional.empty() : Optional.of(d);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private Optional<K> parse(Secret s) {
        try {
            return Optional.of(Objects.requireNonNull(parser.apply(s), "parser returned null"));
        } catch (SecretFormatException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new SecretFormatException("secret '" + name + "' version " + s.version() + " from "
                    + s.providerId() + " is not a valid key (" + e.getClass().getSimpleName()
                    + "); fix the stored value");
        }
    }

    private List<Key<K>> prune(List<Key<K>> keys, Instant now) {
        return List.copyOf(keys.stream().filter(k -> k.stateAt(now).isPresent()).toList());
    }

    private View<K> index(List<Key<K>> keys) {
        Map<String, Key<K>> byId = new HashMap<>();
        if (idOf != null) {
            // Oldest first, so a newer key wins a clash of ids.
            for (int i = keys.size() - 1; i >= 0; i--) {
                byId.put(idOf.apply(keys.get(i).key), keys.get(i));
            }
        }
        return new View<>(keys, Map.copyOf(byId));
    }

    /**
     * Options of a {@link Keyset}.
     *
     * @param <K> the key type
     */
    public static final class Builder<K> {
        private final Secrets secrets;
        private final String name;
        private final Function<Secret, K> parser;
        private Function<K, String> idOf;
        private Duration grace = Duration.ofHours(24);
        private Duration pending = Duration.ZERO;
        private Clock clock = Clock.systemUTC();

        private Builder(Secrets secrets, String name, Function<Secret, K> parser) {
            this.secrets = Objects.requireNonNull(secrets, "secrets");
            this.name = Objects.requireNonNull(name, "name");
            this.parser = Objects.requireNonNull(parser, "parser");
        }

        /** How long a replaced key still verifies; default 24 hours, zero drops it at once. */
        public Builder<K> grace(Duration grace) {
            this.grace = nonNegative("grace", grace);
            return this;
        }

        /** How long a new version is published before it becomes primary; default zero. */
        public Builder<K> pending(Duration pending) {
            this.pending = nonNegative("pending", pending);
            return this;
        }

        /** The clock that decides states; default the system clock. */
        public Builder<K> clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Indexes keys by an id (such as a JWT {@code kid}) for {@link Keyset#find(String)}. */
        public Builder<K> indexBy(Function<K, String> idOf) {
            this.idOf = Objects.requireNonNull(idOf, "idOf");
            return this;
        }

        /**
         * Reads the secret's versions and starts following its changes.
         *
         * @throws SecretNotFoundException when no provider has the secret
         * @throws SecretFormatException   when a version is not a valid key, naming the secret and version
         */
        public Keyset<K> build() {
            return new Keyset<>(this);
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
