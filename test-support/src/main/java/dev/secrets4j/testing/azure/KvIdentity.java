package dev.secrets4j.testing.azure;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Microsoft Entra ID token endpoint, {@code POST /{tenant}/oauth2/v2.0/token}, as MSAL4J calls it for a
 * client-secret credential: client credentials grant for the Key Vault scope, answered with a bearer token the vault
 * accepts, or with the AAD error shape ({@code error}, {@code error_description} starting with the AADSTS code,
 * {@code error_codes}, {@code timestamp}, {@code trace_id}, {@code correlation_id}, {@code error_uri}).
 * Counts {@code "token"} for each token issued (by the supplier) and {@code "tokenRefused"} for each refusal.
 * No client secret or token is logged or written into an error.
 */
final class KvIdentity implements HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger(KvIdentity.class);
    private static final Pattern TOKEN_PATH = Pattern.compile("/([^/]+)/oauth2/v2\\.0/token/?");
    private static final String VAULT_RESOURCE = "https://vault.azure.net";
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);

    private final String tenant;
    private final Clock clock;
    private final Supplier<String> newToken;
    private final Consumer<String> count;
    private final Map<String, byte[]> clients = new ConcurrentHashMap<>();

    KvIdentity(String tenant, Clock clock, Supplier<String> newToken, Consumer<String> count) {
        this.tenant = tenant;
        this.clock = clock;
        this.newToken = newToken;
        this.count = count;
    }

    /** Whether a raw request path is a token endpoint (of any tenant), which this class answers. */
    static boolean isTokenPath(String rawPath) {
        return TOKEN_PATH.matcher(rawPath).matches();
    }

    /** Registers (or re-registers with a new secret) a service principal of the emulator's tenant. */
    void register(String clientId, String clientSecret) {
        clients.put(clientId, clientSecret.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String correlation = Optional.ofNullable(exchange.getRequestHeaders().getFirst("client-request-id"))
                    .orElseGet(() -> UUID.randomUUID().toString());
            if ("true".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("return-client-request-id"))) {
                exchange.getResponseHeaders().add("client-request-id", correlation);
            }
            Refusal refusal = check(exchange, body);
            if (refusal != null) {
                count.accept("tokenRefused");
                LOG.debug("Key Vault emulator refused a token request: AADSTS{} ({})", refusal.code, refusal.error);
                send(exchange, refusal.status, refusal.body(clock, correlation));
                return;
            }
            ObjectNode token = KvRouter.MAPPER.createObjectNode();
            token.put("token_type", "Bearer");
            token.put("expires_in", 3599);
            token.put("ext_expires_in", 3599);
            token.put("access_token", newToken.get());
            send(exchange, 200, KvRouter.MAPPER.writeValueAsBytes(token));
        }
    }

    /** The reason to refuse this request, in the order AAD checks, or null to issue a token. */
    private Refusal check(HttpExchange exchange, byte[] body) {
        String method = exchange.getRequestMethod();
        if (!"POST".equals(method)) {
            return new Refusal(400, "invalid_request", 900561,
                    "The endpoint only accepts POST, OPTIONS requests. Received a " + method + " request.");
        }
        Matcher path = TOKEN_PATH.matcher(exchange.getRequestURI().getRawPath());
        String requested = path.matches() ? path.group(1) : "";
        if (!requested.equalsIgnoreCase(tenant)) {
            return new Refusal(400, "invalid_tenant", 90002, "Tenant '" + requested + "' not found. Check to make sure"
                    + " you have the correct tenant ID and are signing into the correct cloud. Check with your subscription"
                    + " administrator, this may happen if there are no active subscriptions for the tenant.");
        }
        Map<String, String> form;
        try {
            form = form(new String(body, StandardCharsets.UTF_8));
            basicAuth(exchange.getRequestHeaders().getFirst("Authorization"), form);
        } catch (IllegalArgumentException e) {
            return new Refusal(400, "invalid_request", 9002313, "Invalid request. Request is malformed or invalid.");
        }
        String grant = form.getOrDefault("grant_type", "");
        if (!"client_credentials".equals(grant)) {
            return new Refusal(400, "unsupported_grant_type", 70003,
                    "The app requested an unsupported grant type '" + grant + "'.");
        }
        String clientId = form.get("client_id");
        if (clientId == null || clientId.isEmpty()) {
            return new Refusal(400, "invalid_request", 900144,
                    "The request body must contain the following parameter: 'client_id'.");
        }
        byte[] expected = clients.get(clientId);
        if (expected == null) {
            return new Refusal(400, "unauthorized_client", 700016, "Application with identifier '" + clientId
                    + "' was not found in the directory '" + tenant + "'. This can happen if the application has not been"
                    + " installed by the administrator of the tenant or consented to by any user in the tenant. You may"
                    + " have sent your authentication request to the wrong tenant.");
        }
        String secret = form.get("client_secret");
        if (secret == null || secret.isEmpty()) {
            return new Refusal(401, "invalid_client", 7000218,
                    "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.");
        }
        if (!MessageDigest.isEqual(expected, secret.getBytes(StandardCharsets.UTF_8))) {
            return new Refusal(401, "invalid_client", 7000215, "Invalid client secret provided. Ensure the secret being"
                    + " sent in the request is the client secret value, not the client secret ID, for a secret added to app '"
                    + clientId + "'.");
        }
        return checkScope(form.getOrDefault("scope", ""));
    }

    private static Refusal checkScope(String scopes) {
        // MSAL adds openid, profile and offline_access to every request; AAD ignores them for this grant.
        List<String> resources = Arrays.stream(scopes.split(" "))
                .filter(s -> !s.isEmpty() && !List.of("openid", "profile", "offline_access").contains(s))
                .toList();
        for (String scope : resources) {
            if (!scope.endsWith("/.default")) {
                return new Refusal(400, "invalid_scope", 1002012, "The provided value for scope " + scope + " is not"
                        + " valid. Client credential flows must have a scope value with /.default suffixed to the resource"
                        + " identifier (application ID URI).");
            }
        }
        if (resources.size() != 1 || !resources.get(0).equals(VAULT_RESOURCE + "/.default")) {
            String resource = resources.isEmpty() ? "" : resources.get(0).replaceFirst("/\\.default$", "");
            return new Refusal(400, "invalid_resource", 500011, "The resource principal named " + resource
                    + " was not found in the tenant. This emulator issues tokens for " + VAULT_RESOURCE + " only.");
        }
        return null;
    }

    /** client_secret_basic: RFC 6749 section 2.3.1, form-encoded id and secret in a Basic header. */
    private static void basicAuth(String header, Map<String, String> form) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return;
        }
        String pair;
        try {
            pair = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return;
        }
        int colon = pair.indexOf(':');
        if (colon > 0) {
            form.putIfAbsent("client_id", decode(pair.substring(0, colon)));
            form.putIfAbsent("client_secret", decode(pair.substring(colon + 1)));
        }
    }

    private static Map<String, String> form(String raw) {
        Map<String, String> map = new HashMap<>();
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            map.put(decode(eq < 0 ? pair : pair.substring(0, eq)), eq < 0 ? "" : decode(pair.substring(eq + 1)));
        }
        return map;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        var headers = exchange.getResponseHeaders();
        headers.add("Content-Type", "application/json; charset=utf-8");
        headers.add("Cache-Control", "no-store, no-cache");
        headers.add("Pragma", "no-cache");
        headers.add("x-ms-request-id", UUID.randomUUID().toString());
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }

    /** An AAD error answer; the description never holds a secret, only ids the caller sent. */
    private record Refusal(int status, String error, int code, String description) {

        byte[] body(Clock clock, String correlation) {
            String trace = UUID.randomUUID().toString();
            String timestamp = TIMESTAMP.format(clock.instant());
            ObjectNode node = KvRouter.MAPPER.createObjectNode();
            node.put("error", error);
            node.put("error_description", "AADSTS" + code + ": " + description + "\r\nTrace ID: " + trace
                    + "\r\nCorrelation ID: " + correlation + "\r\nTimestamp: " + timestamp);
            node.putArray("error_codes").add(code);
            node.put("timestamp", timestamp);
            node.put("trace_id", trace);
            node.put("correlation_id", correlation);
            node.put("error_uri", "https://login.microsoftonline.com/error?code=" + code);
            return KvRouter.MAPPER.writeValueAsBytes(node);
        }
    }
}
