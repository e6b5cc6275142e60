package dev.secrets4j.provider.vault.internal.session;

import dev.secrets4j.SecretProviderException;

/**
 * The session's exceptions: each names the auth method, mount and Vault address, says what went
 * wrong and what to do, and never carries a token, secret id or JWT.
 */
final class SessionErrors {

    private static final String PROVIDER = "vault";

    private SessionErrors() {
    }

    /** The first login or token check failed. */
    static SecretProviderException openFailed(String describe, AuthSpec spec, CallFailure failure) {
        String what = spec.logsIn() ? "Vault login failed for " : "Vault token check (lookup-self) failed for ";
        String message = what + describe + ": " + failure.reason() + "; " + hint(spec, failure);
        return failure.isRetryable()
                ? SecretProviderException.retryable(PROVIDER, null, message, null)
                : SecretProviderException.permanent(PROVIDER, null, message, null);
    }

    /** A login after a 403 failed. */
    static SecretProviderException reloginFailed(String describe, CallFailure failure) {
        String message = "Vault denied a request (403) and logging in again failed for " + describe + ": "
                + failure.reason() + "; " + (failure.isRetryable()
                ? "Vault could not be reached; the session keeps trying in the background"
                : "check the credentials and the role; the session keeps trying in the background");
        return failure.isRetryable()
                ? SecretProviderException.retryable(PROVIDER, null, message, null)
                : SecretProviderException.permanent(PROVIDER, null, message, null);
    }

    /** A 403 with a fixed token, which cannot be obtained again. */
    static SecretProviderException fixedTokenForbidden(String describe) {
        return SecretProviderException.permanent(PROVIDER, null, "Vault denied a request (403) made with the configured "
                + "token of " + describe + "; a configured token cannot be obtained again: check that it is still valid "
                + "(vault token lookup) and that its policies grant the path, or use a login method (AppRole, Kubernetes, JWT)",
                null);
    }

    /** The session is closed. */
    static SecretProviderException closed(String describe) {
        return SecretProviderException.permanent(PROVIDER, null, "the Vault session of " + describe
                + " is closed; create a new provider", null);
    }

    private static String hint(AuthSpec spec, CallFailure failure) {
        if (failure.isRetryable()) {
            return failure.status().isPresent()
                    ? "Vault is unavailable (sealed, standby, rate-limited or failing); try again later"
                    : "check that Vault is reachable at this address and that its TLS certificate is trusted; try again later";
        }
        if (failure.status().isEmpty()) {
            return "fix the credential source";
        }
        if (spec instanceof AuthSpec.FixedToken) {
            return "the token is unknown, expired or revoked: give a valid token";
        }
        if (spec instanceof AuthSpec.AppRole) {
            return "check the role id and secret id (a secret id may have expired or reached its use limit) "
                    + "and that AppRole is enabled at auth/" + spec.mount();
        }
        return "check that the role exists at auth/" + spec.mount() + " and that it accepts this "
                + ("kubernetes".equals(spec.method()) ? "service account" : "JWT (issuer, audience, expiry)");
    }
}
