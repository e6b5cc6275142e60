package dev.secrets4j.provider.aws.internal;

import dev.secrets4j.Secret;
import dev.secrets4j.SecretProviderException;
import dev.secrets4j.spi.SecretRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The SPI's stages on AWS staging labels. {@code promote} moves AWSCURRENT with
 * UpdateSecretVersionStage and {@code RemoveFromVersionId} = the version read as current: AWS
 * refuses the move when another version holds AWSCURRENT by then, so the call itself is the
 * compare-and-set, and AWS moves AWSPREVIOUS to the version that lost AWSCURRENT. {@code retire}
 * takes AWSPREVIOUS, AWSPENDING and the metadata labels off a version; a version without labels is
 * what AWS calls deprecated (not listed, deleted by the service in time).
 */
public final class Stages {

    private static final Logger LOG = LoggerFactory.getLogger(Stages.class);
    private static final String UPDATE = "secretsmanager:UpdateSecretVersionStage";

    private final SecretsManagerClient client;
    private final String region;
    private final Budgets budgets;
    private final Retrier retrier;
    private final AwsBackend backend;

    /** Stage moves through {@code client}. */
    public Stages(SecretsManagerClient client, String region, Budgets budgets, Retrier retrier, AwsBackend backend) {
        this.client = client;
        this.region = region;
        this.budgets = budgets;
        this.retrier = retrier;
        this.backend = backend;
    }

    /**
     * Makes {@code version} current if AWSCURRENT is still on {@code expectedCurrent}: one
     * DescribeSecret, one UpdateSecretVersionStage for AWSCURRENT (the compare-and-set), one to take
     * AWSPENDING off the promoted version, and a GetSecretValue of it.
     */
    public Secret promote(SecretRef ref, String version, Optional<String> expectedCurrent) {
        String id = ref.path();
        Map<String, List<String>> labels = labels(id, "promote version " + Labels.shown(version) + " of");
        Optional<String> current = holder(labels, Labels.CURRENT);
        List<String> own = labels.get(version);
        if (own == null) {
            throw SecretProviderException.permanent(Failures.ID, id, "version " + Labels.shown(version) + " of AWS secret '" + id
                    + "' in region " + region + " cannot be promoted: it has no staging label, so it does not exist or was"
                    + " retired; write a new pending version and promote that", null);
        }
        if (expectedCurrent.isPresent() && !expectedCurrent.equals(current)) {
            throw SecretProviderException.permanent(Failures.ID, id, "version " + version + " of AWS secret '" + id + "' in region "
                    + region + " was not promoted: expected AWSCURRENT on version " + Labels.shown(expectedCurrent.get()) + " but it is"
                    + " on " + current.orElse("no version") + "; read the secret again and decide again", null);
        }
        if (!own.contains(Labels.CURRENT)) {
            Optional<String> conflict = moveCurrent(id, version, current);
            if (conflict.isPresent()) {
                throw SecretProviderException.permanent(Failures.ID, id, "version " + version + " of AWS secret '" + id
                        + "' in region " + region + " was not promoted: AWSCURRENT moved from version " + current.orElse("(none)")
                        + " to " + conflict.get() + " between the check and the move (AWS refused RemoveFromVersionId); read the"
                        + " secret again and decide again", null);
            }
        }
        if (own.contains(Labels.PENDING)) {
            try {
                removeLabel(id, Labels.PENDING, version);
            } catch (SecretProviderException e) {
                // The promotion happened; a pending label left on the current version is harmless (AWS's own
                // rotation template may leave it there) and the next pending write moves it away.
                LOG.warn("version {} of AWS secret '{}' is current but keeps its AWSPENDING label: {}", version, id, e.getMessage());
            }
        }
        backend.forget(id);
        return backend.read(id, version, null).map(s -> s.toSecret(ref)).orElseThrow(() -> SecretProviderException.retryable(
                Failures.ID, id, "version " + version + " of AWS secret '" + id + "' in region " + region
                        + " was promoted but could not be read back; read the secret again", null));
    }

