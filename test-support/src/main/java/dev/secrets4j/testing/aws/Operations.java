package dev.secrets4j.testing.aws;

import dev.secrets4j.testing.aws.SecretStore.Secret;
import dev.secrets4j.testing.aws.SecretStore.Version;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/** The Secrets Manager operations: JSON request in, JSON answer out, errors as {@link AwsError}. */
final class Operations {

    private final SecretStore store;
    private final BooleanSupplier denyBatch;
    private final Function<String, RotationHook> hooks;

    Operations(SecretStore store, BooleanSupplier denyBatch, Function<String, RotationHook> hooks) {
        this.store = store;
        this.denyBatch = denyBatch;
        this.hooks = hooks;
    }

    /** Whether {@code operation} is one this emulator serves. */
    static boolean known(String operation) {
        return switch (operation) {
            case "GetSecretValue", "BatchGetSecretValue", "DescribeSecret", "ListSecrets", "ListSecretVersionIds",
                 "CreateSecret", "PutSecretValue", "UpdateSecretVersionStage", "RotateSecret", "DeleteSecret",
                 "RestoreSecret" -> true;
            default -> false;
        };
    }

    JsonNode call(String operation, ObjectNode in) {
        if (operation.equals("RotateSecret")) {
            return rotateSecret(in); // runs the hook, which takes the store's lock itself
        }
        synchronized (store) {
            return switch (operation) {
                case "GetSecretValue" -> getSecretValue(in);
                case "BatchGetSecretValue" -> batchGet(in);
                case "DescribeSecret" -> describe(store.resolve(Wire.text(in, "SecretId")), "VersionIdsToStages");
                case "ListSecrets" -> listSecrets(in);
                case "ListSecretVersionIds" -> listVersions(in);
                case "CreateSecret" -> createSecret(in);
                case "PutSecretValue" -> putSecretValue(in);
                case "UpdateSecretVersionStage" -> updateStage(in);
                case "DeleteSecret" -> deleteSecret(in);
                case "RestoreSecret" -> restoreSecret(in);
                default -> throw new AwsError("UnknownOperationException", "Unknown operation " + operation);
            };
        }
    }

    private ObjectNode getSecretValue(JsonNode in) {
        return value(Wire.text(in, "SecretId"), Wire.text(in, "VersionId"), Wire.text(in, "VersionStage"));
    }

    private ObjectNode value(String secretId, String versionId, String stage) {
        Secret s = store.resolve(secretId);
        if (s.deletedDate != null) {
            throw AwsError.markedForDeletion();
        }
        Version v;
        if (versionId != null) {
            v = s.versions.get(versionId);
            if (v == null || !v.hasValue()) {
                throw new AwsError("ResourceNotFoundException",
                        "Secrets Manager can't find the specified secret value for VersionId: " + versionId);
            }
            if (stage != null && !v.stages.contains(stage)) {
                throw new AwsError("ResourceNotFoundException",
                        "Secrets Manager can't find the specified secret value for staging label: " + stage);
            }
        } else {
            String label = stage == null ? SecretStore.CURRENT : stage;
            v = s.holder(label).filter(Version::hasValue).orElseThrow(() -> new AwsError("ResourceNotFoundException",
                    "Secrets Manager can't find the specified secret value for staging label: " + label));
        }
        ObjectNode out = Wire.object();
        out.put("ARN", s.arn);
        out.put("Name", s.name);
        out.put("VersionId", v.id);
        if (v.string != null) {
            out.put("SecretString", v.string);
        } else {
            out.put("SecretBinary", Base64.getEncoder().encodeToString(v.binary));
        }
        out.set("VersionStages", Wire.strings(v.stages));
        Wire.time(out, "CreatedDate", v.created);
        return out;
    }

    private ObjectNode batchGet(JsonNode in) {
        if (denyBatch.getAsBoolean()) {
            throw new AwsError("AccessDeniedException", "User: arn:aws:iam::account:user/test is not authorized to perform:"
                    + " secretsmanager:BatchGetSecretValue because no identity-based policy allows the"
                    + " secretsmanager:BatchGetSecretValue action");
        }
        List<String> ids = Wire.textList(in, "SecretIdList");
        boolean filters = in.has("Filters") && !in.get("Filters").isNull();
        if ((ids == null) == !filters) {
            throw AwsError.invalidParameter("Specify either SecretIdList or Filters, not both.");
        }
        ObjectNode out = Wire.object();
        ArrayNode values = out.putArray("SecretValues");
        ArrayNode errors = out.putArray("Errors");
        if (ids != null) {
            if (ids.size() > 20 || in.has("MaxResults")) {
                throw AwsError.invalidParameter(ids.size() > 20 ? "SecretIdList can hold at most 20 ids."
                        : "MaxResults can only be used with Filters.");
            }
            for (String id : ids) {
                try {
                    values.add(value(id, null, null));
                } catch (AwsError e) {
                    ObjectNode err = errors.addObject();
                    err.put("SecretId", id);
                    err.put("ErrorCode", e.type());
                    err.put("Message", e.getMessage());
                }
            }
            return out;
        }
        List<Secret> matching = filtered(in.get("Filters"), false);
        int max = bounded(Wire.integer(in, "MaxResults"), 20, "MaxResults");
        int from = start(Wire.text(in, "NextToken"), matching.size());
        for (int i = from; i < Math.min(matching.size(), from + max); i++) {
            try {
                values.add(value(matching.get(i).arn, null, null));
            } catch (AwsError e) {
                ObjectNode err = errors.addObject();
                err.put("SecretId", matching.get(i).arn);
                err.put("ErrorCode", e.type());
                err.put("Message", e.getMessage());
            }
        }
        if (from + max < matching.size()) {
            out.put("NextToken", Integer.toString(from + max));
        }
        return out;
    }

