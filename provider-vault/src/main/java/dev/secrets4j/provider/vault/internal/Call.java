package dev.secrets4j.provider.vault.internal;

import java.util.Objects;

/**
 * What one Vault call does, for its error messages: {@code reading secret 'db' (secret/data/prod/db)}.
 *
 * @param action      {@code reading}, {@code writing}, {@code renewing the lease of}...
 * @param secretName  the secret concerned (a reference path), or {@code null} for a provider-wide call
 * @param apiPath     the Vault API path called, without {@code /v1/} or query
 * @param capability  the policy capability the call needs: {@code read}, {@code create/update}, {@code update}
 * @param quoteErrors whether Vault's error strings may be quoted: never for a call that sent a value,
 *                    since an error could echo it
 */
record Call(String action, String secretName, String apiPath, String capability, boolean quoteErrors) {

    Call {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(apiPath, "apiPath");
        Objects.requireNonNull(capability, "capability");
    }

    /** A read that sends no value. */
    static Call read(String action, String secretName, String apiPath) {
        return new Call(action, secretName, apiPath, "read", true);
    }

    /** {@code reading secret 'db' (secret/data/prod/db)}. */
    String describe() {
        return action + (secretName == null ? "" : " secret '" + VaultPaths.printable(secretName) + "'") + " (" + apiPath + ")";
    }
}
