package dev.secrets4j.testing.vault;

import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;

/**
 * One answer of the emulator: status, content type and body ({@code null} body for no body at all).
 *
 * @param status      the HTTP status
 * @param contentType the exact {@code Content-Type}, {@code ""} for none
 * @param body        the body bytes, {@code null} for no body (204, HEAD)
 */
record ApiResponse(int status, String contentType, byte[] body) {

    static final String JSON = "application/json";

    static ApiResponse json(int status, JsonNode body) {
        return new ApiResponse(status, JSON, WireJson.bytes(body));
    }

    static ApiResponse ok(JsonNode body) {
        return json(200, body);
    }

    static ApiResponse noContent() {
        return new ApiResponse(204, "", null);
    }

    /** {@code {"errors":[message]}}, or {@code {"errors":[]}} for an empty message. */
    static ApiResponse error(int status, String message) {
        return new ApiResponse(status, JSON, WireJson.errors(message).getBytes(StandardCharsets.UTF_8));
    }

    /** Vault's answer when a read or list found nothing: {@code 404 {"errors":[]}}. */
    static ApiResponse notFound() {
        return error(404, "");
    }

    static ApiResponse permissionDenied() {
        return error(403, "permission denied");
    }

    static ApiResponse sealed() {
        return error(503, "Vault is sealed");
    }

    static ApiResponse noRoute(String path) {
        return error(404, "no handler for route \"" + path + "\". route entry not found.");
    }

    static ApiResponse unsupported() {
        return error(405, "1 error occurred:\n\t* unsupported operation\n\n");
    }
}
