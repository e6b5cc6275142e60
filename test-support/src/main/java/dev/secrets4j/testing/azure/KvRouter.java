package dev.secrets4j.testing.azure;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.secrets4j.testing.azure.KvStore.KvException;
import dev.secrets4j.testing.azure.KvStore.Version;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** Routes Key Vault REST requests: bearer challenge, token check, quota, api-version check, faults, operations. */
final class KvRouter implements HttpHandler {

    static final JsonMapper MAPPER = JsonMapper.builder().build();

    private final KvStore store;
    private final KvFaults faults;
    private final Consumer<String> count;
    private final Set<String> tokens;
    private final Supplier<String> base;
    private final String tenant;
    private final Optional<KvQuota> quota;

    KvRouter(KvStore store, KvFaults faults, Consumer<String> count, Set<String> tokens, Supplier<String> base,
             String tenant, Optional<KvQuota> quota) {
        this.store = store;
        this.faults = faults;
        this.count = count;
        this.tokens = tokens;
        this.base = base;
        this.tenant = tenant;
        this.quota = quota;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getRawPath();
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            if (auth == null) {
                count.accept("challenge401");
                exchange.getResponseHeaders().add("WWW-Authenticate", challenge());
                send(exchange, 401, error("Unauthorized", null, "AKV10000: Request is missing a Bearer or PoP token."));
                return;
            }
            if (!auth.startsWith("Bearer ") || !tokens.contains(auth.substring(7))) {
                count.accept("badToken401");
                exchange.getResponseHeaders().add("WWW-Authenticate", challenge());
                send(exchange, 401, error("Unauthorized", null, "AKV10022: Invalid audience or token not issued by this emulator."));
                return;
            }
            Optional<Duration> wait = quota.flatMap(KvQuota::acquire);
            if (wait.isPresent()) {
                count.accept("throttled429");
                throttled(exchange, wait.get());
                return;
            }
            if (!query.containsKey("api-version")) {
                send(exchange, 400, error("BadParameter", null, "The request is missing the api-version query parameter."));
                return;
            }
            String[] seg = path.split("/", -1);
            String op = operation(method, seg);
            count.accept(op);
            Optional<KvFault> fault = faults.next(op);
            boolean truncate = fault.isPresent() && fault.get().kind() == KvFault.Kind.BAD_JSON;
            if (fault.isPresent() && !truncate && inject(exchange, fault.get())) {
                return;
            }
            try {
                Answer answer = dispatch(op, seg, query, body);
                // A truncated answer keeps its first two thirds: the value, which comes first, is usually whole in it.
                send(exchange, truncate ? 200 : answer.status, truncate
                        ? java.util.Arrays.copyOf(answer.body, Math.max(1, answer.body.length * 2 / 3)) : answer.body);
            } catch (KvException e) {
                send(exchange, e.status, error(e.code, e.inner, e.getMessage()));
            } catch (RuntimeException e) {
                send(exchange, 400, error("BadParameter", null, "Could not read the request: " + e.getClass().getSimpleName()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private record Answer(int status, byte[] body) {
    }

    /** The challenge names the emulator itself as authority, so a credential that follows its tenant stays local. */
    private String challenge() {
        return "Bearer authorization=\"" + base.get() + "/" + tenant + "\", resource=\"https://vault.azure.net\"";
    }

    static String operation(String method, String[] seg) {
        // seg[0] is "" (path starts with /)
        int n = seg.length;
        boolean trailing = n > 1 && seg[n - 1].isEmpty();
        int parts = trailing ? n - 2 : n - 1;
        if (parts >= 1 && "secrets".equals(seg[1])) {
            if (parts == 1) {
                return "GET".equals(method) ? "LIST secrets" : method + " unknown";
            }
            if (parts == 3 && "versions".equals(seg[3]) && "GET".equals(method)) {
                return "GET versions";
            }
            return switch (method) {
                case "GET" -> "GET secret";
                case "PUT" -> "PUT secret";
                case "PATCH" -> "PATCH secret";
                case "DELETE" -> "DELETE secret";
                default -> method + " unknown";
            };
        }
        if (parts >= 1 && "deletedsecrets".equals(seg[1])) {
            if (parts == 1) {
                return "LIST deleted";
            }
            if (parts == 3 && "recover".equals(seg[3])) {
                return "RECOVER secret";
            }
            return "DELETE".equals(method) ? "PURGE secret" : "GET deleted";
        }
        return method + " unknown";
    }

    private Answer dispatch(String op, String[] seg, Map<String, String> query, byte[] body) {
        String name = seg.length > 2 ? decode(seg[2]) : "";
        String version = seg.length > 3 ? decode(seg[3]) : "";
        switch (op) {
            case "GET secret" -> {
                Version v = store.get(name, version);
                if (!v.enabled) {
                    throw new KvException(403, "Forbidden", "SecretDisabled", "Operation get is not allowed on a disabled secret.");
                }
                return ok(bundle(v, true));
            }
            case "PUT secret" -> {
                JsonNode req = MAPPER.readTree(body);
                JsonNode value = req.get("value");
                if (value == null || !value.isString()) {
                    throw new KvException(400, "BadParameter", null, "Property value is required.");
                }
                SecretAttributes attrs = SecretAttributes.defaults();
                JsonNode a = req.path("attributes");
                if (a.has("enabled")) {
                    attrs = attrs.enabled(a.get("enabled").asBoolean());
                }
                if (a.has("nbf") && !a.get("nbf").isNull()) {
                    attrs = attrs.notBefore(java.time.Instant.ofEpochSecond(a.get("nbf").asLong()));
                }
                if (a.has("exp") && !a.get("exp").isNull()) {
                    attrs = attrs.expires(java.time.Instant.ofEpochSecond(a.get("exp").asLong()));
                }
                if (req.hasNonNull("contentType")) {
                    attrs = attrs.contentType(req.get("contentType").asString());
                }
                if (req.has("tags") && req.get("tags").isObject()) {
                    attrs = attrs.tags(tags(req.get("tags")));
                }
                return ok(bundle(store.set(name, value.asString(), attrs), true));
            }
            case "PATCH secret" -> {
                JsonNode req = MAPPER.readTree(body);
                JsonNode a = req.path("attributes");
                Version v = store.update(name, version,
                        a.has("enabled") ? a.get("enabled").asBoolean() : null,
                        a.hasNonNull("nbf") ? a.get("nbf").asLong() : null,
                        a.hasNonNull("exp") ? a.get("exp").asLong() : null,
                        req.hasNonNull("contentType") ? req.get("contentType").asString() : null,
                        req.has("tags") && req.get("tags").isObject() ? tags(req.get("tags")) : null);
                return ok(bundle(v, false));
            }
            case "GET versions" -> {
                return ok(page(store.versions(name), true, query, "/secrets/" + name + "/versions"));
            }
            case "LIST secrets" -> {
                return ok(page(store.latestOfEach(), false, query, "/secrets"));
            }
            case "DELETE secret" -> {
                return ok(deletedBundle(store.delete(name)));
            }
            case "GET deleted" -> {
                return ok(deletedBundle(store.deleted(name)));
            }
            case "PURGE secret" -> {
                store.purge(name);
                return new Answer(204, new byte[0]);
            }
            case "RECOVER secret" -> {
                return ok(bundle(store.recover(name).latest, false));
            }
            default -> throw new KvException(400, "BadParameter", null, "Unsupported operation: " + op);
        }
    }

    private static Map<String, String> tags(JsonNode node) {
        Map<String, String> tags = new LinkedHashMap<>();
        node.properties().forEach(e -> tags.put(e.getKey(), e.getValue().asString()));
        return tags;
    }

    private ObjectNode bundle(Version v, boolean withValue) {
        ObjectNode node = MAPPER.createObjectNode();
        if (withValue) {
            node.put("value", v.value); // first, as Key Vault writes it
        }
        node.setAll(item(v, true));
        return node;
    }

    private ObjectNode item(Version v, boolean withVersion) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("id", base.get() + "/secrets/" + v.name + (withVersion ? "/" + v.id : ""));
        if (v.contentType != null) {
            node.put("contentType", v.contentType);
        }
        if (!v.tags.isEmpty()) {
            ObjectNode tags = node.putObject("tags");
            v.tags.forEach(tags::put);
        }
        ObjectNode a = node.putObject("attributes");
        a.put("enabled", v.enabled);
        if (v.nbf != null) {
            a.put("nbf", v.nbf);
        }
        if (v.exp != null) {
            a.put("exp", v.exp);
        }
        a.put("created", v.created);
        a.put("updated", v.updated);
        a.put("recoveryLevel", "Recoverable+Purgeable");
        a.put("recoverableDays", 90);
        return node;
    }

    private ObjectNode deletedBundle(KvStore.Entry entry) {
        ObjectNode node = bundle(entry.latest, false);
        node.put("recoveryId", base.get() + "/deletedsecrets/" + entry.name);
        node.put("deletedDate", entry.deletedAt);
        node.put("scheduledPurgeDate", store.purgeDate(entry));
        return node;
    }

    private ObjectNode page(List<Version> all, boolean withVersion, Map<String, String> query, String path) {
        int max = 25;
        if (query.containsKey("maxresults")) {
            max = Integer.parseInt(query.get("maxresults"));
            if (max < 1 || max > 25) {
                throw new KvException(400, "BadParameter", null, "maxresults must be 1 to 25, was " + max);
            }
        }
        int skip = query.containsKey("$skiptoken") ? Integer.parseInt(query.get("$skiptoken")) : 0;
        ObjectNode node = MAPPER.createObjectNode();
        ArrayNode values = node.putArray("value");
        for (int i = skip; i < Math.min(all.size(), skip + max); i++) {
            values.add(item(all.get(i), withVersion));
        }
        if (skip + max < all.size()) {
            node.put("nextLink", base.get() + path + "?api-version=" + query.get("api-version")
                    + "&$skiptoken=" + (skip + max) + "&maxresults=" + max);
        } else {
            node.putNull("nextLink");
        }
        return node;
    }

    private boolean inject(HttpExchange exchange, KvFault fault) throws IOException, InterruptedException {
        switch (fault.kind()) {
            case LATENCY -> {
                Thread.sleep(fault.delay().toMillis());
                return false;
            }
            case THROTTLE -> throttled(exchange, fault.delay());
            case STATUS -> send(exchange, fault.status(), error(fault.status() >= 500 ? "InternalServerError" : "BadRequest",
                    null, "Injected fault: status " + fault.status()));
            case RESET -> exchange.close();
            case HANG -> {
                faults.hang();
                exchange.close();
            }
            case HTML -> {
                byte[] html = "<html><head><title>502 Bad Gateway</title></head><body>Bad Gateway</body></html>"
                        .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "text/html");
                exchange.sendResponseHeaders(502, html.length);
                exchange.getResponseBody().write(html);
            }
            default -> throw new IllegalStateException("unknown fault " + fault);
        }
        return true;
    }

    /** Key Vault's 429 with {@code Retry-After} in whole seconds, rounded up. */
    private static void throttled(HttpExchange exchange, Duration retryAfter) throws IOException {
        long seconds = (retryAfter.toMillis() + 999) / 1000;
        exchange.getResponseHeaders().add("Retry-After", Long.toString(seconds));
        send(exchange, 429, error("Throttled", null, "Request was not processed because too many requests were"
                + " received. Reason: VaultRequestTypeLimitReached"));
    }

    private static byte[] error(String code, String inner, String message) {
        ObjectNode root = MAPPER.createObjectNode();
        ObjectNode error = root.putObject("error");
        error.put("code", code);
        error.put("message", message);
        if (inner != null) {
            error.putObject("innererror").put("code", inner);
        }
        return MAPPER.writeValueAsBytes(root);
    }

    private static Answer ok(ObjectNode node) {
        return new Answer(200, MAPPER.writeValueAsBytes(node));
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        var headers = exchange.getResponseHeaders();
        if (!headers.containsKey("Content-Type")) {
            headers.add("Content-Type", "application/json; charset=utf-8");
        }
        headers.add("x-ms-request-id", UUID.randomUUID().toString());
        headers.add("x-ms-keyvault-service-version", "1.9.0.0");
        headers.add("Cache-Control", "no-cache");
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            exchange.getResponseBody().write(body);
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> map = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return map;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            map.put(decode(eq < 0 ? pair : pair.substring(0, eq)), eq < 0 ? "" : decode(pair.substring(eq + 1)));
        }
        return map;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
