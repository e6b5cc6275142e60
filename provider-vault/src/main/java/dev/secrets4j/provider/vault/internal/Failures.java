package dev.secrets4j.provider.vault.internal;

import dev.secrets4j.SecretProviderException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Turns Vault's answers into JSON or into {@link SecretProviderException}s whose messages say what
 * failed, for which secret, at which Vault and path, and what to do; whether they are retryable
 * follows Vault's status codes (429, 5xx, 412 and no answer are; 400, 403 and garbage that will
 * not change are not). No message ever holds a token, a value or a body Vault sent back, except
 * Vault's own error strings for calls that sent no value.
 */
final class Failures {

    static final JsonMapper JSON = JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

    private final String providerId;
    private final String where;
    private final long limit;

    /**
     * @param where the Vault described for messages: {@code vault at https://vault:8200 (namespace team-a)}
     * @param limit the largest body accepted, in bytes
     */
    Failures(String providerId, String where, long limit) {
        this.providerId = providerId;
        this.where = where;
        this.limit = limit;
    }

    /** The body as a JSON object, or an error saying why it is not Vault's JSON. */
    JsonNode json(Reply reply, Call call) {
        if (reply.oversized()) {
            throw permanent(call, "Vault answered " + reply.status() + " with a body larger than " + human(limit)
                    + ", more than any secret this provider reads", "check that the address points to Vault and not to a proxy");
        }
        String type = reply.contentType().toLowerCase(Locale.ROOT);
        if (!type.isEmpty() && !type.contains("json")) {
            throw retryable(call, "Vault answered " + reply.status() + " with " + VaultPaths.printable(reply.contentType())
                    + " instead of Vault's JSON", "check that the address points to Vault and not to a proxy, load balancer or login page");
        }
        JsonNode node;
        try {
            node = JSON.readTree(reply.body());
        } catch (JacksonException e) {
            // Jackson's message may quote the content: never pass it on.
            node = null;
        }
        if (node == null || !node.isObject()) {
            throw retryable(call, "Vault answered " + reply.status() + " with " + reply.body().length
                    + " bytes of truncated or malformed JSON", "check the network path to Vault (a proxy cutting answers short?)");
        }
        return node;
    }

    /**
     * The error for a reply that is not a success: 403 permission, 400 refusal, 404 unsupported
     * path, 412/429/5xx retryable.
     */
    SecretProviderException status(Reply reply, Call call) {
        int s = reply.status();
        String errors = call.quoteErrors() ? errors(reply).map(e -> " (" + e + ")").orElse("") : "";
        return switch (s) {
            case 403 -> permanent(call, "permission denied: Vault answered 403" + errors
                            + (reply.note().isEmpty() ? "" : " (" + reply.note() + ")"),
                    "grant the token's policy '" + call.capability() + "' on " + call.apiPath() + " (see the policy in the provider's README)");
            case 400 -> permanent(call, "Vault refused the request with 400" + errors, "check the reference and the mount's settings");
            case 404, 405 -> permanent(call, "Vault answered " + s + errors + " for a path this call expects to exist",
                    "check the mount and that it is of the kind configured (KV version, dynamic mount)");
            case 412 -> retryable(call, "Vault answered 412: the data is not yet replicated to this node", "it is retried with backoff");
            case 429 -> retryable(call, "Vault answered 429: rate limited" + errors, "it is retried with backoff; raise the rate limit quota if it persists");
            case 503 -> retryable(call, "Vault answered 503: sealed, or a standby that cannot serve" + errors,
                    "unseal Vault or check its status ('vault status'); it is retried with backoff");
            default -> s >= 500
                    ? retryable(call, "Vault answered " + s + errors, "check Vault's server log; it is retried with backoff")
                    : permanent(call, "Vault answered " + s + errors, "check the reference, the mount and the token's policy");
        };
    }

    /** The error for a call that got no answer: always retryable. */
    SecretProviderException unreachable(Unreachable u, Call call) {
        String todo = switch (u.kind()) {
            case TIMEOUT -> "check that Vault is reachable and healthy, or raise read-timeout";
            case TLS -> "check the CA certificate given with ca-file / caCertificatePem and the server's certificate";
            default -> "check that Vault is reachable at that address";
        };
        return SecretProviderException.retryable(providerId, call.secretName(),
                message(call, "no answer (" + u.kind().text + (u.getCause() == null ? "" : ": " + u.getCause().getClass().getSimpleName()) + ")", todo),
                u.getCause());
    }

    /** A non-retryable error about {@code call}. */
    SecretProviderException permanent(Call call, String why, String todo) {
        return SecretProviderException.permanent(providerId, call.secretName(), message(call, why, todo), null);
    }

    /** A retryable error about {@code call}. */
    SecretProviderException retryable(Call call, String why, String todo) {
        return SecretProviderException.retryable(providerId, call.secretName(), message(call, why, todo), null);
    }

    /** The Vault described for messages. */
    public String where() {
        return where;
    }

    private String message(Call call, String why, String todo) {
        return call.describe() + " at " + where + " failed: " + why + "; " + todo;
    }

    /** Vault's {@code errors} strings, shortened and without control characters; empty when none or not JSON. */
    static Optional<String> errors(Reply reply) {
        if (reply.oversized() || reply.body().length == 0) {
            return Optional.empty();
        }
        try {
            JsonNode node = JSON.readTree(reply.body());
            JsonNode errors = node == null ? null : node.get("errors");
            if (errors == null || !errors.isArray() || errors.isEmpty()) {
                return Optional.empty();
            }
            List<String> out = new ArrayList<>();
            for (JsonNode e : errors) {
                if (out.size() == 3) {
                    break;
                }
                String text = e.isString() ? e.asString() : e.toString();
                text = text.replaceAll("\\s+", " ").strip();
                out.add(VaultPaths.printable(text.length() > 200 ? text.substring(0, 200) + "..." : text));
            }
            return Optional.of(String.join("; ", out));
        } catch (JacksonException e) {
            return Optional.empty();
        }
    }

    static String human(long bytes) {
        return bytes % (1024 * 1024) == 0 ? bytes / (1024 * 1024) + " MiB"
                : bytes % 1024 == 0 ? bytes / 1024 + " KiB" : bytes + " bytes";
    }
}
