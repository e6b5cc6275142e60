package dev.secrets4j.provider.aws.internal;

import dev.secrets4j.Secret;
import dev.secrets4j.SecretProviderException;
import dev.secrets4j.spi.PutOptions;
import dev.secrets4j.spi.SecretRef;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.ListSecretVersionIdsResponse;
import software.amazon.awssdk.services.secretsmanager.model.PutSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.PutSecretValueResponse;
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
 * retries reuse it, so a retried timeout leaves one version), stage moves for compare-and-set, and
 * ListSecretVersionIds for {@code versions(ref)}.
 */
public final class Writes {

    static final String PENDING = "AWSPENDING";
    static final String PREVIOUS = "AWSPREVIOUS";

    private final SecretsManagerClient client;
    private final String region;
    private final Budgets budgets;
    private final Retrier retrier;
    private final AwsBackend backend;

    /** Writes through {@code client}. */
    public Writes(SecretsManagerClient client, String region, Budgets budgets, Retrier retrier, AwsBackend backend) {
        this.client = client;
        this.region = region;
        this.budgets = budgets;
        this.retrier = retrier;
        this.backend = backend;
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
        Optional<String> previous = r.versions().stream().filter(v -> v.hasVersionStages() && v.versionStages().contains(PREVIOUS)
                && !v.versionStages().contains(AwsBackend.CURRENT)).map(SecretVersionsListEntry::versionId).findFirst();
        backend.get(ref).ifPresent(out::add);
        previous.flatMap(v -> backend.read(id, v, null)).map(s -> s.toSecret(ref)).ifPresent(out::add);
        return out;
    }

    /** Writes {@code value} as a new version of {@code ref}. */
    public Secret put(SecretRef ref, byte[] value, PutOptions options) {
        String id = ref.path();
        if (ref.field().isPresent()) {
            throw SecretProviderException.permanent(Failures.ID, ref.toString(), "writing field '" + ref.field().get()
                    + "' of AWS secret '" + id + "' is not supported; write the whole JSON value to aws:" + id, null);
        }
        Optional<String> expected = options.expectedVersion();
        Optional<String> stage = expected.isPresent() ? Optional.of(PENDING) : Optional.ofNullable(options.metadata().get("stage"));
        PutSecretValueRequest.Builder b = PutSecretValueRequest.builder().secretId(id).clientRequestToken(UUID.randomUUID().toString());
        Optional<String> text = utf8(value);
        if (text.isPresent()) {
            b.secretString(text.get());
        } else {
            b.secretBinary(SdkBytes.fromByteArray(value));
        }
        stage.ifPresent(b::versionStages);
        PutSecretValueRequest req = b.build();
        PutSecretValueResponse r;
        try {
            r = retrier.call(budgets.write(), "secretsmanager:PutSecretValue", id, () -> client.putSecretValue(req));
        } catch (SdkException e) {
            throw Failures.map(e, id, region, "secretsmanager:PutSecretValue");
        }
        List<String> stages = r.hasVersionStages() ? r.versionStages() : List.of();
        if (expected.isPresent()) {
            moveCurrent(id, r.versionId(), expected.get());
            stages = List.of(AwsBackend.CURRENT, PENDING);
        }
        backend.forget(id);
        Secret.Builder s = Secret.builder(id, value).version(r.versionId()).providerId(Failures.ID).metadata("arn", r.arn())
                .metadata("version-id", r.versionId()).metadata("stages", String.join(",", stages));
        return s.build();
    }

    private void moveCurrent(String id, String newVersion, String expected) {
        try {
            retrier.call(budgets.write(), "secretsmanager:UpdateSecretVersionStage", id, () -> client.updateSecretVersionStage(
                    u -> u.secretId(id).versionStage(AwsBackend.CURRENT).moveToVersionId(newVersion).removeFromVersionId(expected)));
        } catch (SdkException e) {
            if (!Failures.isRetryable(e) && !"AccessDeniedException".equals(Failures.code(e))) {
                throw SecretProviderException.permanent(Failures.ID, id, "conflicting write to AWS secret '" + id + "' in region "
                        + region + ": AWSCURRENT is no longer on expected version " + expected + " (" + Failures.code(e)
                        + "); the new version " + newVersion + " stays AWSPENDING. Re-read the secret and write again", null);
            }
            throw Failures.map(e, id, region, "secretsmanager:UpdateSecretVersionStage");
        }
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
