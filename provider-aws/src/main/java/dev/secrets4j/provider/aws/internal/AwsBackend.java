package dev.secrets4j.provider.aws.internal;

import dev.secrets4j.Secret;
import dev.secrets4j.SecretFormatException;
import dev.secrets4j.SecretProviderException;
import dev.secrets4j.spi.Lookup;
import dev.secrets4j.spi.SecretRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.APIErrorType;
import software.amazon.awssdk.services.secretsmanager.model.BatchGetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.SecretValueEntry;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads of the AWS provider: single and batch reads, and describe-only change detection that
 * calls GetSecretValue only when the version holding AWSCURRENT moved. Keeps the last version
 * read of each secret id.
 */
public final class AwsBackend {

    /** BatchGetSecretValue takes at most this many ids a call. */
    public static final int BATCH_SIZE = 20;

    private static final Logger LOG = LoggerFactory.getLogger(AwsBackend.class);

    private final SecretsManagerClient client;
    private final String region;
    private final Budgets budgets;
    private final Retrier retrier;
    private final Map<String, Stored> known = new ConcurrentHashMap<>();
    private final Map<String, Instant> deletions = new ConcurrentHashMap<>();

    /** A backend over {@code client}. */
    public AwsBackend(SecretsManagerClient client, String region, Budgets budgets, Retrier retrier) {
        this.client = client;
        this.region = region;
        this.budgets = budgets;
        this.retrier = retrier;
    }

    /** The latest value of {@code ref}: a DescribeSecret when a version is known, a GetSecretValue when it moved. */
    public Optional<Secret> get(SecretRef ref) {
        String id = ref.path();
        Stored last = known.get(id);
        if (last == null) {
            Optional<Stored> read = read(id, null, null);
            read.ifPresent(s -> known.put(id, s));
            return read.map(s -> s.toSecret(ref));
        }
        Optional<DescribeSecretResponse> d = describe(id);
        if (d.isEmpty()) {
            known.remove(id);
            return Optional.empty();
        }
        noteDeletion(id, d.get());
        Optional<String> current = currentVersion(d.get());
        if (current.isPresent() && current.get().equals(last.versionId())) {
            return Optional.of(last.toSecret(ref));
        }
        Optional<Stored> read = read(id, null, null);
        read.ifPresentOrElse(s -> known.put(id, s), () -> known.remove(id));
        return read.map(s -> s.toSecret(ref));
    }

    /**
     * Version {@code version} (a version id or a staging label) of {@code ref}. A version without
     * any staging label is retired (AWS calls it deprecated and deletes it in time): empty.
     */
    public Optional<Secret> get(SecretRef ref, String version) {
        boolean stage = Ids.isStage(version);
        return read(ref.path(), stage ? null : version, stage ? version : null).filter(s -> !s.stages().isEmpty())
                .map(s -> s.toSecret(ref));
    }

    /**
     * Reads {@code refs} with BatchGetSecretValue, {@value #BATCH_SIZE} ids a call, falling back to
     * GetSecretValue per reference when the batch call is denied or throttled.
     */
    public Map<SecretRef, Lookup> getAll(Collection<SecretRef> refs) {
        Map<SecretRef, Lookup> out = new LinkedHashMap<>();
        List<String> ids = new ArrayList<>(new LinkedHashSet<>(refs.stream().map(SecretRef::path).toList()));
        Map<String, Object> byId = new LinkedHashMap<>();
        boolean fallback = false;
        for (int i = 0; i < ids.size() && !fallback; i += BATCH_SIZE) {
            List<String> chunk = ids.subList(i, Math.min(ids.size(), i + BATCH_SIZE));
            try {
                BatchGetSecretValueResponse r = retrier.callOnce(budgets.batch(), "secretsmanager:BatchGetSecretValue",
                        chunk.get(0), () -> client.batchGetSecretValue(b -> b.secretIdList(chunk)));
                match(chunk, r, byId);
            } catch (SdkException e) {
                String code = Failures.code(e);
                if (!"AccessDeniedException".equals(code) && !Failures.isRetryable(e)) {
                    throw Failures.map(e, chunk.get(0), region, "secretsmanager:BatchGetSecretValue");
                }
                fallback = true;
                LOG.info("BatchGetSecretValue in region {} failed with {}; reading the {} remaining secrets one by one with"
                        + " GetSecretValue within its rate budget", region, code.isEmpty() ? e.getClass().getSimpleName() : code,
                        ids.size() - i);
            } catch (SecretProviderException e) {
                fallback = true;
                LOG.info("BatchGetSecretValue in region {} had no budget token; reading the {} remaining secrets one by one",
                        region, ids.size() - i);
            }
        }
        for (SecretRef ref : refs) {
            Object found = byId.get(ref.path());
            try {
                if (found instanceof Stored s) {
                    out.put(ref, Lookup.found(s.toSecret(ref)));
                } else if (found instanceof SecretProviderException e) {
                    out.put(ref, Lookup.failed(e));
                } else if ("absent".equals(found)) {
                    out.put(ref, Lookup.absent());
                } else {
                    out.put(ref, get(ref).map(Lookup::found).orElseGet(Lookup::absent));
                }
            } catch (SecretProviderException e) {
                out.put(ref, Lookup.failed(e));
            } catch (SecretFormatException e) {
                out.put(ref, Lookup.failed(SecretProviderException.permanent(Failures.ID, ref.toString(), e.getMessage(), null)));
            }
        }
        return out;
    }

