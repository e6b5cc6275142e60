package dev.secrets4j.provider.aws.internal;

import dev.secrets4j.SecretProviderException;
import dev.secrets4j.spi.PutOptions;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Staging labels: AWS's three, the SPI's stages mapped onto them, and a write's metadata kept as
 * labels. Secrets Manager stores no metadata with a version, so an entry {@code rotation-slot=a}
 * becomes the label {@code secrets4j:rotation-slot=a}. A label sits on one version of a secret at a
 * time: the same entry written again moves to the newer version.
 */
public final class Labels {

    /** The label of the current version. */
    public static final String CURRENT = "AWSCURRENT";
    /** The label of the version that was current before it; AWS moves it when AWSCURRENT moves. */
    public static final String PREVIOUS = "AWSPREVIOUS";
    /** The label of a version written but not current yet. */
    public static final String PENDING = "AWSPENDING";
    /** The prefix of the labels that carry write metadata. */
    public static final String METADATA = "secrets4j:";

    /** AWS allows 20 labels on a version; two stay free for AWSCURRENT and AWSPENDING. */
    private static final int MAX_METADATA = 18;
    private static final int MAX_LENGTH = 256;

    private Labels() {
    }

    /**
     * The label a write asks for in metadata {@link PutOptions#STAGE}: the SPI's
     * {@link PutOptions#PENDING} is AWSPENDING, any other value (AWSPENDING, a custom label) is taken
     * as a label name; empty when the write names no stage.
     */
    static Optional<String> stage(PutOptions options, String secret) {
        String stage = options.metadata().get(PutOptions.STAGE);
        if (stage == null) {
            return Optional.empty();
        }
        if (stage.equals(PutOptions.PENDING)) {
            return Optional.of(PENDING);
        }
        if (stage.isBlank() || stage.length() > MAX_LENGTH) {
            throw SecretProviderException.permanent(Failures.ID, secret, "write to AWS secret '" + secret + "' names stage '"
                    + shown(stage) + "'; a stage is 'pending' or an AWS staging label of 1 to 256 characters", null);
        }
        return Optional.of(stage);
    }

    /** The labels carrying the write's metadata (every entry but the stage), sorted by key. */
    static List<String> ofMetadata(PutOptions options, String secret) {
        List<String> out = new ArrayList<>();
        new TreeMap<>(options.metadata()).forEach((key, value) -> {
            if (key.equals(PutOptions.STAGE)) {
                return;
            }
            String label = METADATA + key + "=" + value;
            if (key.isEmpty() || key.contains("=") || label.length() > MAX_LENGTH) {
                throw SecretProviderException.permanent(Failures.ID, secret, "metadata key '" + shown(key) + "' of a write to"
                        + " AWS secret '" + secret + "' cannot be kept: it becomes the staging label secrets4j:key=value, which"
                        + " needs a key without '=' and at most " + MAX_LENGTH + " characters in all", null);
            }
            out.add(label);
        });
        if (out.size() > MAX_METADATA) {
            throw SecretProviderException.permanent(Failures.ID, secret, "a write to AWS secret '" + secret + "' carries "
                    + out.size() + " metadata entries; AWS keeps at most " + MAX_METADATA + " as staging labels", null);
        }
        return out;
    }

    /** The metadata carried by {@code labels}: {@code secrets4j:rotation-slot=a} is {@code rotation-slot=a}. */
    static Map<String, String> metadata(List<String> labels) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String label : labels) {
            int eq = label.indexOf('=');
            if (label.startsWith(METADATA) && eq > METADATA.length()) {
                out.put(label.substring(METADATA.length(), eq), label.substring(eq + 1));
            }
        }
        return out;
    }

    /** Whether retiring a version removes {@code label} from it: AWSPREVIOUS, AWSPENDING and metadata labels. */
    static boolean endsWithVersion(String label) {
        return label.equals(PREVIOUS) || label.equals(PENDING) || label.startsWith(METADATA);
    }

    /** A caller's string for a message: at most 40 characters, control characters replaced. */
    static String shown(String s) {
        String cut = s.length() > 40 ? s.substring(0, 40) + "..." : s;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }
}
