package dev.secrets4j.testing.vault;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The enabled login methods by auth mount ({@code auth/<mount>/login}): AppRole ({@code role_id},
 * {@code secret_id}), Kubernetes and JWT ({@code role}, {@code jwt}); each accepted credential gets a token
 * of its {@link TokenSpec}. Thread-safe.
 */
final class LoginMethods {

    static final String APPROLE = "approle";
    static final String KUBERNETES = "kubernetes";
    static final String JWT = "jwt";

    /** One accepted credential: the secret part and the spec of the token it gets. */
    private record Credential(String secret, TokenSpec spec) {
        @Override
        public String toString() {
            return "Credential[" + spec + "]";
        }
    }

    /** One auth mount: its method and the credentials it accepts, by role id or role name. */
    private record Mount(String method, Map<String, Credential> credentials) {
    }

    private final TokenStore tokens;
    private final Map<String, Mount> mounts = new ConcurrentHashMap<>();
    private final AtomicInteger successes = new AtomicInteger();

    LoginMethods(TokenStore tokens) {
        this.tokens = tokens;
    }

    void enable(String method, String mountPath, String roleOrRoleId, String secret, TokenSpec spec) {
        Objects.requireNonNull(roleOrRoleId, "role");
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(spec, "spec");
        if (!method.equals(APPROLE) && !method.equals(KUBERNETES) && !method.equals(JWT)) {
            throw new IllegalArgumentException("login method must be approle, kubernetes or jwt, got '" + method + "'");
        }
        String mount = trimSlashes(Objects.requireNonNull(mountPath, "mountPath"));
        if (mount.isEmpty()) {
            throw new IllegalArgumentException("login mount path must not be empty");
        }
        Mount m = mounts.computeIfAbsent(mount, p -> new Mount(method, new ConcurrentHashMap<>()));
        if (!m.method().equals(method)) {
            throw new IllegalArgumentException("auth mount '" + mount + "' already serves " + m.method()
                    + ", not " + method + "; use another mount path");
        }
        m.credentials().put(roleOrRoleId, new Credential(secret, spec));
    }

    static String trimSlashes(String path) {
        String p = path;
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }

    /** The mount of {@code path} when it is {@code auth/<mount>/login} of an enabled mount. */
    Optional<String> loginMount(String path) {
        if (!path.startsWith("auth/") || !path.endsWith("/login")) {
            return Optional.empty();
        }
        String mount = path.substring("auth/".length(), path.length() - "/login".length());
        return mounts.containsKey(mount) ? Optional.of(mount) : Optional.empty();
    }

    int successes() {
        return successes.get();
    }

    ApiResponse login(String mountPath, ApiRequest req) {
        Mount mount = mounts.get(mountPath);
        if (!req.isWrite()) {
            return ApiResponse.unsupported();
        }
        ObjectNode body = req.json();
        return switch (mount.method()) {
            case APPROLE -> appRole(mountPath, mount, body);
            case KUBERNETES -> kubernetes(mountPath, mount, body);
            default -> jwt(mountPath, mount, body);
        };
    }

    private ApiResponse appRole(String mountPath, Mount mount, ObjectNode body) {
        String roleId = text(body, "role_id");
        if (roleId.isEmpty()) {
            return ApiResponse.error(400, "missing role_id");
        }
        String secretId = text(body, "secret_id");
        Credential c = mount.credentials().get(roleId);
        if (c == null || !matches(c.secret(), secretId)) {
            return ApiResponse.error(400, "invalid role or secret ID");
        }
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("role_name", "app");
        meta.putAll(c.spec().metadata());
        return issue(mountPath, c, meta, APPROLE);
    }

    private ApiResponse kubernetes(String mountPath, Mount mount, ObjectNode body) {
        String role = text(body, "role");
        if (role.isEmpty()) {
            return ApiResponse.error(400, "missing role");
        }
        String jwt = text(body, "jwt");
        if (jwt.isEmpty()) {
            return ApiResponse.error(400, "missing jwt");
        }
        Credential c = mount.credentials().get(role);
        if (c == null) {
            return ApiResponse.error(400, "invalid role name \"" + role + "\"");
        }
        if (!matches(c.secret(), jwt)) {
            return ApiResponse.permissionDenied();
        }
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("role", role);
        meta.put("service_account_name", "default");
        meta.put("service_account_namespace", "default");
        meta.put("service_account_secret_name", "");
        meta.put("service_account_uid", "00000000-0000-0000-0000-000000000001");
        meta.putAll(c.spec().metadata());
        return issue(mountPath, c, meta, KUBERNETES);
    }

    private ApiResponse jwt(String mountPath, Mount mount, ObjectNode body) {
        String role = text(body, "role");
        if (role.isEmpty()) {
            return ApiResponse.error(400, "missing role");
        }
        String jwt = text(body, "jwt");
        if (jwt.isEmpty()) {
            return ApiResponse.error(400, "missing token");
        }
        Credential c = mount.credentials().get(role);
        if (c == null) {
            return ApiResponse.error(400, "role \"" + role + "\" could not be found");
        }
        if (!matches(c.secret(), jwt)) {
            return ApiResponse.error(400, "error validating token: invalid signature");
        }
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("role", role);
        meta.putAll(c.spec().metadata());
        return issue(mountPath, c, meta, JWT);
    }

    private ApiResponse issue(String mountPath, Credential c, Map<String, String> meta, String mountType) {
        TokenStore.Token token = tokens.issue(c.spec(), "auth/" + mountPath + "/login", meta);
        successes.incrementAndGet();
        return ApiResponse.ok(TokenStore.authEnvelope(token, c.spec().ttl().toSeconds(), mountType));
    }

    private static String text(ObjectNode body, String name) {
        JsonNode node = body.get(name);
        return node == null || node.isNull() ? "" : node.asString();
    }

    private static boolean matches(String expected, String given) {
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }
}
