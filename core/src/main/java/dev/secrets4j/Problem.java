package dev.secrets4j;

import java.util.Objects;

/**
 * One finding of boot validation: a secret, what is wrong with it, and where it was looked for.
 *
 * @param secretName the logical name
 * @param severity   {@link Severity#ERROR} stops the boot, {@link Severity#WARNING} is only reported
 * @param message    what is wrong, never the value ({@code RSA key has 1024 bits, need 2048})
 * @param location   where the value came from or was looked for ({@code docker:/run/secrets/jwt_key})
 */
public record Problem(String secretName, Severity severity, String message, String location) {

    /** How serious a problem is. */
    public enum Severity {
        /** The secret is unusable; a boot with it fails. */
        ERROR,
        /** The secret works now but needs attention (expiring certificate, readable file). */
        WARNING
    }

    /** Checks that no part is null. */
    public Problem {
        Objects.requireNonNull(secretName, "secretName");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(location, "location");
    }

    /** An error. */
    public static Problem error(String secretName, String message, String location) {
        return new Problem(secretName, Severity.ERROR, message, location);
    }

    /** A warning. */
    public static Problem warning(String secretName, String message, String location) {
        return new Problem(secretName, Severity.WARNING, message, location);
    }

    /** Whether this problem stops a boot. */
    public boolean isError() {
        return severity == Severity.ERROR;
    }
}
