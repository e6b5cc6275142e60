package dev.secrets4j.provider.aws.internal;

import dev.secrets4j.Secret;
import dev.secrets4j.SecretProviderException;
import dev.secrets4j.spi.PutOptions;
import dev.secrets4j.spi.SecretRef;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.CreateSecretRequest;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.ListSecretVersionIdsResponse;
import software.amazon.awssdk.services.secretsmanager.model.PutSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.PutSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceExistsException;
import software.amazon.awssdk.services.secretsmanager.model.SecretVersionsListEntry;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Writes and version listings: PutSecretValue with one request token per logical write (its
 * retries reuse it, so a retried timeout leaves one version), CreateSecret for a write that expects
 * no secret, a compare-and-set write as AWSPENDING then a move of AWSCURRENT, and
 * ListSecretVersionIds for {@code versions(ref)}.
 */
public final class Writes {

    private static final String PUT = "secretsmanager:PutSecretValue";
    private static final String CREATE = "secretsmanager:CreateSecret";

    private final SecretsManagerClient client;
    private final String region;
    private final Budgets budgets;
    private final Retrier retrier;
    private final AwsBackend backend;
    private final Stages stages;

    /** Writes through {@code client}; compare-and-set moves go through {@code stages}. */
    public Writes(SecretsManagerClient client, String region, Budgets budgets, Retrier retrier, AwsBackend backend,
                  Stages stages) {
        this.client = client;
        this.region = region;
        this.budgets = budgets;
        this.retrier = retrier;
        this.backend = backend;
        this.stages = stages;
    }

    /** AWSCURRENT then AWSPREVIOUS, when present. */
    public List<Secret> versions(SecretRef ref) {
        String id = ref.path();
        ListSecretVersionIdsResponse r;
        try {
            r = retrier.call(budgets.get(), "secretsmanager:ListSecretVersionIds", id,
                    () -> client.listSecretVersionIds(b -> b.secretId(id)));
        } catch (SdkException e) {
            if (Failures.isNotFound(e)) {
                return List.of();
            }
            throw Failures.map(e, id, region, "secretsmanager:ListSecretVersionIds");
        }
        List<Secret> out = new ArrayList<>();
        Optional<String> previous = r.versions().stream().filter(v -> v.hasVersionStages()
                && v.versionStages().contains(Labels.PREVIOUS) && !v.versionStages().contains(Labels.CURRENT))
                .map(SecretVersionsListEntry::versionId).findFirst();
        backend.get(ref).ifPresent(out::add);
        previous.flatMap(v -> backend.read(id, v, null)).map(s -> s.toSecret(ref)).ifPresent(out::add);
        return out;
    }

    /**
     * Writes {@code value} as a new version of {@code ref}: CreateSecret when the options expect no
     * secret; otherwise PutSecretValue, as AWSPENDING for a pending write or one with an expected
     * version (AWSCURRENT then moved from that version), as the label metadata {@code stage} names,
     * else as AWSCURRENT. Other metadata becomes {@code secrets4j:key=value} labels.
     */
    public Secret put(SecretRef ref, byte[] value, PutOptions options) {
        String id = ref.path();
        if (ref.field().isPresent()) {
            throw SecretProviderException.permanent(Failures.ID, ref.toString(), "writing field '" + ref.field().get()
                    + "' of AWS secret '" + id + "' is not supported; write the whole JSON value to aws:" + id, null);
        }
        Optional<String> expected = options.expectedVersion();
        List<String> metadata = Labels.ofMetadata(options, id);
        if (expected.isPresent() && options.metadata().containsKey(PutOptions.STAGE)) {
            throw SecretProviderException.permanent(Failures.ID, id, "a write to AWS secret '" + id + "' with both an expected"
                    + " version and a stage is not supported: AWS cannot check the current version and write a pending one in"
                    + " one step; write the pending version and promote it with the expected current version", null);
        }
        if (expected.equals(Optional.of(PutOptions.ABSENT))) {
            return create(ref, value, metadata);
        }
        Optional<String> stage = expected.isPresent() ? Optional.of(Labels.PENDING) : Labels.stage(options, id);
        List<String> labels = new ArrayList<>();
        stage.ifPresent(labels::add);
        if (labels.isEmpty() && !metadata.isEmpty()) {
            labels.add(Labels.CURRENT); // listing any label stops AWSCURRENT from moving unless it is listed too
        }
        labels.addAll(metadata);
        PutSecretValueRequest.Builder b = PutSecretValueRequest.builder().secretId(id).clientRequestToken(UUID.randomUUID().toString());
        Optional<String> text = utf8(value);
        if (text.isPresent()) {
            b.secretString(text.get());
        } else {
            b.secretBinary(SdkBytes.fromByteArray(value));
        }
        if (!labels.isEmpty()) {
            b.versionStages(labels);
        }
        PutSecretValueRequest req = b.build();
        PutSecretValueResponse r;
        try {
            r = retrier.call(budgets.write(), PUT, id, () -> client.putSecretValue(req));
        } catch (SdkException e) {
            if (Failures.isNotFound(e)) {
                throw SecretProviderException.permanent(Failures.ID, id, "AWS secret '" + id + "' in region " + region
                        + " was not written: it does not exist. Create it first, or write with PutOptions.expectAbsent()"
                        + " (CreateSecret)", null);
            }
            throw Failures.map(e, id, region, PUT);
        }
        List<String> now = r.hasVersionStages() ? r.versionStages() : List.of();
        if (expected.isPresent()) {
            Optional<String> conflict = stages.moveCurrent(id, r.versionId(), expected);
            if (conflict.isPresent()) {
                throw SecretProviderException.permanent(Failures.ID, id, "conflicting write to AWS secret '" + id + "' in region "
                        + region + ": AWSCURRENT is no longer on expected version " + Labels.shown(expected.get()) + " but on "
                        + conflict.get() + "; the new version " + r.versionId() + " stays AWSPENDING. Re-read the secret and"
                        + " write again", null);
            }
            now = new ArrayList<>(List.of(Labels.CURRENT));
            now.addAll(labels);
        }
        backend.forget(id);
        return written(ref, value, r.arn(), r.versionId(), now);
    }

