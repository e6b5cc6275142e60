package dev.secrets4j.testing.aws;

import java.util.Optional;

/**
 * One rotation in progress, as a {@link RotationHook} sees it: the secret, the new version id (the
 * {@code ClientRequestToken}) and the actions a rotation Lambda takes. Its {@code toString()} holds no value.
 */
public final class Rotation {

    private final SecretStore store;
    private final String arn;
    private final String name;
    private final String token;

    Rotation(SecretStore store, String arn, String name, String token) {
        this.store = store;
        this.arn = arn;
        this.name = name;
        this.token = token;
    }

    /** The secret's full ARN (what the service sends as {@code SecretId}). */
    public String arn() {
        return arn;
    }

    /** The secret's name. */
    public String name() {
        return name;
    }

    /** The new version id ({@code ClientRequestToken}), which carries AWSPENDING. */
    public String token() {
        return token;
    }

    /** The AWSCURRENT {@code SecretString}, empty when the secret is binary or has no current version. */
    public Optional<String> currentString() {
        return store.currentString(arn);
    }

    /** The {@code SecretString} already stored under {@link #token()}, empty when none yet. */
    public Optional<String> pendingValue() {
        return store.stringOfVersion(arn, token);
    }

    /** Stores {@code value} as version {@link #token()} with only AWSPENDING (PutSecretValue with the token). */
    public void putPendingString(String value) {
        store.putString(arn, token, value, java.util.List.of(SecretStore.PENDING));
    }

    /** Moves AWSCURRENT to {@link #token()} (AWSPREVIOUS follows) and removes AWSPENDING, as finishSecret does. */
    public void finish() {
        store.finishRotation(arn, token);
    }

    /** {@code Rotation[name, token]}. */
    @Override
    public String toString() {
        return "Rotation[" + name + ", version " + token + "]";
    }
}
