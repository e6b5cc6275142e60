package dev.secrets4j.internal.rotation;

import dev.secrets4j.AuditEvent;
import dev.secrets4j.AuditSink;
import dev.secrets4j.Secret;
import dev.secrets4j.internal.Origin;
import dev.secrets4j.internal.rotation.RecordStore.Versioned;
import dev.secrets4j.rotation.RotationHook;
import dev.secrets4j.rotation.RotationPolicy;
import dev.secrets4j.rotation.RotationState;
import dev.secrets4j.rotation.RotationStrategy;
import dev.secrets4j.spi.Capability;
import dev.secrets4j.spi.PutOptions;
import dev.secrets4j.spi.SecretProvider;
import dev.secrets4j.spi.SecretRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * The steps of one secret's rotation, each ending in a compare-and-set write of its record:
 * claim (PLANNED), write the new version (CREATED), the hook's create and verify (VERIFIED),
 * promote (PROMOTED), and after the grace period the hook's retire and the provider's (FINISHED).
 * A failure before the promotion rolls back (FAILED); a record left in progress by a stopped
 * instance is recovered from the provider's current version: promoted if the new version is
 * current, rolled back otherwise. Never two current versions, never none.
 */
final class Steps {

    private static final Logger log = LoggerFactory.getLogger(Steps.class);
    static final String SLOT = "rotation-slot";
    /** Metadata of a new version: how long the version it replaces stays valid (zero for an emergency). */
    static final String GRACE = "rotation-grace";
    /** Metadata of a new version: which rotation wrote it, so that a crash before its record is found. */
    static final String ROTATION_ID = "rotation-id";
    private static final Duration RETRY_BASE = Duration.ofMinutes(1);
    private static final Duration RETRY_CAP = Duration.ofHours(1);

    private final String name;
    private final RotationPolicy policy;
    private final RotationHook hook;
    private final SecretProvider provider;
    private final SecretRef ref;
    private final RecordStore store;
    private final Values values;
    private final Clock clock;
    private final AuditSink audit;
    private final String me;
    private final Duration lease;
    private final Consumer<String> refresh;

    Steps(String name, RotationPolicy policy, RotationHook hook, Origin origin, Values values, Clock clock, AuditSink audit,
          String me, Duration lease, Consumer<String> refresh) {
        this.name = name;
        this.policy = policy;
        this.hook = hook;
        this.provider = origin.provider();
        this.ref = origin.ref();
        this.store = new RecordStore(name, provider, ref);
        this.values = values;
        this.clock = clock;
        this.audit = audit;
        this.me = me;
        this.lease = lease;
        this.refresh = refresh;
    }

    RecordStore store() {
        return store;
    }

    /** Rotates now: claims the record over {@code seen}, then runs every step; returns the last record. */
    Versioned rotate(Optional<Versioned> seen, boolean emergency) {
        Instant now = clock.instant();
        Optional<Secret> current = provider.get(ref);
        RotationStrategy strategy = policy.strategy();
        int attempt = seen.filter(v -> v.record().state() == RotationState.FAILED && !emergency)
                .map(v -> v.record().attempt() + 1).orElse(1);
        Optional<String> slot = strategy == RotationStrategy.DUAL
                ? Optional.of("b".equals(current.flatMap(c -> c.metadata(SLOT)).orElse("a")) ? "a" : "b") : Optional.empty();
        RotationRecord planned = new RotationRecord(RotationState.PLANNED, strategy, current.map(Secret::version),
                Optional.empty(), slot, attempt, now, Optional.empty(), Optional.empty(),
                seen.flatMap(v -> v.record().lastRotated()), Optional.empty(), Optional.empty(), me, now.plus(lease), emergency);
        Versioned v = store.write(planned, seen);
        record(AuditEvent.Action.ROTATION_STARTED, current.map(Secret::version), AuditEvent.Outcome.SUCCESS,
                (emergency ? "emergency " : "") + strategy + " attempt " + attempt);
        log.info("rotating secret '{}' at provider '{}' ({}{}, attempt {})", name, provider.id(), emergency ? "emergency, " : "",
                strategy, attempt);
        Secret next = null;
        try {
            byte[] value = values.next(name, policy);
            PutOptions options = strategy == RotationStrategy.SINGLE
                    ? current.map(c -> PutOptions.expectVersion(c.version())).orElseGet(PutOptions::expectAbsent)
                    : PutOptions.pending();
            if (slot.isPresent()) {
                options = options.with(SLOT, slot.get());
            }
            Duration grace = emergency || strategy == RotationStrategy.SINGLE ? Duration.ZERO : policy.grace();
            options = options.with(GRACE, grace.toString()).with(ROTATION_ID, rotationId(planned));
            next = provider.put(ref, value, options);
            record(AuditEvent.Action.WRITE, Optional.of(next.version()), AuditEvent.Outcome.SUCCESS,
                    strategy == RotationStrategy.SINGLE ? "current" : "pending");
            v = store.write(v.record().withTo(next.version()).in(RotationState.CREATED).leased(me, clock.instant().plus(lease)),
                    Optional.of(v));
            Context ctx = new Context(name, strategy, current, next, slot, attempt, now);
            hook.create(ctx);
            hook.verify(ctx);
            v = store.write(v.record().in(RotationState.VERIFIED).leased(me, clock.instant().plus(lease)), Optional.of(v));
            if (strategy != RotationStrategy.SINGLE) {
                provider.promote(ref, next.version(), current.map(Secret::version));
            }
        } catch (RecordStore.Lost e) {
            throw e;
        } catch (Exception e) {
            return rollback(v, Optional.ofNullable(next), current, "failed at " + v.record().state() + ": "
                    + reason(e, current, Optional.ofNullable(next)));
        }
        return promoted(v, emergency);
    }

