package dev.secrets4j.provider.vault.internal.session;

import java.util.Objects;

/**
 * What a {@link dev.secrets4j.provider.vault.VaultAuth} holds, readable by the session: one record
 * per auth method. {@code toString()} names the method, mount and credential sources, never a value.
 */
public sealed interface AuthSpec {

    /** "token", "approle", "kubernetes" or "jwt". */
    String method();

    /** The auth mount, such as {@code approle} for {@code auth/approle/login}. */
    String mount();

    /** This spec with another auth mount. */
    AuthSpec withMount(String mount);

    /** Whether the session gets its token by logging in (and so may log in again and revoke it). */
    default boolean logsIn() {
        return !(this instanceof FixedToken);
    }

    /** A token given or found in the environment: checked, renewed if renewable, never re-obtained. */
    record FixedToken(Credential token, String mount) implements AuthSpec {
        /** Checks the components. */
        public FixedToken {
            Objects.requireNonNull(token, "token");
            Objects.requireNonNull(mount, "mount");
        }

        @Override
        public String method() {
            return "token";
        }

        @Override
        public AuthSpec withMount(String mount) {
            return new FixedToken(token, mount);
        }

        @Override
        public String toString() {
            return "token auth at auth/" + mount + ", token from " + token.describe();
        }
    }

    /** AppRole login with a role id and a secret id. */
    record AppRole(Credential roleId, Credential secretId, String mount) implements AuthSpec {
        /** Checks the components. */
        public AppRole {
            Objects.requireNonNull(roleId, "roleId");
            Objects.requireNonNull(secretId, "secretId");
            Objects.requireNonNull(mount, "mount");
        }

        @Override
        public String method() {
            return "approle";
        }

        @Override
        public AuthSpec withMount(String mount) {
            return new AppRole(roleId, secretId, mount);
        }

        @Override
        public String toString() {
            return "approle auth at auth/" + mount + ", role id from " + roleId.describe()
                    + ", secret id from " + secretId.describe();
        }
    }

    /** Kubernetes or JWT login: a role and a JWT (the service-account token for Kubernetes). */
    record Jwt(String method, String role, Credential jwt, String mount) implements AuthSpec {
        /** Checks the components. */
        public Jwt {
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(jwt, "jwt");
            Objects.requireNonNull(mount, "mount");
        }

        @Override
        public AuthSpec withMount(String mount) {
            return new Jwt(method, role, jwt, mount);
        }

        @Override
        public String toString() {
            return method + " auth at auth/" + mount + ", role '" + role + "', JWT from " + jwt.describe();
        }
    }
}
