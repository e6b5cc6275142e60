package dev.secrets4j.provider.vault.internal.session;

import dev.secrets4j.Scheduler;
import dev.secrets4j.SecretProviderException;
import dev.secrets4j.Subscription;
import dev.secrets4j.provider.vault.VaultAuth;
import io.github.jopenlibs.vault.Vault;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.locks.ReentrantLock;
import java.util.random.RandomGenerator;

/**
 * The provider's logged-in session with Vault: holds the current token and keeps it alive.
 *
 * <p>{@link #open} logs in (or checks a fixed token with {@code lookup-self}), then renews the
 * token at about two thirds of its TTL, logs in again before expiry when the token is not
 * renewable or nears its max TTL, and retries failed renewals and logins with exponential backoff
 * and full jitter, forever. No caller ever waits on a renewal: {@link #token()} returns the current
 * token at once. Renewals and logins run on the injected {@link Scheduler}'s thread, one at a
 * time; {@link #reloginAfterForbidden} logs in on the caller's thread.
 *
 * <p>A backend outage is logged as one WARN when the first renewal or login fails and one INFO when
 * one succeeds again; no token, secret id or JWT is ever logged or put in a message.
 */
public final class VaultSession implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(VaultSession.class);

    private final AuthSpec spec;
    private final AuthCalls calls;
    private final VaultTransport transport;
    private final Clock clock;
    private final Scheduler scheduler;
    private final Backoff backoff;
    private final RandomGenerator random;
    private final String tokenMount;
    private final String describe;

    private final ReentrantLock lock = new ReentrantLock();
    private volatile Bound current;
    // Written with the lock held; volatile so that health() never waits for a login in progress.
    private volatile int failures;
    private volatile String lastFailure;
    // Guarded by lock:
    private Subscription next = () -> { };
    private long generation;
    private boolean closed;
    private String failedRejectedToken;
    private SecretProviderException failedRelogin;

    private VaultSession(AuthSpec spec, VaultTransport transport, Clock clock, Scheduler scheduler, Backoff backoff,
                         RandomGenerator random, Environment environment) {
        this.spec = spec;
        this.transport = transport;
        this.calls = new AuthCalls(transport, environment);
        this.clock = clock;
        this.scheduler = scheduler;
        this.backoff = backoff;
        this.random = random;
        // Tokens from every auth method are renewed, looked up and revoked by the token auth backend.
        this.tokenMount = spec instanceof AuthSpec.FixedToken fixed ? fixed.mount() : "token";
        this.describe = spec.method() + " auth at auth/" + spec.mount() + " on " + transport.address()
                + transport.namespace().map(ns -> " (namespace " + ns + ")").orElse("");
    }

    /**
     * Logs in with {@code auth} and starts keeping the token alive.
     *
     * @throws SecretProviderException when the login or the token check fails: non-retryable for a
     *         rejected credential (400, 403) or a missing credential file, retryable for a transport
     *         failure, 429 or 5xx; the message names the auth method and mount, never the credential
     */
    public static VaultSession open(VaultAuth auth, VaultTransport transport, Clock clock, Scheduler scheduler,
                                    Backoff backoff) {
        return open(auth, transport, clock, scheduler, backoff, new SplittableRandom(), Environment.system());
    }

    /** {@link #open(VaultAuth, VaultTransport, Clock, Scheduler, Backoff)} with the jitter's randomness and the environment injected, for tests. */
    static VaultSession open(VaultAuth auth, VaultTransport transport, Clock clock, Scheduler scheduler,
                             Backoff backoff, RandomGenerator random, Environment environment) {
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(scheduler, "scheduler");
        Objects.requireNonNull(backoff, "backoff");
        Objects.requireNonNull(random, "random");
        Objects.requireNonNull(environment, "environment");
        VaultSession session = new VaultSession(AuthAccess.spec(auth), transport, clock, scheduler, backoff, random,
                environment);
        session.start();
        return session;
    }

    private void start() {
        Bound first;
        try {
            first = spec instanceof AuthSpec.FixedToken fixed ? checkFixedToken(fixed) : bind(calls.login(spec, clock.instant()));
        } catch (CallFailure failure) {
            throw SessionErrors.openFailed(describe, spec, failure);
        }
        lock.lock();
        try {
            install(first);
        } finally {
            lock.unlock();
        }
        TokenGrant grant = first.grant();
        LOG.info("Vault session opened with {}: token {}, expires {}", describe,
                grant.renewable() ? "renewable" : "not renewable",
                grant.expiresAt().map(Instant::toString).orElse("never"));
    }

    private Bound checkFixedToken(AuthSpec.FixedToken fixed) {
        String token = calls.fixedToken(fixed);
        Vault driver = Drivers.create(transport, Optional.of(token), 2);
        return new Bound(calls.lookupSelf(driver, token, tokenMount, clock.instant()), driver,
                Drivers.create(transport, Optional.of(token), 1));
    }

    /** The current token; never blocks on a renewal or login in progress. */
    public String token() {
        return current.grant().token();
    }

    /**
     * Logs in again after Vault answered 403 to {@code rejectedToken}: concurrent callers that saw
     * the same rejected token share one login, and a caller whose token was already replaced gets
     * the new one at once. Returns the token to retry with.
     *
     * @throws SecretProviderException (not retryable) when the token was a fixed one that cannot be
     *         re-obtained, or when the login was refused; retryable when Vault could not be reached.
     *         The same exception is thrown to every caller with the same rejected token until a
     *         background login succeeds.
     */
    public String reloginAfterForbidden(String rejectedToken) {
        Objects.requireNonNull(rejectedToken, "rejectedToken");
        lock.lock();
        try {
            if (closed) {
                throw SessionErrors.closed(describe);
            }
            String now = current.grant().token();
            if (!now.equals(rejectedToken)) {
                return now;
            }
            if (!spec.logsIn()) {
                throw SessionErrors.fixedTokenForbidden(describe);
            }
            if (rejectedToken.equals(failedRejectedToken)) {
                throw failedRelogin;
            }
            LOG.info("Vault denied a request (403) with the current token of {}; logging in again", describe);
            try {
                succeeded(bind(calls.login(spec, clock.instant())), "logged in again after a 403");
                return current.grant().token();
            } catch (CallFailure failure) {
                failed(failure, "login after a 403");
                failedRejectedToken = rejectedToken;
                failedRelogin = SessionErrors.reloginFailed(describe, failure);
                throw failedRelogin;
            }
        } finally {
            lock.unlock();
        }
    }

    /** A driver bound to the current token, with the KV engine version left at the driver's default (2). */
    public Vault driver() {
        return current.kv2();
    }

    /** A driver bound to the current token, for a KV engine of version {@code kvVersion} (1 or 2). */
    public Vault driver(int kvVersion) {
        if (kvVersion == 2) {
            return current.kv2();
        }
        if (kvVersion == 1) {
            return current.kv1();
        }
        throw new IllegalArgumentException("KV engine version must be 1 or 2, got " + kvVersion);
    }

    /** The token's expiry, renewability and recent failures; never waits for a renewal or login in progress. */
    public SessionHealth health() {
        TokenGrant grant = current.grant();
        return new SessionHealth(grant.expiresAt(), grant.renewable(), Optional.ofNullable(lastFailure), failures);
    }

    /** Stops renewals and logins; revokes the token if this session logged in for it. Idempotent. */
    @Override
    public void close() {
        close(true);
    }

    /**
     * Stops renewals and logins and, when {@code revokeToken} is true, revokes the token if this
     * session logged in for it. Revoking a token also revokes the leases created with it (dynamic
     * credentials), so a provider that keeps its leases on close keeps its token too; it then
     * expires by itself. Idempotent.
     */
    public void close(boolean revokeToken) {
        Bound last;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            generation++;
            next.cancel();
            last = current;
        } finally {
            lock.unlock();
        }
        if (!spec.logsIn()) {
            LOG.debug("Vault session of {} closed; the configured token is left as it is", describe);
            return;
        }
        if (!revokeToken) {
            LOG.debug("Vault session of {} closed; its token is kept (and with it its leases) until it expires", describe);
            return;
        }
        if (last.grant().expiresAt().map(end -> !end.isAfter(clock.instant())).orElse(false)) {
            LOG.debug("Vault session of {} closed; its token has already expired", describe);
            return;
        }
        try {
            calls.revokeSelf(last.kv2(), last.grant().token(), tokenMount);
            LOG.debug("Vault session of {} closed; its token is revoked", describe);
        } catch (CallFailure failure) {
            LOG.warn("Vault session of {} closed, but revoking its token failed ({}); it expires by itself at {}",
                    describe, failure.reason(), last.grant().expiresAt().map(Instant::toString).orElse("never"));
        }
    }

    @Override
    public String toString() {
        return "VaultSession[" + describe + ", " + current.grant() + "]";
    }

    // ---- the token's life; every method below runs with the lock held ----

    private Bound bind(TokenGrant grant) {
        return new Bound(grant, Drivers.create(transport, Optional.of(grant.token()), 2),
                Drivers.create(transport, Optional.of(grant.token()), 1));
    }

    /** Makes {@code bound} current and schedules what comes next for it. */
    private void install(Bound bound) {
        current = bound;
        failedRejectedToken = null;
        failedRelogin = null;
        TokenGrant grant = bound.grant();
        Optional<Instant> refreshAt = grant.refreshAt();
        if (refreshAt.isEmpty()) {
            schedule(null);
            return;
        }
        if (!spec.logsIn() && !grant.canBeExtended()) {
            schedule(null);
            scheduleExpiryWarning(grant);
            return;
        }
        schedule(Duration.between(clock.instant(), refreshAt.get()));
    }

    /** Replaces the pending task by a refresh after {@code delay}, or by nothing when {@code delay} is null. */
    private void schedule(Duration delay) {
        next.cancel();
        long mine = ++generation;
        if (delay == null) {
            next = () -> { };
            return;
        }
        next = scheduler.schedule(() -> refresh(mine), delay.isNegative() ? Duration.ZERO : delay);
    }

    private void scheduleExpiryWarning(TokenGrant grant) {
        long mine = generation;
        Instant expiresAt = grant.expiresAt().orElseThrow();
        Duration in = Duration.between(clock.instant(), grant.refreshAt().orElseThrow());
        next = scheduler.schedule(() -> {
            lock.lock();
            try {
                if (!closed && mine == generation) {
                    LOG.warn("the Vault token of {} expires at {} and cannot be renewed ({}) or obtained again; "
                                    + "give the provider a new token before then, or use a login method (AppRole, Kubernetes, JWT)",
                            describe, expiresAt, grant.capped() ? "it reached its max TTL" : "it is not renewable");
                }
            } finally {
                lock.unlock();
            }
        }, in.isNegative() ? Duration.ZERO : in);
    }

    /** The scheduled work: renew the token if it can still be extended, else log in again. */
    private void refresh(long scheduledGeneration) {
        lock.lock();
        try {
            if (closed || scheduledGeneration != generation) {
                return;
            }
            Bound bound = current;
            TokenGrant grant = bound.grant();
            Instant now = clock.instant();
            // A token Vault rejected with 403 is not worth renewing: log in again.
            boolean rejected = grant.token().equals(failedRejectedToken);
            if (!rejected && grant.canBeExtended() && aliveLongEnough(grant, now)) {
                try {
                    succeeded(new Bound(calls.renewSelf(bound.kv2(), grant, tokenMount, now), bound.kv2(), bound.kv1()),
                            "renewed");
                    return;
                } catch (CallFailure failure) {
                    if (!spec.logsIn() || !(failure.isForbidden() || failure.status().orElse(0) == 400)) {
                        renewalFailed(bound, failure);
                        return;
                    }
                    LOG.info("Vault refused to renew the token of {} ({}); logging in again", describe, failure.reason());
                }
            }
            if (!spec.logsIn()) {
                // A configured token that renewal could not reach in time: nothing more can be done for it.
                schedule(null);
                LOG.warn("the configured Vault token of {} expires at {} and could not be renewed in time ({}); "
                                + "give the provider a new token", describe,
                        grant.expiresAt().map(Instant::toString).orElse("never"),
                        lastFailure == null ? "no renewal was attempted" : lastFailure);
                return;
            }
            try {
                succeeded(bind(calls.login(spec, clock.instant())), "logged in again");
            } catch (CallFailure failure) {
                failed(failure, "login");
            }
        } finally {
            lock.unlock();
        }
    }

    /** Whether the token lives long enough that a renewal request can still reach Vault before it expires. */
    private boolean aliveLongEnough(TokenGrant grant, Instant now) {
        return grant.expiresAt().map(end -> now.plus(transport.readTimeout()).isBefore(end)).orElse(false);
    }

    private void renewalFailed(Bound bound, CallFailure failure) {
        if (failure.isForbidden()) {
            // A fixed token Vault no longer knows: nothing can bring it back.
            failures++;
            lastFailure = failure.reason();
            schedule(null);
            LOG.warn("Vault rejected the configured token of {} (403) at renewal: it was revoked or has expired and "
                    + "cannot be obtained again; give the provider a new token", describe);
            return;
        }
        if (failure.status().orElse(0) == 400) {
            LOG.warn("Vault refused to renew the configured token of {} ({}); it will not be renewed again", describe,
                    failure.reason());
            install(new Bound(bound.grant().notRenewable(), bound.kv2(), bound.kv1()));
            return;
        }
        failed(failure, "renewal");
    }

    private void succeeded(Bound bound, String what) {
        if (failures > 0) {
            LOG.info("Vault token of {} {} after {} failed attempt{}", describe, what, failures, failures == 1 ? "" : "s");
        } else {
            LOG.debug("Vault token of {} {}: {}", describe, what, bound.grant());
        }
        if (bound.grant().capped() && !current.grant().capped()) {
            LOG.info("the Vault token of {} reached its max TTL and expires at {}; {}", describe,
                    bound.grant().expiresAt().map(Instant::toString).orElse("never"),
                    spec.logsIn() ? "logging in again before then" : "it cannot be obtained again");
        }
        failures = 0;
        lastFailure = null;
        install(bound);
    }

    private void failed(CallFailure failure, String what) {
        failures++;
        lastFailure = what + " failed: " + failure.reason();
        Duration delay = backoff.delay(failures, random);
        String expiry = current.grant().expiresAt().map(Instant::toString).orElse("never");
        if (failures == 1) {
            LOG.warn("Vault token {} for {} failed: {}; retrying with backoff, the current token (expires {}) stays in use",
                    what, describe, failure.reason(), expiry);
        } else {
            LOG.debug("Vault token {} for {} failed again ({} in a row): {}; next try in {}", what, describe, failures,
                    failure.reason(), delay);
        }
        schedule(delay);
    }

    /** A token grant and drivers bound to its token. */
    private record Bound(TokenGrant grant, Vault kv2, Vault kv1) {
        @Override
        public String toString() {
            return "Bound[" + grant + "]";
        }
    }
}
