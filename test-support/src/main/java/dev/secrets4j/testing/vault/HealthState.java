package dev.secrets4j.testing.vault;

/**
 * The state {@code sys/health} reports, set with {@link VaultEmulator#health(HealthState)}.
 * Each maps to Vault's default status code: 200, 429, 473, 503 and 501.
 */
public enum HealthState {
    /** Initialized, unsealed and active: 200. */
    ACTIVE(200),
    /** An unsealed standby node: 429. */
    STANDBY(429),
    /** A performance standby node: 473. */
    PERFORMANCE_STANDBY(473),
    /** Sealed: 503 (every other path answers 503 {@code Vault is sealed} too). */
    SEALED(503),
    /** Not initialized: 501. */
    UNINITIALIZED(501);

    private final int defaultStatus;

    HealthState(int defaultStatus) {
        this.defaultStatus = defaultStatus;
    }

    /** The status code {@code sys/health} answers in this state when no query parameter overrides it. */
    public int defaultStatus() {
        return defaultStatus;
    }
}
