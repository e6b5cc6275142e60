package dev.secrets4j.testing.vault;

import java.util.Map;
import java.util.Optional;

/**
 * One request the emulator received, as recorded for assertions. The {@code X-Vault-Token} value is
 * replaced by a stable label such as {@code token#3} (see {@link VaultEmulator#tokenLabel(String)}),
 * and the body is not kept, so a recorded request holds no credential.
 *
 * @param method    the HTTP method, such as {@code GET} or {@code LIST}
 * @param path      the path under {@code /v1/} with its query, such as {@code secret/data/app/db?version=2}
 * @param headers   request headers, names in lower case, multiple values joined by {@code ","}; the token value
 *                  is a label
 * @param namespace the {@code X-Vault-Namespace} header, if sent
 * @param status    the status answered, or {@code -1} when no answer was sent (connection reset, hang)
 */
public record RecordedRequest(String method, String path, Map<String, String> headers,
                              Optional<String> namespace, int status) {

    /** Copies the headers. */
    public RecordedRequest {
        headers = Map.copyOf(headers);
    }

    /** The label of the token sent ({@code token#3}), or empty when no {@code X-Vault-Token} header was sent. */
    public Optional<String> tokenLabel() {
        return Optional.ofNullable(headers.get("x-vault-token"));
    }

    /** The path without its query string. */
    public String pathWithoutQuery() {
        int q = path.indexOf('?');
        return q < 0 ? path : path.substring(0, q);
    }
}
