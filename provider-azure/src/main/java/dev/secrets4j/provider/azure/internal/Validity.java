package dev.secrets4j.provider.azure.internal;

import dev.secrets4j.Secret;
import dev.secrets4j.SecretSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks {@code exp} and {@code nbf}, which Key Vault does not enforce on reads: past {@code exp}
 * or before {@code nbf} is an error, expiring within the warning window a warning.
 */
public final class Validity {

    private Validity() {
    }

    /** The problems of {@code secret} at {@code clock}'s now. */
    public static List<SecretSpec.Violation> check(Secret secret, Clock clock, Duration warnBefore) {
        List<SecretSpec.Violation> out = new ArrayList<>();
        Instant now = clock.instant();
        String name = secret.name();
        secret.metadata("exp").map(Instant::parse).ifPresent(exp -> {
            if (!now.isBefore(exp)) {
                out.add(SecretSpec.Violation.error("Key Vault secret '" + name + "' expired at " + exp
                        + " (exp); set a new version with a later expiry"));
            } else if (Duration.between(now, exp).compareTo(warnBefore) <= 0) {
                out.add(SecretSpec.Violation.warning("Key Vault secret '" + name + "' expires at " + exp
                        + " (exp); rotate it soon"));
            }
        });
        secret.metadata("nbf").map(Instant::parse).ifPresent(nbf -> {
            if (now.isBefore(nbf)) {
                out.add(SecretSpec.Violation.error("Key Vault secret '" + name + "' is not valid before " + nbf
                        + " (nbf); wait or set nbf earlier"));
            }
        });
        return out;
    }
}
