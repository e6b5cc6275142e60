package dev.secrets4j.provider.vault.internal;

import dev.secrets4j.Scheduler;
import dev.secrets4j.SecretProviderException;
import dev.secrets4j.provider.vault.VaultAuth;
import dev.secrets4j.provider.vault.internal.session.Backoff;
import dev.secrets4j.provider.vault.internal.session.SessionHealth;
import dev.secrets4j.provider.vault.internal.session.VaultSession;
import dev.secrets4j.provider.vault.internal.session.VaultTransport;
import io.github.jopenlibs.vault.VaultException;
import io.github.jopenlibs.vault.response.LogicalResponse;
import io.github.jopenlibs.vault.rest.RestResponse;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Every authenticated call the provider makes, through one place: opens the session on first use
 * (so building a provider does no I/O and a failed login shows in the boot report), sends reads
 * and writes through the driver and the rest directly, and answers a 403 with one re-login and
 * one retry before reporting it.
 *
 * <p>The driver is always used with KV engine version 1, which sends paths unchanged: the provider
 * computes the API paths ({@code secret/data/app/db}) itself, since the driver's own rewriting
 * assumes one-segment mounts. The driver's exceptions are never passed on: their messages quote
 * Vault's response bodies.
 */
final class VaultClient implements AutoCloseable {

    private final VaultAuth auth;
    private final VaultTransport transport;
    private final Clock clock;
    private final Scheduler scheduler;
    private final Backoff backoff;
    private final VaultHttp http;
    private final Failures failures;
    private final long limit;
    private final boolean revokeTokenOnClose;
    private VaultSession session;
    private boolean closed;

    VaultClient(VaultAuth auth, VaultTransport transport, Clock clock, Scheduler scheduler, Backoff backoff,
                       Failures failures, long limit, boolean revokeTokenOnClose) {
        this.auth = auth;
        this.revokeTokenOnClose = revokeTokenOnClose;
        this.transport = transport;
        this.clock = clock;
        this.scheduler = scheduler;
        this.backoff = backoff;
        this.failures = failures;
        this.limit = limit;
        this.http = new VaultHttp(transport, limit);
    }

    /**
     * The session, logging in on first use.
     *
     * @throws SecretProviderException when the login fails (the session's error) or after close
     */
    public synchronized VaultSession session() {
        if (closed) {
            throw SecretProviderException.permanent("vault", null, "provider 'vault' (" + failures.where() + ")"
                    + " is closed; build a new provider", null);
        }
        if (session == null) {
            session = VaultSession.open(auth, transport, clock, scheduler, backoff);
        }
        return session;
    }

    /** The session's health, if it is open. */
    public synchronized Optional<SessionHealth> sessionHealth() {
        return session == null ? Optional.empty() : Optional.of(session.health());
    }

    /** GET through the driver's {@code logical().read}; {@code apiPath} may carry a query ({@code ?version=3}). */
    Reply driverRead(Call call, String apiPath) {
        return authenticated(call, token -> fromDriver(() -> session().driver(1).logical().read(apiPath)));
    }

    /** POST of a JSON object through the driver's {@code logical().write}; values are driver JSON values. */
    Reply driverWrite(Call call, String apiPath, Map<String, Object> body) {
        return authenticated(call, token -> fromDriver(() -> session().driver(1).logical().write(apiPath, body)));
    }

    /** A direct authenticated call ({@code json} may be {@code null}). */
    Reply direct(Call call, String method, String apiPath, byte[] json) {
        return authenticated(call, token -> send(call, () -> http.send(method, apiPath, Optional.of(token), json, true)));
    }

    /** {@code GET sys/health}, unauthenticated and not namespaced. */
    Reply health(Call call) {
        return send(call, () -> http.send("GET", "sys/health", Optional.empty(), null, false));
    }

    /** Turns the driver's outcome into a reply; a status-only reply when the driver threw on a status. */
    private Reply fromDriver(DriverCall call) {
        try {
            RestResponse rest = call.run().getRestResponse();
            String type = rest.getMimeType() == null ? "" : rest.getMimeType();
            return Reply.of(rest.getStatus(), type, rest.getBody() == null ? new byte[0] : rest.getBody(), limit);
        } catch (VaultException e) {
            if (e.getHttpStatusCode() > 0) {
                // The driver threw on a status (5xx, 412); the body went into its message, which we drop.
                return new Reply(e.getHttpStatusCode(), "", new byte[0], false);
            }
            throw Unreachable.from(e);
        }
    }

    private Reply authenticated(Call call, Function<String, Reply> attempt) {
        VaultSession s = session();
        String token = s.token();
        Reply reply = send(call, () -> attempt.apply(token));
        if (reply.status() != 403) {
            return reply;
        }
        String fresh;
        try {
            fresh = s.reloginAfterForbidden(token);
        } catch (SecretProviderException e) {
            if (e.isRetryable()) {
                throw failures.retryable(call, "Vault answered 403 and logging in again failed for now (" + e.getMessage() + ")",
                        "it is retried with backoff");
            }
            // The caller maps the 403 (a permission error, or a fallback for a denied metadata read).
            return reply.withNote("logging in again did not help: " + e.getMessage());
        }
        return send(call, () -> attempt.apply(fresh));
    }

    private Reply send(Call call, java.util.function.Supplier<Reply> attempt) {
        try {
            return attempt.get();
        } catch (Unreachable u) {
            throw failures.unreachable(u, call);
        }
    }

    /** The failure mapping of this client. */
    Failures failures() {
        return failures;
    }

    /**
     * Closes the session; later calls fail. A token the session logged in for is revoked only with
     * {@code revokeLeasesOnClose}: revoking it would revoke its leases too.
     */
    @Override
    public synchronized void close() {
        closed = true;
        if (session != null) {
            session.close(revokeTokenOnClose);
            session = null;
        }
    }

    @FunctionalInterface
    private interface DriverCall {
        LogicalResponse run() throws VaultException;
    }
}