    /** Records the promotion and, with no grace, finishes at once. */
    private Versioned promoted(Versioned v, boolean emergency) {
        Instant at = clock.instant();
        boolean noGrace = emergency || v.record().emergency() || v.record().strategy() == RotationStrategy.SINGLE;
        v = store.write(v.record().promoted(at, at.plus(noGrace ? Duration.ZERO : policy.grace())).leased(me,
                at.plus(lease)), Optional.of(v));
        record(AuditEvent.Action.ROTATION_PROMOTED, v.record().to(), AuditEvent.Outcome.SUCCESS,
                "previous " + v.record().from().orElse("-") + " valid until " + v.record().graceUntil().orElseThrow());
        log.info("secret '{}' rotated: version {} is current at provider '{}'; version {} stays valid until {}", name,
                v.record().to().orElse("-"), provider.id(), v.record().from().orElse("-"), v.record().graceUntil().orElseThrow());
        refresh.accept(name);
        return noGrace ? finish(v) : v;
    }

    /**
     * Ends the grace period: the hook's retire, then the provider retires the previous version.
     * A failure keeps the record PROMOTED and is tried again later.
     */
    Versioned finish(Versioned v) {
        v = store.write(v.record().leased(me, clock.instant().plus(lease)), Optional.of(v));
        RotationRecord r = v.record();
        Optional<Secret> next = Optional.empty();
        Optional<Secret> previous = Optional.empty();
        try {
            next = provider.get(ref);
            previous = r.from().flatMap(this::version);
            hook.retire(new Context(name, r.strategy(), previous, next.orElseThrow(() -> new IllegalStateException(
                    "the secret is gone")), r.slot(), r.attempt(), r.startedAt()));
            if (r.from().isPresent() && provider.capabilities().contains(Capability.STAGES)
                    && !r.from().get().equals(next.get().version())) {
                provider.retire(ref, r.from().get());
            }
        } catch (RecordStore.Lost e) {
            throw e;
        } catch (Exception e) {
            String why = "retiring version " + r.from().orElse("-") + " failed: " + reason(e, previous, next);
            log.warn("secret '{}': {}; will try again", name, why);
            record(AuditEvent.Action.RETIRED, r.from(), AuditEvent.Outcome.FAILURE, why);
            return store.write(r.retireFailed(why, clock.instant().plus(backoff(1))), Optional.of(v));
        }
        record(AuditEvent.Action.RETIRED, r.from(), AuditEvent.Outcome.SUCCESS, "grace period over");
        RotationRecord done = new RotationRecord(RotationState.FINISHED, r.strategy(), r.from(), r.to(), r.slot(), r.attempt(),
                r.startedAt(), r.promotedAt(), r.graceUntil(), r.lastRotated(), Optional.empty(), Optional.empty(), me,
                clock.instant(), r.emergency());
        return store.write(done, Optional.of(v));
    }

    /**
     * Settles a record another run left in progress: promoted when the new version is current
     * (the stopped run got as far as promoting), rolled back otherwise.
     */
    Versioned recover(Versioned v) {
        RotationRecord r = v.record();
        v = store.write(r.leased(me, clock.instant().plus(lease)), Optional.of(v));
        Optional<String> current = provider.get(ref).map(Secret::version);
        boolean promoted = r.strategy() == RotationStrategy.SINGLE
                ? r.state() == RotationState.VERIFIED
                : r.to().isPresent() && current.equals(r.to());
        log.info("secret '{}': recovering a rotation left {} by instance {}: {}", name, r.state(), r.owner(),
                promoted ? "its new version is current, finishing it" : "rolling it back");
        if (promoted) {
            return promoted(v, false);
        }
        return rollback(v, written(r, current).flatMap(this::version), r.from().flatMap(this::version),
                "interrupted at " + r.state() + " (instance " + r.owner() + " stopped)");
    }

