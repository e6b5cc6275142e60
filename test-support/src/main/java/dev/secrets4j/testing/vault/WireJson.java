package dev.secrets4j.testing.vault;

/** Builds Vault's JSON bodies: the response envelope and the error body. */
final class WireJson {

    private WireJson() {
    }

    /** {@code {"errors":["message"]}}, or {@code {"errors":[]}} for an empty message. */
    static String errors(String message) {
        if (message.isEmpty()) {
            return "{\"errors\":[]}";
        }
        return "{\"errors\":[\"" + message.replace("\\", "\\\\").replace("\"", "\\\"") + "\"]}";
    }
}