    /** CreateSecret: the secret must not exist yet. */
    private Secret create(SecretRef ref, byte[] value, List<String> metadata) {
        String id = ref.path();
        if (Ids.isArn(id)) {
            throw SecretProviderException.permanent(Failures.ID, id, "AWS secret '" + id + "' cannot be created from an ARN;"
                    + " refer to the secret by its name to create it", null);
        }
        String token = UUID.randomUUID().toString();
        CreateSecretRequest.Builder b = CreateSecretRequest.builder().name(id).clientRequestToken(token);
        Optional<String> text = utf8(value);
        if (text.isPresent()) {
            b.secretString(text.get());
        } else {
            b.secretBinary(SdkBytes.fromByteArray(value));
        }
        CreateSecretRequest req = b.build();
        String arn;
        try {
            arn = retrier.call(budgets.write(), CREATE, id, () -> client.createSecret(req)).arn();
        } catch (SdkException e) {
            if ("ResourceExistsException".equals(Failures.code(e)) || e instanceof ResourceExistsException) {
                // Also the answer to the retry of a create whose first answer was lost: then the version is ours.
                arn = backend.describe(id).filter(d -> d.hasVersionIdsToStages() && d.versionIdsToStages().containsKey(token))
                        .map(DescribeSecretResponse::arn).orElseThrow(() -> SecretProviderException.permanent(Failures.ID, id,
                                "AWS secret '" + id + "' in region " + region + " was not created: it exists already and the"
                                        + " write expected no secret; read it and write with its current version", null));
            } else if ("InvalidRequestException".equals(Failures.code(e)) && String.valueOf(e.getMessage()).contains("deletion")) {
                throw SecretProviderException.permanent(Failures.ID, id, "AWS secret '" + id + "' in region " + region
                        + " was not created: a secret of this name is scheduled for deletion; restore it with RestoreSecret,"
                        + " or delete it for good (DeleteSecret with ForceDeleteWithoutRecovery) to start over", null);
            } else {
                throw Failures.map(e, id, region, CREATE);
            }
        }
        List<String> labels = new ArrayList<>(List.of(Labels.CURRENT));
        for (String label : metadata) {
            try {
                retrier.call(budgets.write(), "secretsmanager:UpdateSecretVersionStage", id, () -> client.updateSecretVersionStage(
                        u -> u.secretId(id).versionStage(label).moveToVersionId(token)));
            } catch (SdkException e) {
                throw Failures.map(e, id, region, "secretsmanager:UpdateSecretVersionStage");
            }
            labels.add(label);
        }
        backend.forget(id);
        return written(ref, value, arn, token, labels);
    }

    private static Secret written(SecretRef ref, byte[] value, String arn, String versionId, List<String> labels) {
        return Secret.builder(ref.path(), value).version(versionId).providerId(Failures.ID).metadata(Labels.metadata(labels))
                .metadata("arn", arn).metadata("version-id", versionId).metadata("stages", String.join(",", labels)).build();
    }

    private static Optional<String> utf8(byte[] value) {
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(value)).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }
}
