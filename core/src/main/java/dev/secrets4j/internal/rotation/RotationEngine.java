package dev.secrets4j.internal.rotation;

import dev.secrets4j.AuditSink;
import dev.secrets4j.Scheduler;
import dev.secrets4j.Secret;
import dev.secrets4j.SecretNotFoundException;
import dev.secrets4j.SecretProviderException;
import dev.secrets4j.Subscription;
import dev.secrets4j.internal.Origin;
import dev.secrets4j.internal.SecretsEngine;
import dev.secrets4j.internal.rotation.RecordStore.Versioned;
import dev.secrets4j.rotation.RotationHook;
import dev.secrets4j.rotation.RotationPlan;
import dev.secrets4j.rotation.RotationPolicy;
import dev.secrets4j.rotation.RotationState;
import dev.secrets4j.rotation.RotationStatus;
import dev.secrets4j.rotation.RotationStrategy;
import dev.secrets4j.spi.Capability;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Rotates the secrets that have a policy: checks every {@code checkEvery} (with jitter) which are
 * due, recovers rotations a stopped instance left in progress, finishes grace periods, and runs
 * emergency rotations on demand. Several instances may share a backend: the compare-and-set
 * write of each secret's rotation record lets exactly one of them move a rotation forward.
 */
public final class RotationEngine implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RotationEngine.class);

    /** What the engine needs, in one piece. */
    public record Settings(Map<String, RotationPolicy> policies, Map<String, RotationHook> hooks, Values values,
                           Clock clock, Scheduler scheduler, AuditSink audit, String instanceId, Duration checkEvery,
                           Duration lease) {
    }

    private final SecretsEngine secrets;
    private final Settings settings;
    /** One rotation step at a time per secret in this instance: checks skip a busy secret, rotateNow waits for it. */
    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();
    private final Set<String> toldNotRotatable = ConcurrentHashMap.newKeySet();
    private volatile Subscription next;
    private volatile boolean closed;

    /** An engine over {@code secrets}; {@link #start()} schedules its checks. */
    public RotationEngine(SecretsEngine secrets, Settings settings) {
        this.secrets = secrets;
        this.settings = settings;
    }

    /** Schedules the first check soon (it also recovers rotations left in progress), then one every {@code checkEvery}. */
    public void start() {
        schedule(Duration.ofMillis((long) (ThreadLocalRandom.current().nextDouble() * Math.min(1_000,
                settings.checkEvery().toMillis() / 10))));
    }

    /** Runs one check now: every secret with a policy moves forward if it is due. */
    public void checkNow() {
        for (String name : settings.policies().keySet()) {
            try {
                Optional<String> why = notRotatable(name);
                if (why.isPresent()) {
                    if (toldNotRotatable.add(name)) {
                        log.info("secret '{}' has a rotation policy but is reported by age only: {}", name, why.get());
                    }
                    continue;
                }
                advance(name, false);
            } catch (RuntimeException e) {
                log.warn("rotation check of secret '{}' failed: {}", name, Steps.reason(e));
            }
        }
    }

    /**
     * Why the engine cannot rotate {@code name} on its own: no type, or a provider that cannot
     * write (a catalog's {@code rotate-every} on a Docker secret, for example); empty when it can.
     */
    private Optional<String> notRotatable(String name) {
        RotationPolicy policy = policy(name);
        if (policy.type().isEmpty()) {
            return Optional.of("it has no type, so no generator can make its new value; add type (password, api-key, ...)");
        }
        if (!settings.hooks().containsKey(name)) {
            return Optional.of("its policy comes from the catalog and it has no rotation hook; add one with"
                    + " Secrets.Builder.rotationHook(name, hook), or RotationHook.none() when nothing outside the store uses it");
        }
        if (!settings.values().knows(policy.type().get())) {
            return Optional.of("no generator makes its type '" + policy.type().get() + "'; fix the type or add a generator");
        }
        try {
            origin(name);
            return Optional.empty();
        } catch (SecretProviderException | SecretNotFoundException e) {
            return Optional.of(e.getMessage());
        }
    }

    /**
     * Rotates {@code name} now with no grace period: a rotation under way on this instance is
     * waited for by the caller's retry, one in its grace period is finished at once, then a new
     * value replaces the current one and the previous value is retired.
     *
     * @throws IllegalArgumentException when the secret has no rotation policy
     */
    public RotationStatus rotateNow(String name) {
        if (policy(name).type().isEmpty()) {
            throw new IllegalStateException("secret '" + name + "' has a rotation policy without a type, so no generator can"
                    + " make its new value; set type (password, api-key, ...)");
        }
        advance(name, true);
        return status(name);
    }

    /** The status of {@code name}'s rotation; reads its record. */
    public RotationStatus status(String name) {
        RotationPolicy policy = policy(name);
        Origin origin = origin(name);
        Optional<Versioned> seen = steps(name, policy, origin).store().read();
        if (seen.isEmpty()) {
            Optional<Instant> created = origin.provider().get(origin.ref()).flatMap(Secret::createdAt);
            return new RotationStatus(name, Optional.empty(), created, Optional.of(firstDue(created, policy)), 0, Optional.empty());
        }
        RotationRecord r = seen.get().record();
        return new RotationStatus(name, Optional.of(r.state()), r.lastRotated(), Optional.of(dueAt(r, policy)), r.attempt(),
                r.error());
    }

    /** What a check would do now, for every secret with a policy; writes nothing. */
    public RotationPlan plan() {
        Instant now = settings.clock().instant();
        List<RotationPlan.Entry> entries = new ArrayList<>();
        for (Map.Entry<String, RotationPolicy> e : settings.policies().entrySet()) {
            String name = e.getKey();
            RotationPolicy policy = e.getValue();
            try {
                Origin origin = origin(name);
                Optional<Versioned> seen = steps(name, policy, origin).store().read();
                Instant due;
                String action;
                if (seen.isEmpty()) {
                    due = firstDue(origin.provider().get(origin.ref()).flatMap(Secret::createdAt), policy);
                    action = "rotate: never rotated";
                } else {
                    RotationRecord r = seen.get().record();
                    due = dueAt(r, policy);
                    action = describe(r, now);
                }
                entries.add(new RotationPlan.Entry(name, origin.provider().describe(), policy.strategy(), !now.isBefore(due),
                        due, !now.isBefore(due) ? action : "wait until " + due));
            } catch (RuntimeException ex) {
                entries.add(new RotationPlan.Entry(name, "?", policy.strategy(), false, now, "cannot plan: " + Steps.reason(ex)));
            }
        }
        entries.sort(Comparator.comparing((RotationPlan.Entry x) -> !x.due()).thenComparing(RotationPlan.Entry::dueAt));
        return new RotationPlan(now, entries);
    }

    @Override
    public void close() {
        closed = true;
        Subscription s = next;
        if (s != null) {
            s.cancel();
        }
    }

    private void schedule(Duration delay) {
        if (closed) {
            return;
        }
        next = settings.scheduler().schedule(() -> {
            checkNow();
            long every = settings.checkEvery().toMillis();
            schedule(Duration.ofMillis(every - every / 10 + (long) (ThreadLocalRandom.current().nextDouble() * every / 5)));
        }, delay);
    }

    /** Moves {@code name}'s rotation forward as far as it can go now. */
    private void advance(String name, boolean emergency) {
        ReentrantLock lock = locks.computeIfAbsent(name, k -> new ReentrantLock());
        if (emergency) {
            lock.lock(); // an emergency waits for a check under way, then rotates anyway
        } else if (!lock.tryLock()) {
            return;
        }
        try {
            RotationPolicy policy = policy(name);
            Origin origin = origin(name);
            Steps steps = steps(name, policy, origin);
            Instant now = settings.clock().instant();
            Optional<Versioned> seen = steps.store().read();
            if (seen.isPresent() && seen.get().record().state().inProgress()) {
                if (heldByOther(seen.get().record(), now)) {
                    return;
                }
                seen = Optional.of(steps.recover(seen.get()));
            }
            if (seen.isPresent() && seen.get().record().state() == RotationState.PROMOTED) {
                RotationRecord r = seen.get().record();
                boolean graceOver = !now.isBefore(r.graceUntil().orElse(now)) && !now.isBefore(r.nextAttempt().orElse(now));
                if (!emergency && !(graceOver && !heldByOther(r, now))) {
                    return;
                }
                seen = Optional.of(steps.finish(seen.get()));
                if (!emergency || seen.get().record().state() != RotationState.FINISHED) {
                    return;
                }
            }
            Instant due = seen.map(v -> dueAt(v.record(), policy))
                    .orElseGet(() -> firstDue(origin.provider().get(origin.ref()).flatMap(Secret::createdAt), policy));
            if (emergency || !now.isBefore(due)) {
                steps.rotate(seen, emergency);
            }
        } catch (RecordStore.Lost e) {
            log.debug("{}; that instance rotates it", e.getMessage());
        } finally {
            lock.unlock();
        }
    }

    private boolean heldByOther(RotationRecord r, Instant now) {
        return !r.owner().equals(settings.instanceId()) && now.isBefore(r.leaseUntil());
    }

    private Instant dueAt(RotationRecord r, RotationPolicy policy) {
        return switch (r.state()) {
            case FAILED -> r.nextAttempt().orElse(r.startedAt());
            case PROMOTED -> r.nextAttempt().orElse(r.graceUntil().orElse(r.startedAt()));
            case FINISHED -> r.lastRotated().orElse(r.startedAt()).plus(policy.rotateEvery());
            default -> r.leaseUntil();
        };
    }

    /** Before the first rotation: a period after the current version was created; a secret of unknown age is due now. */
    private Instant firstDue(Optional<Instant> created, RotationPolicy policy) {
        return created.map(c -> c.plus(policy.rotateEvery())).orElseGet(() -> settings.clock().instant());
    }

    private static String describe(RotationRecord r, Instant now) {
        return switch (r.state()) {
            case FAILED -> "rotate: attempt " + (r.attempt() + 1) + " after " + r.error().orElse("a failure");
            case PROMOTED -> "finish: retire version " + r.from().orElse("-") + " (grace over)";
            case FINISHED -> "rotate: due (last rotated " + r.lastRotated().map(Instant::toString).orElse("?") + ")";
            default -> now.isBefore(r.leaseUntil()) ? "wait: rotating on instance " + r.owner()
                    : "recover: left " + r.state() + " by instance " + r.owner();
        };
    }

    private RotationPolicy policy(String name) {
        RotationPolicy p = settings.policies().get(name);
        if (p == null) {
            throw new IllegalArgumentException("secret '" + name + "' has no rotation policy; declare one with"
                    + " Secrets.Builder.rotate(name, policy) or rotate-every in the catalog");
        }
        return p;
    }

    private Origin origin(String name) {
        Origin o = secrets.origin(name).orElseThrow(() -> new SecretNotFoundException(name, "every provider"));
        RotationStrategy strategy = policy(name).strategy();
        if (!o.provider().capabilities().contains(Capability.WRITE)
                || strategy != RotationStrategy.SINGLE && !o.provider().capabilities().contains(Capability.STAGES)) {
            throw SecretProviderException.permanent(o.provider().id(), name, "secret '" + name + "' cannot rotate " + strategy
                    + " at provider '" + o.provider().id() + "': it needs a provider that "
                    + (strategy == RotationStrategy.SINGLE ? "can write" : "can write pending versions (STAGES)")
                    + "; move the secret to such a provider (file, vault, aws) or use strategy SINGLE", null);
        }
        return o;
    }

    private Steps steps(String name, RotationPolicy policy, Origin origin) {
        return new Steps(name, policy, settings.hooks().getOrDefault(name, RotationHook.none()), origin, settings.values(),
                settings.clock(), settings.audit(), settings.instanceId(), settings.lease(), this::refreshQuietly);
    }

    private void refreshQuietly(String name) {
        try {
            secrets.refresh(name);
        } catch (RuntimeException e) {
            log.debug("refresh of secret '{}' after its rotation failed: {}", name, e.getMessage());
        }
    }
}
