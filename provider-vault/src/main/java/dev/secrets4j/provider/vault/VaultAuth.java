package dev.secrets4j.provider.vault;

import dev.secrets4j.provider.vault.internal.session.AuthAccess;
import dev.secrets4j.provider.vault.internal.session.AuthSpec;
import dev.secrets4j.provider.vault.internal.session.Credential;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How the Vault provider logs in: a fixed token, AppRole, Kubernetes or JWT. Immutable.
 *
 * <pre>{@code
 * VaultAuth.appRoleFromFiles(Path.of("/etc/app/role-id"), Path.of("/etc/app/secret-id"));
 * VaultAuth.kubernetes("payments").mountPath("kubernetes-prod");   // auth/kubernetes-prod/login
 * }</pre>
 *
 * <p>Credentials read from files are read again at each login, so a rotated Kubernetes
 * service-account token or secret id is picked up. {@code toString()} names the method, mount and
 * where each credential comes from, never a token, secret id or JWT. Two instances are equal only
 * when they are the same object: credentials are not compared.
 */
public final class VaultAuth {

    /** Where Kubernetes mounts the pod's service-account token. */
    public static final Path KUBERNETES_SERVICE_ACCOUNT_TOKEN =
            Path.of("/var/run/secrets/kubernetes.io/serviceaccount/token");

    private static final Pattern MOUNT = Pattern.compile("[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*");
    private static final Set<String> OPTION_NAMES = Set.of("auth", "token", "token-file", "role-id",
            "role-id-file", "secret-id", "secret-id-file", "role", "jwt-file", "auth-mount");

    static {
        AuthAccess.install(auth -> auth.spec);
    }

    private final AuthSpec spec;

    private VaultAuth(AuthSpec spec) {
        this.spec = spec;
    }

    /** A fixed token: checked at open, renewed if renewable, never re-obtained (a 403 is final). */
    public static VaultAuth token(String token) {
        return new VaultAuth(new AuthSpec.FixedToken(credential("token", token), "token"));
    }

    /** A fixed token read once at open from {@code tokenFile} (such as one written by Vault Agent). */
    public static VaultAuth tokenFromFile(Path tokenFile) {
        return new VaultAuth(new AuthSpec.FixedToken(file("token file", tokenFile), "token"));
    }

    /**
     * A fixed token from the environment variable {@code VAULT_TOKEN}, else the file
     * {@code ~/.vault-token} (written by {@code vault login}); the session fails to open when neither exists.
     */
    public static VaultAuth tokenFromEnvironment() {
        return new VaultAuth(new AuthSpec.FixedToken(Credential.environmentToken(), "token"));
    }

    /** AppRole login with a role id and a secret id given as values. */
    public static VaultAuth appRole(String roleId, String secretId) {
        return new VaultAuth(new AuthSpec.AppRole(credential("role id", roleId),
                credential("secret id", secretId), "approle"));
    }

    /** AppRole login with the role id and the secret id read from files at each login. */
    public static VaultAuth appRoleFromFiles(Path roleIdFile, Path secretIdFile) {
        return new VaultAuth(new AuthSpec.AppRole(file("role id file", roleIdFile),
                file("secret id file", secretIdFile), "approle"));
    }

    /** Kubernetes login as {@code role} with the pod's service-account token ({@link #KUBERNETES_SERVICE_ACCOUNT_TOKEN}). */
    public static VaultAuth kubernetes(String role) {
        return kubernetes(role, KUBERNETES_SERVICE_ACCOUNT_TOKEN);
    }

    /** Kubernetes login as {@code role} with the service-account token read from {@code serviceAccountTokenFile} at each login. */
    public static VaultAuth kubernetes(String role, Path serviceAccountTokenFile) {
        return new VaultAuth(new AuthSpec.Jwt("kubernetes", role("kubernetes role", role),
                file("service account token file", serviceAccountTokenFile), "kubernetes"));
    }

    /** JWT login as {@code role} with the JWT read from {@code jwtFile} at each login. */
    public static VaultAuth jwt(String role, Path jwtFile) {
        return new VaultAuth(new AuthSpec.Jwt("jwt", role("jwt role", role), file("jwt file", jwtFile), "jwt"));
    }

    /**
     * This auth at a non-default mount: {@code mountPath("kubernetes-prod")} logs in at
     * {@code auth/kubernetes-prod/login} (for a token, renews at {@code auth/<mount>/renew-self}).
     */
    public VaultAuth mountPath(String path) {
        Objects.requireNonNull(path, "auth mount path");
        String mount = strip(path.strip());
        if (mount.startsWith("auth/")) {
            mount = mount.substring("auth/".length());
        }
        if (!MOUNT.matcher(mount).matches() || mount.contains("..")) {
            throw new IllegalArgumentException("auth mount path must be a Vault mount such as 'kubernetes-prod' "
                    + "(letters, digits, '.', '_', '-', '/'), got '" + path + "'");
        }
        return new VaultAuth(spec.withMount(mount));
    }