    /**
     * Ends {@code version}: takes AWSPREVIOUS, AWSPENDING and the metadata labels off it (custom
     * labels of others stay). A version without labels, or one AWS no longer has, counts as retired.
     */
    public void retire(SecretRef ref, String version) {
        String id = ref.path();
        Map<String, List<String>> labels = labels(id, "retire version " + Labels.shown(version) + " of");
        List<String> own = labels.get(version);
        if (own == null) {
            LOG.debug("version {} of AWS secret '{}' has no staging label: already retired", Labels.shown(version), id);
            return;
        }
        if (own.contains(Labels.CURRENT)) {
            throw SecretProviderException.permanent(Failures.ID, id, "version " + version + " of AWS secret '" + id + "' in region "
                    + region + " holds AWSCURRENT and cannot be retired; promote another version first", null);
        }
        for (String label : own) {
            if (Labels.endsWithVersion(label)) {
                removeLabel(id, label, version);
            }
        }
    }

    /**
     * The version holding AWSPENDING without AWSCURRENT, if any (AWS keeps one pending version per
     * secret), read with its metadata labels; empty when the secret does not exist.
     */
    public List<Secret> pending(SecretRef ref) {
        String id = ref.path();
        Optional<DescribeSecretResponse> d = backend.describe(id);
        if (d.isEmpty() || !d.get().hasVersionIdsToStages()) {
            return List.of();
        }
        return d.get().versionIdsToStages().entrySet().stream()
                .filter(e -> e.getValue().contains(Labels.PENDING) && !e.getValue().contains(Labels.CURRENT))
                .map(Map.Entry::getKey).findFirst().flatMap(v -> backend.read(id, v, null)).map(s -> List.of(s.toSecret(ref)))
                .orElse(List.of());
    }

    /**
     * Moves AWSCURRENT to {@code to} from {@code from} (the version read as current). Empty when
     * done; otherwise the version AWS says holds AWSCURRENT now, because it refused the move.
     * A refusal after AWSCURRENT already reached {@code to} (the retry of a move whose answer was
     * lost) is success.
     */
    Optional<String> moveCurrent(String id, String to, Optional<String> from) {
        try {
            retrier.call(budgets.write(), UPDATE, id, () -> client.updateSecretVersionStage(u -> u.secretId(id)
                    .versionStage(Labels.CURRENT).moveToVersionId(to).removeFromVersionId(from.orElse(null))));
            return Optional.empty();
        } catch (SdkException e) {
            if (Failures.isRetryable(e) || "AccessDeniedException".equals(Failures.code(e))) {
                throw Failures.map(e, id, region, UPDATE);
            }
            Optional<String> now = holder(labels(id, "check AWSCURRENT of"), Labels.CURRENT);
            if (now.equals(Optional.of(to))) {
                return Optional.empty();
            }
            LOG.debug("UpdateSecretVersionStage of AWS secret '{}' refused with {}: AWSCURRENT is on {}", id, Failures.code(e), now);
            return Optional.of(now.orElse("(none)"));
        }
    }

    /** Takes {@code label} off {@code version}; nothing when it is not there any more. */
    private void removeLabel(String id, String label, String version) {
        try {
            retrier.call(budgets.write(), UPDATE, id, () -> client.updateSecretVersionStage(u -> u.secretId(id)
                    .versionStage(label).removeFromVersionId(version)));
        } catch (SdkException e) {
            if (Failures.isRetryable(e) || "AccessDeniedException".equals(Failures.code(e))) {
                throw Failures.map(e, id, region, UPDATE);
            }
            List<String> now = labels(id, "check the labels of").getOrDefault(version, List.of());
            if (now.contains(label)) {
                throw Failures.map(e, id, region, UPDATE);
            }
        }
    }

    /** Version id to labels (labelled versions only), from DescribeSecret. */
    private Map<String, List<String>> labels(String id, String doing) {
        DescribeSecretResponse d = backend.describe(id).orElseThrow(() -> SecretProviderException.permanent(Failures.ID, id,
                "cannot " + doing + " AWS secret '" + id + "' in region " + region + ": the secret does not exist", null));
        return d.hasVersionIdsToStages() ? d.versionIdsToStages() : Map.of();
    }

    private static Optional<String> holder(Map<String, List<String>> labels, String label) {
        return labels.entrySet().stream().filter(e -> e.getValue().contains(label)).map(Map.Entry::getKey).findFirst();
    }
}