    /** The secret ids scheduled for deletion, with their dates. */
    public Map<String, Instant> deletions() {
        return Map.copyOf(deletions);
    }

    /** Forgets the version read of {@code id}, so the next read fetches it. */
    public void forget(String id) {
        known.remove(id);
    }

    /** GetSecretValue of {@code id}; empty when the secret, version or stage does not exist. */
    public Optional<Stored> read(String id, String versionId, String stage) {
        GetSecretValueRequest req = GetSecretValueRequest.builder().secretId(id).versionId(versionId).versionStage(stage).build();
        try {
            return Optional.of(Stored.of(retrier.call(budgets.get(), "secretsmanager:GetSecretValue", id,
                    () -> client.getSecretValue(req))));
        } catch (SdkException e) {
            if (Failures.isNotFound(e)) {
                return Optional.empty();
            }
            if (Failures.isMarkedForDeletion(e)) {
                throw SecretProviderException.permanent(Failures.ID, id, "AWS secret '" + id + "' in region " + region
                        + " is marked for deletion" + Optional.ofNullable(deletions.get(id)).map(d -> " on " + d).orElse("")
                        + "; restore it with RestoreSecret or point the reference at another secret", null);
            }
            throw Failures.map(e, id, region, "secretsmanager:GetSecretValue");
        }
    }

    /** DescribeSecret of {@code id}; empty when it does not exist. */
    public Optional<DescribeSecretResponse> describe(String id) {
        try {
            return Optional.of(retrier.call(budgets.describe(), "secretsmanager:DescribeSecret", id,
                    () -> client.describeSecret(b -> b.secretId(id))));
        } catch (SdkException e) {
            if (Failures.isNotFound(e)) {
                return Optional.empty();
            }
            throw Failures.map(e, id, region, "secretsmanager:DescribeSecret");
        }
    }

    /** The version id holding AWSCURRENT. */
    static Optional<String> currentVersion(DescribeSecretResponse d) {
        if (!d.hasVersionIdsToStages()) {
            return Optional.empty();
        }
        return d.versionIdsToStages().entrySet().stream().filter(e -> e.getValue().contains(Labels.CURRENT)).map(Map.Entry::getKey)
                .findFirst();
    }

    private void noteDeletion(String id, DescribeSecretResponse d) {
        if (d.deletedDate() == null) {
            deletions.remove(id);
        } else if (deletions.put(id, d.deletedDate()) == null) {
            LOG.warn("AWS secret '{}' in region {} is scheduled for deletion ({}); its last value is still served. Restore it"
                    + " with RestoreSecret or move the application to another secret", id, region, d.deletedDate());
        }
    }

    private void match(List<String> chunk, BatchGetSecretValueResponse r, Map<String, Object> byId) {
        if (r.hasSecretValues()) {
            for (SecretValueEntry entry : r.secretValues()) {
                Stored s = Stored.of(entry);
                for (String id : chunk) {
                    if (s.matches(id)) {
                        byId.put(id, s);
                        known.put(id, s);
                    }
                }
            }
        }
        if (r.hasErrors()) {
            for (APIErrorType err : r.errors()) {
                for (String id : chunk) {
                    if (err.secretId() != null && (err.secretId().equals(id) || Ids.matches(id, err.secretId(), null))) {
                        byId.put(id, "ResourceNotFoundException".equals(err.errorCode()) ? "absent" : Failures.map(
                                SecretsManagerException.builder().statusCode(400).awsErrorDetails(AwsErrorDetails.builder()
                                        .errorCode(err.errorCode()).errorMessage(err.message()).build()).build(),
                                id, region, "secretsmanager:GetSecretValue"));
                    }
                }
            }
        }
    }
}
