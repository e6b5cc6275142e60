package dev.secrets4j.testing.vault;

import tools.jackson.databind.node.ObjectNode;

import java.util.Map;
import java.util.Optional;

/**
 * One API request as the handlers see it: the Vault operation's method ({@code LIST} also for
 * {@code GET ?list=true}), the path under {@code /v1/} relative to the resolved namespace, the query, the body,
 * the token and the namespace it addresses.
 */
final class ApiRequest {

    private final String method;
    private final String path;
    private final Map<String, String> query;
    private final byte[] body;
    private final Optional<String> token;
    private final Optional<String> contentType;
    private final VaultNamespace namespace;
    private ObjectNode json;

    ApiRequest(String method, String path, Map<String, String> query, byte[] body, Optional<String> token,
               Optional<String> contentType, VaultNamespace namespace) {
        this.method = method;
        this.path = path;
        this.query = Map.copyOf(query);
        this.body = body;
        this.token = token;
        this.contentType = contentType;
        this.namespace = namespace;
    }

    /** The same request addressed to {@code path} in {@code namespace}. */
    ApiRequest in(VaultNamespace namespace, String path) {
        return new ApiRequest(method, path, query, body, token, contentType, namespace);
    }

    String method() {
        return method;
    }

    String path() {
        return path;
    }

    Optional<String> query(String name) {
        return Optional.ofNullable(query.get(name));
    }

    boolean queryFlag(String name) {
        return query(name).map(v -> v.equals("true") || v.equals("1")).orElse(false);
    }

    Optional<String> token() {
        return token;
    }

    Optional<String> contentType() {
        return contentType;
    }

    VaultNamespace namespace() {
        return namespace;
    }

    boolean isRead() {
        return method.equals("GET") || method.equals("HEAD");
    }

    boolean isWrite() {
        return method.equals("POST") || method.equals("PUT");
    }

    boolean isList() {
        return method.equals("LIST");
    }

    boolean isDelete() {
        return method.equals("DELETE");
    }

    boolean isPatch() {
        return method.equals("PATCH");
    }

    /** The body as a JSON object ({@code {}} when empty). @throws WireJson.BadRequest when it is not a JSON object */
    ObjectNode json() {
        if (json == null) {
            json = WireJson.parseBody(body);
        }
        return json;
    }
}