    /**
     * The version a stopped rotation wrote: the record's, or, when it died before recording it,
     * for SINGLE the current version if it moved, for the others its pending version, found by
     * the rotation id written with it.
     */
    private Optional<String> written(RotationRecord r, Optional<String> current) {
        if (r.to().isPresent()) {
            return r.to();
        }
        if (r.strategy() == RotationStrategy.SINGLE) {
            return current.filter(c -> !c.equals(r.from().orElse(PutOptions.ABSENT)));
        }
        String id = rotationId(r);
        return provider.pendingVersions(ref).stream().filter(p -> p.metadata(ROTATION_ID).filter(id::equals).isPresent())
                .map(Secret::version).findFirst();
    }

    /** Identifies one attempt of a rotation: its owner, start and the version it replaces (two may start at one instant). */
    private static String rotationId(RotationRecord r) {
        return r.owner() + "@" + r.startedAt() + "/" + r.from().orElse("-") + "#" + r.attempt();
    }

    /** Undoes a rotation that did not promote: the hook's rollback, the new version retired (or reverted). */
    private Versioned rollback(Versioned v, Optional<Secret> next, Optional<Secret> previous, String why) {
        RotationRecord r = v.record();
        log.warn("rotation of secret '{}' at provider '{}' {}; rolling back", name, provider.id(), why);
        record(AuditEvent.Action.ROTATION_FAILED, r.to(), AuditEvent.Outcome.FAILURE, why);
        String rollbackError = "";
        try {
            if (next.isPresent() && r.state() != RotationState.PLANNED) {
                hook.rollback(new Context(name, r.strategy(), previous, next.get(), r.slot(), r.attempt(), r.startedAt()));
            }
        } catch (Exception e) {
            rollbackError = "; the hook's rollback failed: " + reason(e, previous, next);
        }
        try {
            undoWrite(next, previous);
        } catch (RuntimeException e) {
            rollbackError += "; undoing the write failed: " + reason(e, previous, next);
        }
        record(AuditEvent.Action.ROTATION_ROLLED_BACK, r.from(), rollbackError.isEmpty() ? AuditEvent.Outcome.SUCCESS
                : AuditEvent.Outcome.FAILURE, "previous version " + r.from().orElse("-") + " stays current" + rollbackError);
        int attempt = r.attempt();
        Instant retry = clock.instant().plus(attempt >= policy.maxAttempts() ? policy.rotateEvery() : backoff(attempt));
        if (attempt >= policy.maxAttempts()) {
            log.warn("rotation of secret '{}' failed {} times; next try at {}", name, attempt, retry);
        }
        return store.write(r.failed(why + rollbackError, retry), Optional.of(v));
    }

    private void undoWrite(Optional<Secret> next, Optional<Secret> previous) {
        if (next.isEmpty()) {
            return;
        }
        String current = provider.get(ref).map(Secret::version).orElse("");
        boolean isCurrent = current.equals(next.get().version());
        if (!isCurrent) {
            if (provider.capabilities().contains(Capability.STAGES)) {
                provider.retire(ref, next.get().version());
            }
            return;
        }
        // SINGLE wrote the new value as current: the previous one must be current again.
        if (provider.capabilities().contains(Capability.STAGES) && previous.isPresent()) {
            provider.promote(ref, previous.get().version(), Optional.of(current));
            provider.retire(ref, next.get().version());
        } else if (previous.isPresent()) {
            provider.put(ref, previous.get().asBytes(), PutOptions.expectVersion(current));
        }
        refresh.accept(name);
    }

    private Optional<Secret> version(String version) {
        if (!provider.capabilities().contains(Capability.VERSIONS)) {
            return Optional.empty();
        }
        try {
            return provider.get(ref, version);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Exponential backoff with full jitter: up to 1 minute doubling per attempt, at most 1 hour, at least 1 s. */
    static Duration backoff(int attempt) {
        long ceiling = Math.min(RETRY_CAP.toMillis(), RETRY_BASE.toMillis() << Math.min(attempt - 1, 20));
        return Duration.ofMillis(Math.max(1_000, (long) (ThreadLocalRandom.current().nextDouble() * ceiling)));
    }

    /**
     * The exception's type and message, with the values in play blanked out: a hook's database
     * error may quote the statement that set the password.
     */
    @SafeVarargs
    static String reason(Throwable e, Optional<Secret>... inPlay) {
        String m = e.getMessage() == null ? "" : e.getMessage();
        for (Optional<Secret> s : inPlay) {
            if (s.isPresent() && s.get().length() > 0) {
                m = m.replace(s.get().asString(), "****");
            }
        }
        m = m.replaceAll("\\p{Cntrl}", "?");
        if (m.length() > 500) {
            m = m.substring(0, 500) + "...";
        }
        return e.getClass().getSimpleName() + (m.isBlank() ? "" : ": " + m);
    }

    private void record(AuditEvent.Action action, Optional<String> version, AuditEvent.Outcome outcome, String detail) {
        try {
            audit.record(new AuditEvent(clock.instant(), name, version, provider.id(), action, outcome, Optional.empty(),
                    Optional.of(detail)));
        } catch (RuntimeException e) {
            log.warn("audit sink failed on {} of secret '{}': {}", action, name, e.getClass().getSimpleName());
        }
    }
}
