package dev.secrets4j.testing.vault;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.Map;
import java.util.Optional;

/**
 * Sends each API request to the part of the emulator that answers it, in Vault's order: health endpoints
 * (unauthenticated, answered even when sealed), the seal, the namespace ({@code X-Vault-Namespace} header and
 * path prefix), login paths (unauthenticated), the token check (403 {@code permission denied}), token
 * self-service, {@code sys/} paths, dynamic secrets, then KV mounts. Thread-safe.
 */
final class Routes {

    private final Map<String, VaultNamespace> namespaces;
    private final TokenStore tokens;
    private final LoginMethods logins;
    private final LeaseStore leases;
    private final HealthEndpoint health;

    Routes(Map<String, VaultNamespace> namespaces, TokenStore tokens, LoginMethods logins, LeaseStore leases,
           HealthEndpoint health) {
        this.namespaces = namespaces;
        this.tokens = tokens;
        this.logins = logins;
        this.leases = leases;
        this.health = health;
    }

    /** The answer to {@code req}, addressed to the namespace in {@code namespaceHeader} (root when empty). */
    ApiResponse dispatch(ApiRequest req, Optional<String> namespaceHeader) {
        try {
            return route(req, namespaceHeader);
        } catch (WireJson.BadRequest e) {
            return ApiResponse.error(e.status(), e.getMessage());
        }
    }

    private ApiResponse route(ApiRequest req, Optional<String> namespaceHeader) {
        String path = req.path();
        if (path.equals("sys/health")) {
            return health.answer(req);
        }
        if (path.equals("sys/seal-status")) {
            return health.sealStatus();
        }
        if (health.isSealed()) {
            return ApiResponse.sealed();
        }
        String base = namespaceHeader.map(LoginMethods::trimSlashes).orElse("");
        if (!namespaces.containsKey(base)) {
            return ApiResponse.error(404, "namespace not found");
        }
        ApiRequest scoped = resolveNamespace(req, base);
        String p = scoped.path();
        Optional<String> loginMount = logins.loginMount(p);
        if (loginMount.isPresent()) {
            return logins.login(loginMount.get(), scoped);
        }
        Optional<TokenStore.Token> token = tokens.live(req.token());
        if (token.isEmpty()) {
            return ApiResponse.permissionDenied();
        }
        switch (p) {
            case "auth/token/lookup-self":
                return scoped.isRead() || scoped.isWrite() ? tokens.lookupSelf(token.get()) : ApiResponse.unsupported();
            case "auth/token/renew-self":
                return scoped.isWrite() ? tokens.renewSelf(token.get(), scoped.json()) : ApiResponse.unsupported();
            case "auth/token/revoke-self":
                return scoped.isWrite() ? tokens.revokeSelf(token.get()) : ApiResponse.unsupported();
            default:
                break;
        }
        if (p.startsWith("sys/")) {
            return sys(scoped, p.substring("sys/".length()));
        }
        VaultNamespace ns = scoped.namespace();
        Optional<LeaseSpec> dynamic = ns.dynamicSecret(p);
        if (dynamic.isPresent()) {
            return scoped.isRead() || scoped.isWrite() ? leases.mint(p, dynamic.get()) : ApiResponse.unsupported();
        }
        int slash = p.indexOf('/');
        String mount = slash < 0 ? p : p.substring(0, slash);
        Optional<KvEngine> engine = ns.mount(mount);
        if (engine.isPresent()) {
            String rest = slash < 0 ? "" : p.substring(slash + 1);
            if (scoped.isList() && !rest.isEmpty() && !rest.endsWith("/")) {
                rest = rest + "/";
            }
            return engine.get().handle(scoped, rest);
        }
        return ApiResponse.noRoute(p);
    }