    /** The auth method: {@code "token"}, {@code "approle"}, {@code "kubernetes"} or {@code "jwt"}. */
    public String method() {
        return spec.method();
    }

    /**
     * The auth described by the {@code vault} factory's options (see {@link #optionNames()}):
     * {@code auth} is {@code token} (the default), {@code approle}, {@code kubernetes} or {@code jwt};
     * then {@code token} or {@code token-file} (neither: {@code VAULT_TOKEN} or {@code ~/.vault-token});
     * {@code role-id} or {@code role-id-file} and {@code secret-id} or {@code secret-id-file};
     * {@code role} and {@code jwt-file} (optional for Kubernetes); {@code auth-mount} for a non-default mount.
     * Other keys are ignored: they belong to the provider.
     *
     * @throws IllegalArgumentException naming the option (never its value) when one is missing,
     *                                  conflicting or does not belong to the chosen method
     */
    public static VaultAuth fromOptions(Map<String, String> options) {
        Objects.requireNonNull(options, "options");
        Options o = new Options(options);
        String method = o.get("auth").orElse("token");
        VaultAuth auth = switch (method) {
            case "token" -> {
                o.refuse(method, "role-id", "role-id-file", "secret-id", "secret-id-file", "role", "jwt-file");
                o.atMostOne("token", "token-file");
                yield o.get("token").map(VaultAuth::token)
                        .or(() -> o.get("token-file").map(f -> tokenFromFile(Path.of(f))))
                        .orElseGet(VaultAuth::tokenFromEnvironment);
            }
            case "approle" -> {
                o.refuse(method, "token", "token-file", "role", "jwt-file");
                Credential roleId = o.credential("role-id", "role-id-file");
                Credential secretId = o.credential("secret-id", "secret-id-file");
                yield new VaultAuth(new AuthSpec.AppRole(roleId, secretId, "approle"));
            }
            case "kubernetes" -> {
                o.refuse(method, "token", "token-file", "role-id", "role-id-file", "secret-id", "secret-id-file");
                String role = o.required("role");
                yield o.get("jwt-file").map(f -> kubernetes(role, Path.of(f))).orElseGet(() -> kubernetes(role));
            }
            case "jwt" -> {
                o.refuse(method, "token", "token-file", "role-id", "role-id-file", "secret-id", "secret-id-file");
                yield jwt(o.required("role"), Path.of(o.required("jwt-file")));
            }
            default -> throw new IllegalArgumentException("Vault option 'auth' must be token, approle, kubernetes or jwt, got '"
                    + method + "'");
        };
        return o.get("auth-mount").map(auth::mountPath).orElse(auth);
    }

    /** The option keys {@link #fromOptions(Map)} reads. */
    public static Set<String> optionNames() {
        return OPTION_NAMES;
    }

    /** {@code VaultAuth[approle auth at auth/approle, role id from file /etc/app/role-id, ...]}: no credential value. */
    @Override
    public String toString() {
        return "VaultAuth[" + spec + "]";
    }

    private static Credential credential(String what, String value) {
        Objects.requireNonNull(value, what);
        if (value.isBlank()) {
            throw new IllegalArgumentException("Vault " + what + " is empty; give the " + what + " or read it from a file");
        }
        return Credential.value(value);
    }

    private static Credential file(String what, Path file) {
        Objects.requireNonNull(file, what);
        return Credential.file(file);
    }

    private static String role(String what, String role) {
        Objects.requireNonNull(role, what);
        if (role.isBlank()) {
            throw new IllegalArgumentException("Vault " + what + " is empty; give the name of the Vault role to log in as");
        }
        return role;
    }

    private static String strip(String path) {
        String p = path;
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }

    /** The factory's options, read with messages that name the key and never the value. */
    private record Options(Map<String, String> map) {

        Optional<String> get(String key) {
            return Optional.ofNullable(map.get(key)).map(String::strip).filter(v -> !v.isEmpty());
        }

        String required(String key) {
            return get(key).orElseThrow(() -> new IllegalArgumentException("Vault option '" + key
                    + "' is required for auth=" + get("auth").orElse("token") + "; set it"));
        }

        void refuse(String method, String... keys) {
            for (String key : keys) {
                if (get(key).isPresent()) {
                    throw new IllegalArgumentException("Vault option '" + key + "' does not apply to auth=" + method
                            + "; remove it or choose the auth method it belongs to");
                }
            }
        }

        void atMostOne(String a, String b) {
            if (get(a).isPresent() && get(b).isPresent()) {
                throw new IllegalArgumentException("Vault options '" + a + "' and '" + b + "' are both set; set only one");
            }
        }

        Credential credential(String valueKey, String fileKey) {
            atMostOne(valueKey, fileKey);
            Optional<String> value = get(valueKey);
            if (value.isPresent()) {
                return Credential.value(value.get());
            }
            return get(fileKey).map(f -> Credential.file(Path.of(f))).orElseThrow(() -> new IllegalArgumentException(
                    "Vault option '" + valueKey + "' or '" + fileKey + "' is required for auth=" + get("auth").orElse("")
                            + "; set one"));
        }
    }
}
