package dev.secrets4j;

/** No provider has the secret the application asked for. */
public final class SecretNotFoundException extends SecretsException {

    private static final long serialVersionUID = 1L;

    private final String secretName;
    private final String lookedIn;

    /**
     * A not-found error for {@code secretName}.
     *
     * @param secretName the logical name asked for
     * @param lookedIn where it was looked for, for example {@code docker:/run/secrets (files db_password, DB_PASSWORD), env}
     */
    public SecretNotFoundException(String secretName, String lookedIn) {
        super("secret '" + secretName + "' not found in " + lookedIn
                + "; create it there, bind it to another reference, or mark the secret optional");
        this.secretName = secretName;
        this.lookedIn = lookedIn;
    }

    /** The logical name that was not found. */
    public String secretName() {
        return secretName;
    }

    /** Where it was looked for. */
    public String lookedIn() {
        return lookedIn;
    }
}
