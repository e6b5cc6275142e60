package dev.secrets4j.testing.aws;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The secrets, their versions and staging labels, with the service's label rules. Thread-safe: every method
 * holds the store's lock; {@link Operations} holds it too while it reads several things at once.
 */
final class SecretStore {
    static final String CURRENT = "AWSCURRENT";
    static final String PREVIOUS = "AWSPREVIOUS";
    static final String PENDING = "AWSPENDING";
    private static final String SUFFIX_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9/_+=.@-]+");

    /** One version: its value (absent for a pending placeholder) and labels. */
    static final class Version {
        final String id;
        final Instant created;
        final Set<String> stages = new LinkedHashSet<>();
        String string;
        byte[] binary;

        Version(String id, Instant created) {
            this.id = id;
            this.created = created;
        }

        boolean hasValue() {
            return string != null || binary != null;
        }

        boolean sameValue(String s, byte[] b) {
            return s != null ? s.equals(string) : Arrays.equals(b, binary);
        }
    }

    /** One secret. */
    static final class Secret {
        final String name;
        final String arn;
        final Instant created;
        final Map<String, Version> versions = new LinkedHashMap<>();
        String description;
        Instant lastChanged;
        Instant deletedDate;
        Instant deletionDate;
        Boolean rotationEnabled;
        String rotationLambdaArn;
        Long rotationDays;
        Instant lastRotated;

        Secret(String name, String arn, Instant created) {
            this.name = name;
            this.arn = arn;
            this.created = created;
            this.lastChanged = created;
        }

        Optional<Version> holder(String stage) {
            return versions.values().stream().filter(v -> v.stages.contains(stage)).findFirst();
        }
    }

    private final Clock clock;
    private final String arnPrefix;
    private final Map<String, Secret> byName = new LinkedHashMap<>();

    SecretStore(Clock clock, String region, String accountId) {
        this.clock = clock;
        this.arnPrefix = "arn:aws:secretsmanager:" + region + ":" + accountId + ":secret:";
    }

    Instant now() {
        return clock.instant();
    }

    /** The secret named by name, full ARN or partial ARN (without the 6-character suffix); purges expired deletions. */
    synchronized Secret resolve(String secretId) {
        if (secretId == null || secretId.isEmpty()) {
            throw AwsError.invalidParameter("You must provide a SecretId.");
        }
        Secret found = byName.get(secretId);
        if (found == null && secretId.startsWith(arnPrefix)) {
            String rest = secretId.substring(arnPrefix.length());
            found = byName.values().stream().filter(s -> s.arn.equals(secretId)).findFirst()
                    .orElse(byName.get(rest));
        }
        if (found == null) {
            throw AwsError.notFound();
        }
        if (found.deletionDate != null && !now().isBefore(found.deletionDate)) {
            byName.remove(found.name);
            throw AwsError.notFound();
        }
        return found;
    }

    synchronized List<Secret> all() {
        new ArrayList<>(byName.values()).forEach(s -> {
            if (s.deletionDate != null && !now().isBefore(s.deletionDate)) {
                byName.remove(s.name);
            }
        });
        return new ArrayList<>(byName.values());
    }

    /** CreateSecret; {@code string} and {@code binary} may both be null (no version yet). */
    synchronized Secret create(String name, String token, String description, String string, byte[] binary) {
        if (name == null || name.isEmpty() || name.length() > 512) {
            throw AwsError.invalidParameter("Name must be 1 to 512 characters.");
        }
        if (!NAME.matcher(name).matches()) {
            // The service's rule: ASCII letters, digits and /_+=.@- only (so "app.rotation" is a valid name).
            throw AwsError.invalidParameter("Invalid name. Must be a valid name containing alphanumeric characters,"
                    + " or any of the following: -/_+=.@!");
        }
        if (string != null && binary != null) {
            throw AwsError.invalidParameter("You can't specify both a binary secret value and a string secret value in the same secret.");
        }
        Secret existing = byName.get(name);
        if (existing != null && (existing.deletionDate == null || now().isBefore(existing.deletionDate))) {
            if (existing.deletedDate != null) {
                throw AwsError.invalidRequest("You can't create this secret because a secret with this name is already scheduled for deletion.");
            }
            throw new AwsError("ResourceExistsException", "The operation failed because the secret " + name + " already exists.");
        }
        Secret s = new Secret(name, arnPrefix + name + "-" + suffix(), now());
        s.description = description;
        byName.put(name, s);
        if (string != null || binary != null) {
            put(s, token, string, binary, null);
        }
        return s;
    }

    /** PutSecretValue on a resolved secret; {@code stages} null means "move AWSCURRENT". Returns the version. */
    synchronized Version put(Secret s, String token, String string, byte[] binary, List<String> stages) {
        if (s.deletedDate != null) {
            throw AwsError.markedForDeletion();
        }
        if ((string == null) == (binary == null)) {
            throw AwsError.invalidParameter("You must provide either SecretString or SecretBinary, not both and not neither.");
        }
        if (token == null || token.length() < 32 || token.length() > 64) {
            throw AwsError.invalidParameter("ClientRequestToken must be 32 to 64 characters.");
        }
        Version v = s.versions.get(token);
        if (v != null && v.hasValue()) {
            if (v.sameValue(string, binary)) {
                return v; // same token, same value: the retry of a write that already happened
            }
            throw new AwsError("ResourceExistsException",
                    "You can't modify an existing version, you can only create a new version.");
        }
        if (v == null) {
            v = new Version(token, now());
            s.versions.put(token, v);
        }
        v.string = string;
        v.binary = binary == null ? null : binary.clone();
        boolean first = s.holder(CURRENT).isEmpty();
        List<String> labels = stages == null ? List.of(CURRENT) : stages;
        for (String stage : labels) {
            attach(s, stage, v);
        }
        if (first && !v.stages.contains(CURRENT)) {
            attach(s, CURRENT, v);
        }
        s.lastChanged = now();
        return v;
    }

    /** UpdateSecretVersionStage with the RemoveFromVersionId rule. */
    synchronized void updateStage(Secret s, String stage, String moveTo, String removeFrom) {
        if (stage == null || stage.isEmpty()) {
            throw AwsError.invalidParameter("You must provide a VersionStage.");
        }
        Optional<Version> holder = s.holder(stage);
        if (removeFrom != null) {
            if (holder.isEmpty() || !holder.get().id.equals(removeFrom)) {
                throw AwsError.invalidParameter("The parameter RemoveFromVersionId is invalid: staging label " + stage
                        + " is not attached to version " + removeFrom + ".");
            }
        }
        if (moveTo == null) {
            if (removeFrom == null) {
                throw AwsError.invalidParameter("You must provide MoveToVersionId or RemoveFromVersionId.");
            }
            holder.get().stages.remove(stage);
            s.lastChanged = now();
            return;
        }
        Version target = s.versions.get(moveTo);
        if (target == null) {
            throw new AwsError("ResourceNotFoundException",
                    "Secrets Manager can't find the specified secret value for VersionId: " + moveTo);
        }
        if (holder.isPresent() && holder.get() != target && removeFrom == null) {
            throw AwsError.invalidParameter("The parameter RemoveFromVersionId can't be empty. Staging label " + stage
                    + " is currently attached to version " + holder.get().id
                    + ", so you must explicitly reference that version in RemoveFromVersionId.");
        }
        attach(s, stage, target);
        s.lastChanged = now();
    }

    /** finishSecret: AWSCURRENT to {@code token} (AWSPREVIOUS follows), AWSPENDING removed. */
    synchronized void finishRotation(String secretId, String token) {
        Secret s = resolve(secretId);
        Version target = s.versions.get(token);
        if (target == null || !target.hasValue()) {
            throw AwsError.invalidRequest("Rotation of " + s.name + " can't finish: version " + token + " has no value.");
        }
        Optional<Version> current = s.holder(CURRENT);
        if (current.isEmpty() || current.get() != target) {
            updateStage(s, CURRENT, token, current.map(v -> v.id).orElse(null));
        }
        target.stages.remove(PENDING);
        s.lastRotated = now();
    }

    /** Every version with a value, oldest first, with its labels in the order attached (none: deprecated). */
    synchronized Map<String, List<String>> stages(String secretId) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        resolve(secretId).versions.values().stream().filter(Version::hasValue)
                .forEach(v -> out.put(v.id, List.copyOf(v.stages)));
        return out;
    }

    synchronized Optional<String> currentString(String secretId) {
        return resolve(secretId).holder(CURRENT).map(v -> v.string);
    }

    synchronized Optional<String> stringOfVersion(String secretId, String versionId) {
        Version v = resolve(secretId).versions.get(versionId);
        return v == null ? Optional.empty() : Optional.ofNullable(v.string);
    }

    synchronized void putString(String secretId, String versionId, String value, List<String> stages) {
        put(resolve(secretId), versionId, value, null, stages);
    }

    /** Starts a rotation: checks none is in progress and attaches AWSPENDING to a value-less version {@code token}. */
    synchronized Secret beginRotation(String secretId, String token) {
        Secret s = resolve(secretId);
        if (s.deletedDate != null) {
            throw AwsError.markedForDeletion();
        }
        Optional<Version> pending = s.holder(PENDING);
        if (pending.isPresent() && !pending.get().stages.contains(CURRENT)) {
            if (pending.get().id.equals(token)) {
                return s;
            }
            throw AwsError.invalidRequest("A previous rotation isn't complete. That rotation will be reattempted.");
        }
        Version v = s.versions.computeIfAbsent(token, id -> new Version(id, now()));
        attach(s, PENDING, v);
        s.rotationEnabled = Boolean.TRUE;
        return s;
    }

    synchronized Instant delete(Secret s, Duration window, boolean force) {
        if (s.deletedDate != null) {
            throw AwsError.invalidRequest("You can't delete secret " + s.name + " that is already scheduled for deletion.");
        }
        if (force) {
            byName.remove(s.name);
            return now();
        }
        s.deletedDate = now();
        s.deletionDate = s.deletedDate.plus(window);
        return s.deletionDate;
    }

    synchronized void restore(Secret s) {
        s.deletedDate = null;
        s.deletionDate = null;
    }

    /** Attaches {@code stage} to {@code v}, removing it elsewhere; AWSCURRENT moving drags AWSPREVIOUS to the old holder. */
    private static void attach(Secret s, String stage, Version v) {
        Optional<Version> old = s.holder(stage);
        if (old.isPresent() && old.get() == v) {
            return;
        }
        old.ifPresent(o -> o.stages.remove(stage));
        v.stages.add(stage);
        if (stage.equals(CURRENT) && old.isPresent()) {
            s.holder(PREVIOUS).ifPresent(p -> p.stages.remove(PREVIOUS));
            old.get().stages.add(PREVIOUS);
        }
    }

    private static String suffix() {
        StringBuilder b = new StringBuilder(6);
        for (int i = 0; i < 6; i++) {
            b.append(SUFFIX_CHARS.charAt(RANDOM.nextInt(SUFFIX_CHARS.length())));
        }
        return b.toString();
    }
}