    /** Descends from the header's namespace into child namespaces named by the leading path segments. */
    private ApiRequest resolveNamespace(ApiRequest req, String base) {
        String ns = base;
        String rest = req.path();
        while (true) {
            int slash = rest.indexOf('/');
            if (slash <= 0) {
                break;
            }
            String child = (ns.isEmpty() ? "" : ns + "/") + rest.substring(0, slash);
            if (!namespaces.containsKey(child)) {
                break;
            }
            ns = child;
            rest = rest.substring(slash + 1);
        }
        return req.in(namespaces.get(ns), rest);
    }

    private ApiResponse sys(ApiRequest req, String p) {
        if (p.equals("mounts")) {
            return req.isRead() ? ApiResponse.ok(WireJson.envelope(mounts(req.namespace()), "system"))
                    : ApiResponse.unsupported();
        }
        if (p.startsWith("internal/ui/mounts/")) {
            return uiMount(req.namespace(), p.substring("internal/ui/mounts/".length()));
        }
        String op = p.startsWith("leases/") ? p.substring("leases/".length()) : p;
        ObjectNode body = req.isWrite() ? req.json() : WireJson.object();
        if (op.equals("renew") || op.startsWith("renew/")) {
            if (!req.isWrite()) {
                return ApiResponse.unsupported();
            }
            String id = op.equals("renew") ? text(body.get("lease_id")) : op.substring("renew/".length());
            return leases.renew(id, WireJson.duration(body.get("increment"), "increment"));
        }
        if (op.equals("revoke") || op.startsWith("revoke/")) {
            if (!req.isWrite()) {
                return ApiResponse.unsupported();
            }
            return leases.revoke(op.equals("revoke") ? text(body.get("lease_id")) : op.substring("revoke/".length()));
        }
        if (op.equals("lookup") && req.isWrite()) {
            return leases.lookup(text(body.get("lease_id")));
        }
        return ApiResponse.noRoute("sys/" + p);
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? "" : node.asString();
    }

    /** {@code sys/mounts}: every mount with {@code options.version} as a STRING for KV, {@code options} null otherwise. */
    private static ObjectNode mounts(VaultNamespace ns) {
        ObjectNode data = WireJson.object();
        ns.kvMounts().forEach((name, version) -> data.set(name + "/", mountEntry("kv", String.valueOf(version))));
        ns.dynamicMounts().keySet().forEach(name -> data.set(name + "/", mountEntry("database", null)));
        data.set("cubbyhole/", mountEntry("cubbyhole", null));
        data.set("identity/", mountEntry("identity", null));
        data.set("sys/", mountEntry("system", null));
        return data;
    }

    private static ObjectNode mountEntry(String type, String kvVersion) {
        ObjectNode m = WireJson.object();
        m.put("accessor", type + "_" + Integer.toHexString(type.hashCode()));
        ObjectNode config = m.putObject("config");
        config.put("default_lease_ttl", 0);
        config.put("force_no_cache", false);
        config.put("max_lease_ttl", 0);
        m.put("description", "");
        m.put("external_entropy_access", false);
        m.put("local", false);
        if (kvVersion == null) {
            m.putNull("options");
        } else {
            m.putObject("options").put("version", kvVersion);
        }
        m.put("plugin_version", "");
        m.put("seal_wrap", false);
        m.put("type", type);
        return m;
    }

    /** {@code sys/internal/ui/mounts/<path>}: the mount that serves a path, as the Vault CLI asks to pick KV v1 or v2. */
    private static ApiResponse uiMount(VaultNamespace ns, String path) {
        int slash = path.indexOf('/');
        String mount = slash < 0 ? path : path.substring(0, slash);
        Optional<KvEngine> engine = ns.mount(mount);
        if (engine.isEmpty()) {
            return ApiResponse.noRoute("sys/internal/ui/mounts/" + path);
        }
        ObjectNode data = mountEntry("kv", String.valueOf(engine.get().version()));
        data.put("path", mount + "/");
        return ApiResponse.ok(WireJson.envelope(data, "system"));
    }
}
