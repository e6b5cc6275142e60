package dev.secrets4j.provider.vault.internal;

import dev.secrets4j.SecretProviderException;
import dev.secrets4j.provider.vault.internal.session.SessionHealth;
import dev.secrets4j.spi.ProviderHealth;
import tools.jackson.databind.JsonNode;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * The provider's health: Vault's {@code sys/health} (called directly: the driver's
 * {@code health()} throws on 472, 474 and 530 and keeps no reason) mapped to up or down with a
 * reason, then the session's token: renewals failing make it degraded, an expired token down.
 *
 * <table>
 *   <caption>sys/health</caption>
 *   <tr><td>200 active</td><td>UP</td></tr>
 *   <tr><td>429 standby, 473 performance standby</td><td>UP (reads are forwarded or served locally)</td></tr>
 *   <tr><td>472 DR secondary, 474 standby without an active node, 501 not initialised, 503 sealed, 530 removed</td><td>DOWN</td></tr>
 * </table>
 */
final class HealthProbe {

    private final VaultClient client;
    private final Failures failures;
    private final Clock clock;

    HealthProbe(VaultClient client, Clock clock) {
        this.client = client;
        this.failures = client.failures();
        this.clock = clock;
    }

    /** Asks Vault now; never throws. */
    public ProviderHealth check() {
        ProviderHealth server = server();
        if (server.status() == ProviderHealth.Status.DOWN) {
            return server;
        }
        Optional<SessionHealth> session = client.sessionHealth();
        if (session.isEmpty()) {
            return new ProviderHealth(server.status(), server.detail() + "; not logged in yet (the first read logs in)");
        }
        SessionHealth s = session.get();
        Instant now = clock.instant();
        String token = s.tokenExpiresAt().map(t -> "token valid until " + t).orElse("token does not expire")
                + (s.renewable() ? " (renewable)" : "");
        if (s.tokenExpiresAt().filter(t -> !t.isAfter(now)).isPresent()) {
            return ProviderHealth.down(server.detail() + "; token expired at " + s.tokenExpiresAt().get()
                    + s.lastFailure().map(f -> ", login or renewal failing: " + f).orElse(""));
        }
        if (s.consecutiveFailures() > 0) {
            return ProviderHealth.degraded(server.detail() + "; " + token + ", but " + s.consecutiveFailures()
                    + " token renewal or login attempts failed in a row" + s.lastFailure().map(f -> ": " + f).orElse(""));
        }
        return new ProviderHealth(server.status(), server.detail() + "; " + token);
    }

    private ProviderHealth server() {
        Call call = Call.read("checking the health of", null, "sys/health");
        Reply reply;
        try {
            reply = client.health(call);
        } catch (SecretProviderException e) {
            return ProviderHealth.down(e.getMessage());
        }
        String at = failures.where();
        JsonNode body;
        try {
            body = failures.json(reply, call);
        } catch (SecretProviderException e) {
            return ProviderHealth.down(e.getMessage());
        }
        int s = reply.status();
        if (!body.path("initialized").asBoolean(s != 501) || s == 501) {
            return ProviderHealth.down(at + " is not initialised (sys/health " + s + "); run 'vault operator init'");
        }
        if (body.path("sealed").asBoolean(s == 503) || s == 503) {
            return ProviderHealth.down(at + " is sealed (sys/health " + s + "); unseal it");
        }
        return switch (s) {
            case 200 -> ProviderHealth.up(at + " is active");
            case 429 -> ProviderHealth.up(at + " is a standby (requests are forwarded to the active node)");
            case 473 -> ProviderHealth.up(at + " is a performance standby (serves reads locally)");
            case 472 -> ProviderHealth.down(at + " is a disaster-recovery secondary, which serves no secrets; point the address at the primary cluster");
            case 474 -> ProviderHealth.down(at + " is a standby that cannot reach the active node");
            case 530 -> ProviderHealth.down(at + " was removed from its cluster");
            default -> ProviderHealth.down(at + " answered sys/health with " + s
                    + (body.path("standby").asBoolean(false) ? " (standby)" : "") + "; check Vault's status");
        };
    }
}
