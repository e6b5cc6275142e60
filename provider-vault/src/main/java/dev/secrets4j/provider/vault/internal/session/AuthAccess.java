package dev.secrets4j.provider.vault.internal.session;

import dev.secrets4j.provider.vault.VaultAuth;

import java.util.Objects;
import java.util.function.Function;

/**
 * Lets the session read what a {@link VaultAuth} holds without a public accessor on the API type
 * (which would hand credentials to any caller). {@code VaultAuth} installs the accessor when its
 * class initialises.
 */
public final class AuthAccess {

    private static volatile Function<VaultAuth, AuthSpec> accessor;

    private AuthAccess() {
    }

    /** Called once by {@code VaultAuth}'s static initialiser. */
    public static void install(Function<VaultAuth, AuthSpec> access) {
        Objects.requireNonNull(access, "access");
        synchronized (AuthAccess.class) {
            if (accessor != null) {
                throw new IllegalStateException("the VaultAuth accessor is already installed");
            }
            accessor = access;
        }
    }

    /** What {@code auth} holds. */
    static AuthSpec spec(VaultAuth auth) {
        Objects.requireNonNull(auth, "auth");
        // An instance exists, so VaultAuth is initialised and the accessor installed.
        return accessor.apply(auth);
    }
}
