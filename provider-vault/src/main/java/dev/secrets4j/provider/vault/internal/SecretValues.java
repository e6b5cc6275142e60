package dev.secrets4j.provider.vault.internal;

import dev.secrets4j.Secret;
import dev.secrets4j.SecretFormatException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Makes the value of a secret from the data object Vault stores: {@code #field} picks one field
 * (text as is, anything else as JSON); without a field, an entry of one field gives that field and
 * an entry of several fields gives the whole object as JSON.
 */
final class SecretValues {

    private SecretValues() {
    }

    /**
     * The value for {@code field} (or none) of {@code data}, a JSON object.
     *
     * @param describe the secret and its place, for a missing-field message
     * @throws SecretFormatException naming the field and the fields present when it is missing
     */
    static byte[] value(byte[] data, Optional<String> field, String describe) {
        JsonNode root;
        try {
            root = Failures.JSON.readTree(data);
        } catch (JacksonException e) {
            throw new IllegalStateException("stored data is not JSON; this is a bug in the vault provider");
        }
        if (field.isEmpty()) {
            if (root.size() == 1) {
                return text(root.properties().iterator().next().getValue());
            }
            return data.clone();
        }
        JsonNode value = root.get(field.get());
        if (value == null || value.isNull()) {
            List<String> names = new ArrayList<>();
            root.properties().forEach(e -> names.add(e.getKey()));
            throw new SecretFormatException(describe + " has no field '" + VaultPaths.printable(field.get()) + "' (its fields: "
                    + (names.isEmpty() ? "none" : VaultPaths.printable(String.join(", ", names)))
                    + "); fix the field after '#' in the reference or add the field in Vault");
        }
        return text(value);
    }

    /** The field names of {@code data}, a JSON object. */
    static List<String> fieldNames(byte[] data) {
        List<String> names = new ArrayList<>();
        Failures.JSON.readTree(data).properties().forEach(e -> names.add(e.getKey()));
        return names;
    }

    /** A secret named {@code name} holding {@code value}, from this provider, with the metadata given. */
    static Secret secret(String name, byte[] value, String version, Map<String, String> metadata) {
        return Secret.builder(name, value).version(version).providerId("vault").metadata(metadata).build();
    }

    private static byte[] text(JsonNode node) {
        return node.isString() ? node.asString().getBytes(StandardCharsets.UTF_8) : Failures.JSON.writeValueAsBytes(node);
    }
}
