package dev.secrets4j.testing.vault;

import tools.jackson.databind.node.ObjectNode;

import java.time.Clock;

/**
 * The node's state and what {@code sys/health} and {@code sys/seal-status} report about it: the status code by
 * state with the documented query overrides ({@code standbyok}, {@code perfstandbyok}, {@code activecode},
 * {@code standbycode}, {@code performancestandbycode}, {@code sealedcode}, {@code uninitcode}),
 * the same body for every code, no body for {@code HEAD}. Thread-safe.
 */
final class HealthEndpoint {

    static final String VERSION = "1.17.0";

    private final Clock clock;
    private volatile HealthState state = HealthState.ACTIVE;

    HealthEndpoint(Clock clock) {
        this.clock = clock;
    }

    void set(HealthState state) {
        this.state = state;
    }

    HealthState state() {
        return state;
    }

    /** Sealed or not initialized: every path but the health endpoints answers 503. */
    boolean isSealed() {
        HealthState s = state;
        return s == HealthState.SEALED || s == HealthState.UNINITIALIZED;
    }

    ApiResponse answer(ApiRequest req) {
        if (!req.isRead()) {
            return ApiResponse.unsupported();
        }
        HealthState s = state;
        int code = switch (s) {
            case UNINITIALIZED -> code(req, "uninitcode", 501);
            case SEALED -> code(req, "sealedcode", 503);
            case STANDBY -> req.queryFlag("standbyok") ? code(req, "activecode", 200) : code(req, "standbycode", 429);
            case PERFORMANCE_STANDBY -> req.queryFlag("perfstandbyok") ? code(req, "activecode", 200)
                    : code(req, "performancestandbycode", 473);
            case ACTIVE -> code(req, "activecode", 200);
        };
        if (req.method().equals("HEAD")) {
            return new ApiResponse(code, ApiResponse.JSON, null);
        }
        ObjectNode body = WireJson.object();
        body.put("initialized", s != HealthState.UNINITIALIZED);
        body.put("sealed", isSealed());
        body.put("standby", s == HealthState.STANDBY || s == HealthState.PERFORMANCE_STANDBY);
        body.put("performance_standby", s == HealthState.PERFORMANCE_STANDBY);
        body.put("replication_performance_mode", "disabled");
        body.put("replication_dr_mode", "disabled");
        body.put("server_time_utc", clock.instant().getEpochSecond());
        body.put("version", VERSION);
        body.put("enterprise", false);
        if (s != HealthState.UNINITIALIZED) {
            body.put("cluster_name", "vault-cluster-emulator");
            body.put("cluster_id", "5f3c1d2e-0000-4000-8000-000000000001");
        }
        return ApiResponse.json(code, body);
    }

    private static int code(ApiRequest req, String param, int fallback) {
        String raw = req.query(param).orElse("");
        if (raw.isEmpty()) {
            return fallback;
        }
        try {
            return Integer.parseInt(raw);
        } catch (NumberFormatException e) {
            throw new WireJson.BadRequest("bad code");
        }
    }

    ApiResponse sealStatus() {
        HealthState s = state;
        ObjectNode body = WireJson.object();
        body.put("type", "shamir");
        body.put("initialized", s != HealthState.UNINITIALIZED);
        body.put("sealed", isSealed());
        body.put("t", 1);
        body.put("n", 1);
        body.put("progress", 0);
        body.put("nonce", "");
        body.put("version", VERSION);
        body.put("migration", false);
        body.put("recovery_seal", false);
        body.put("storage_type", "inmem");
        return ApiResponse.ok(body);
    }
}