    private ObjectNode describe(Secret s, String versionMapName) {
        ObjectNode out = Wire.object();
        out.put("ARN", s.arn);
        out.put("Name", s.name);
        if (s.description != null) {
            out.put("Description", s.description);
        }
        if (s.rotationEnabled != null) {
            out.put("RotationEnabled", s.rotationEnabled);
        }
        if (s.rotationLambdaArn != null) {
            out.put("RotationLambdaARN", s.rotationLambdaArn);
        }
        if (s.rotationDays != null) {
            out.putObject("RotationRules").put("AutomaticallyAfterDays", s.rotationDays);
        }
        Wire.time(out, "LastRotatedDate", s.lastRotated);
        Wire.time(out, "LastChangedDate", s.lastChanged);
        Wire.time(out, "DeletedDate", s.deletedDate);
        if (s.rotationDays != null && s.lastRotated != null) {
            Wire.time(out, "NextRotationDate", s.lastRotated.plus(Duration.ofDays(s.rotationDays)));
        }
        ObjectNode map = out.putObject(versionMapName);
        for (Version v : s.versions.values()) {
            if (!v.stages.isEmpty()) {
                map.set(v.id, Wire.strings(v.stages));
            }
        }
        Wire.time(out, "CreatedDate", s.created);
        return out;
    }

    private ObjectNode listSecrets(JsonNode in) {
        List<Secret> matching = filtered(in.get("Filters"), Wire.bool(in, "IncludePlannedDeletion", false));
        if ("desc".equals(Wire.text(in, "SortOrder"))) {
            java.util.Collections.reverse(matching);
        }
        int max = bounded(Wire.integer(in, "MaxResults"), 100, "MaxResults");
        int from = start(Wire.text(in, "NextToken"), matching.size());
        ObjectNode out = Wire.object();
        ArrayNode list = out.putArray("SecretList");
        for (int i = from; i < Math.min(matching.size(), from + max); i++) {
            list.add(describe(matching.get(i), "SecretVersionsToStages"));
        }
        if (from + max < matching.size()) {
            out.put("NextToken", Integer.toString(from + max));
        }
        return out;
    }

    private ObjectNode listVersions(JsonNode in) {
        Secret s = store.resolve(Wire.text(in, "SecretId"));
        boolean deprecated = Wire.bool(in, "IncludeDeprecated", false);
        List<Version> versions = new ArrayList<>();
        for (Version v : s.versions.values()) {
            if (v.hasValue() && (deprecated || !v.stages.isEmpty())) {
                versions.add(v);
            }
        }
        int max = bounded(Wire.integer(in, "MaxResults"), 100, "MaxResults");
        int from = start(Wire.text(in, "NextToken"), versions.size());
        ObjectNode out = Wire.object();
        ArrayNode list = out.putArray("Versions");
        for (int i = from; i < Math.min(versions.size(), from + max); i++) {
            Version v = versions.get(i);
            ObjectNode e = list.addObject();
            e.put("VersionId", v.id);
            e.set("VersionStages", Wire.strings(v.stages));
            Wire.time(e, "CreatedDate", v.created);
            e.set("KmsKeyIds", Wire.strings(List.of("DefaultEncryptionKey")));
        }
        if (from + max < versions.size()) {
            out.put("NextToken", Integer.toString(from + max));
        }
        out.put("ARN", s.arn);
        out.put("Name", s.name);
        return out;
    }

    private ObjectNode createSecret(JsonNode in) {
        Secret s = store.create(Wire.text(in, "Name"), Wire.text(in, "ClientRequestToken"),
                Wire.text(in, "Description"), Wire.text(in, "SecretString"), Wire.blob(in, "SecretBinary"));
        ObjectNode out = Wire.object();
        out.put("ARN", s.arn);
        out.put("Name", s.name);
        s.holder(SecretStore.CURRENT).ifPresent(v -> out.put("VersionId", v.id));
        return out;
    }

