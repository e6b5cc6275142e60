package dev.secrets4j.internal;

import dev.secrets4j.Secret;
import dev.secrets4j.SecretFormatException;
import dev.secrets4j.spi.SecretRef;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;

/** Picks the {@code #field} of a reference out of a JSON-object value. */
final class JsonFields {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private JsonFields() {
    }

    /** The field's value as a new secret (text as is, anything else as JSON), keeping version and metadata. */
    static Secret pick(Secret secret, SecretRef ref, String secretName) {
        String field = ref.field().orElseThrow();
        JsonNode root;
        try {
            root = JSON.readTree(secret.asBytes());
        } catch (JacksonException e) {
            // Jackson's message may quote the content: never pass it on.
            throw notObject(ref, secretName, secret.providerId());
        }
        if (root == null || !root.isObject()) {
            throw notObject(ref, secretName, secret.providerId());
        }
        JsonNode value = root.get(field);
        if (value == null || value.isNull()) {
            throw new SecretFormatException("secret '" + secretName + "' from provider '" + secret.providerId()
                    + "' has no field '" + field + "' (reference " + ref + "); fix the field name in the reference"
                    + " or add the field to the stored JSON");
        }
        byte[] bytes = value.isString()
                ? value.asString().getBytes(StandardCharsets.UTF_8)
                : JSON.writeValueAsBytes(value);
        return secret.toBuilder().value(bytes).metadata("field", field).build();
    }

    private static SecretFormatException notObject(SecretRef ref, String secretName, String providerId) {
        return new SecretFormatException("secret '" + secretName + "' from provider '" + providerId
                + "' is not a JSON object, so the field of reference " + ref + " cannot be picked;"
                + " store a JSON object or drop '#" + ref.field().orElse("") + "'");
    }
}
