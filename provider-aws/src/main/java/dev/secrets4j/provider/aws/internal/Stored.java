package dev.secrets4j.provider.aws.internal;

import dev.secrets4j.Secret;
import dev.secrets4j.SecretFormatException;
import dev.secrets4j.spi.SecretRef;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.SecretValueEntry;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One version of a secret as Secrets Manager returned it, and the {@link Secret} a reference makes
 * of it: {@code #field} picks a field of a JSON {@code SecretString}; without it the whole string
 * (or the bytes of a {@code SecretBinary}). Labels {@code secrets4j:key=value} become metadata
 * {@code key=value}. {@link #toString()} shows ids only.
 *
 * @param arn      the full ARN
 * @param name     the secret's name
 * @param versionId the version id
 * @param string   the {@code SecretString}, or null
 * @param binary   the {@code SecretBinary}, or null
 * @param stages   the staging labels of this version
 * @param created  when this version was created, or null
 */
public record Stored(String arn, String name, String versionId, String string, byte[] binary, List<String> stages,
                     Instant created) {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    /** Copies the stages. */
    public Stored {
        stages = List.copyOf(stages);
    }

    /** From a GetSecretValue answer. */
    public static Stored of(GetSecretValueResponse r) {
        return new Stored(r.arn(), r.name(), r.versionId(), r.secretString(), bytes(r.secretBinary()),
                r.hasVersionStages() ? r.versionStages() : List.of(), r.createdDate());
    }

    /** From an entry of a BatchGetSecretValue answer. */
    public static Stored of(SecretValueEntry r) {
        return new Stored(r.arn(), r.name(), r.versionId(), r.secretString(), bytes(r.secretBinary()),
                r.hasVersionStages() ? r.versionStages() : List.of(), r.createdDate());
    }

    /** Whether secret id {@code id} (a name, a full ARN or a partial ARN without the 6-character suffix) names this secret. */
    public boolean matches(String id) {
        return Ids.matches(id, arn, name);
    }

    /**
     * The secret {@code ref} makes of this version, named after the reference's path.
     *
     * @throws SecretFormatException naming the reference when the field is missing, the string is
     *                               not a JSON object, or a field is asked of a binary secret
     */
    public Secret toSecret(SecretRef ref) {
        byte[] value = value(ref);
        Secret.Builder b = Secret.builder(ref.path(), value).version(versionId).providerId(Failures.ID)
                .metadata(Labels.metadata(stages)).metadata("arn", arn).metadata("version-id", versionId).metadata("stages", String.join(",", stages));
        if (created != null) {
            b.createdAt(created);
        }
        return b.build();
    }

    private byte[] value(SecretRef ref) {
        Optional<String> field = ref.field();
        if (string == null) {
            if (field.isPresent()) {
                throw new SecretFormatException("secret reference '" + ref + "' asks for field '" + field.get()
                        + "' of AWS secret '" + name + "', whose value is a SecretBinary; drop '#" + field.get()
                        + "' to read the bytes");
            }
            return binary == null ? new byte[0] : binary.clone();
        }
        if (field.isEmpty()) {
            return string.getBytes(StandardCharsets.UTF_8);
        }
        JsonNode root;
        try {
            root = JSON.readTree(string);
        } catch (JacksonException e) {
            root = null;
        }
        if (root == null || !root.isObject()) {
            throw new SecretFormatException("secret reference '" + ref + "' asks for field '" + field.get() + "' but the"
                    + " SecretString of AWS secret '" + name + "' is not a JSON object; drop the '#' or store a JSON object");
        }
        JsonNode node = root.get(field.get());
        if (node == null || node.isNull()) {
            List<String> names = new ArrayList<>();
            root.properties().forEach(en -> names.add(en.getKey()));
            throw new SecretFormatException("AWS secret '" + name + "' has no field '" + field.get() + "' asked by reference '"
                    + ref + "' (its fields: " + (names.isEmpty() ? "none" : String.join(", ", names))
                    + "); fix the field after '#' or add it to the secret");
        }
        return node.isString() ? node.asString().getBytes(StandardCharsets.UTF_8) : JSON.writeValueAsBytes(node);
    }

    private static byte[] bytes(SdkBytes b) {
        return b == null ? null : b.asByteArray();
    }

    /** Ids, stages and dates only. */
    @Override
    public String toString() {
        return "Stored[" + arn + " version " + versionId + " " + stages + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Stored s && arn.equals(s.arn) && versionId.equals(s.versionId);
    }

    @Override
    public int hashCode() {
        return arn.hashCode() * 31 + versionId.hashCode();
    }
}