    private ObjectNode putSecretValue(JsonNode in) {
        Secret s = store.resolve(Wire.text(in, "SecretId"));
        Version v = store.put(s, Wire.text(in, "ClientRequestToken"), Wire.text(in, "SecretString"),
                Wire.blob(in, "SecretBinary"), Wire.textList(in, "VersionStages"));
        ObjectNode out = Wire.object();
        out.put("ARN", s.arn);
        out.put("Name", s.name);
        out.put("VersionId", v.id);
        out.set("VersionStages", Wire.strings(v.stages));
        return out;
    }

    private ObjectNode updateStage(JsonNode in) {
        Secret s = store.resolve(Wire.text(in, "SecretId"));
        store.updateStage(s, Wire.text(in, "VersionStage"), Wire.text(in, "MoveToVersionId"),
                Wire.text(in, "RemoveFromVersionId"));
        return arnAndName(s);
    }

    private ObjectNode deleteSecret(JsonNode in) {
        Secret s = store.resolve(Wire.text(in, "SecretId"));
        Integer days = Wire.integer(in, "RecoveryWindowInDays");
        boolean force = Wire.bool(in, "ForceDeleteWithoutRecovery", false);
        if (force && days != null) {
            throw AwsError.invalidParameter("You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.");
        }
        if (days != null && (days < 7 || days > 30)) {
            throw AwsError.invalidParameter("RecoveryWindowInDays value must be between 7 and 30 days (inclusive).");
        }
        Instant when = store.delete(s, Duration.ofDays(days == null ? 30 : days), force);
        ObjectNode out = arnAndName(s);
        Wire.time(out, "DeletionDate", when);
        return out;
    }

    private ObjectNode restoreSecret(JsonNode in) {
        Secret s = store.resolve(Wire.text(in, "SecretId"));
        store.restore(s);
        return arnAndName(s);
    }

    private JsonNode rotateSecret(JsonNode in) {
        String token = Wire.text(in, "ClientRequestToken");
        String lambda = Wire.text(in, "RotationLambdaARN");
        Secret s;
        synchronized (store) {
            s = store.resolve(Wire.text(in, "SecretId"));
            if (lambda == null && s.rotationLambdaArn == null) {
                throw AwsError.invalidRequest("No Lambda rotation function ARN is associated with this secret.");
            }
            if (lambda != null) {
                s.rotationLambdaArn = lambda;
            }
            JsonNode rules = in.get("RotationRules");
            if (rules != null && rules.has("AutomaticallyAfterDays")) {
                s.rotationDays = rules.get("AutomaticallyAfterDays").asLong();
            }
        }
        if (token == null || token.length() < 32) {
            throw AwsError.invalidParameter("ClientRequestToken must be 32 to 64 characters.");
        }
        new Rotator(store).rotate(s.arn, token, hooks.apply(s.name));
        ObjectNode out = arnAndName(s);
        out.put("VersionId", token);
        return out;
    }

    private static ObjectNode arnAndName(Secret s) {
        ObjectNode out = Wire.object();
        out.put("ARN", s.arn);
        out.put("Name", s.name);
        return out;
    }

    /** Secrets matching ListSecrets/BatchGet filters: keys name, description, all; values are prefixes, {@code !} negates. */
    private List<Secret> filtered(JsonNode filters, boolean includeDeleted) {
        List<Secret> out = new ArrayList<>();
        for (Secret s : store.all()) {
            if ((includeDeleted || s.deletedDate == null) && matches(s, filters)) {
                out.add(s);
            }
        }
        return out;
    }

    private static boolean matches(Secret s, JsonNode filters) {
        if (filters == null || filters.isNull()) {
            return true;
        }
        for (JsonNode f : filters) {
            String key = f.path("Key").asString();
            boolean any = false;
            for (JsonNode valueNode : f.path("Values")) {
                String value = valueNode.asString();
                boolean negate = value.startsWith("!");
                String prefix = (negate ? value.substring(1) : value).toLowerCase(Locale.ROOT);
                boolean hit = switch (key) {
                    case "name" -> s.name.toLowerCase(Locale.ROOT).startsWith(prefix);
                    case "description" -> s.description != null && s.description.toLowerCase(Locale.ROOT).startsWith(prefix);
                    case "all" -> s.name.toLowerCase(Locale.ROOT).contains(prefix)
                            || (s.description != null && s.description.toLowerCase(Locale.ROOT).contains(prefix));
                    default -> throw AwsError.invalidParameter("Invalid filter key: " + key);
                };
                any |= negate != hit;
            }
            if (!any) {
                return false;
            }
        }
        return true;
    }

    private static int bounded(Integer value, int max, String name) {
        if (value == null) {
            return max;
        }
        if (value < 1 || value > max) {
            throw AwsError.invalidParameter(name + " must be between 1 and " + max + ".");
        }
        return value;
    }

    private static int start(String nextToken, int size) {
        if (nextToken == null) {
            return 0;
        }
        try {
            int from = Integer.parseInt(nextToken);
            if (from >= 0 && from <= size) {
                return from;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new AwsError("InvalidNextTokenException", "The NextToken value is invalid.");
    }
}
