package dev.secrets4j.testing.vault;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The HTTP side of the emulator: reads each exchange, records it (token replaced by its label), applies the
 * injected faults, asks {@link Routes} for the answer and writes it with the exact {@code Content-Type}
 * {@code application/json}. Never logs a token or a body.
 */
final class VaultRouter implements HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger(VaultRouter.class);

    private final Routes routes;
    private final TokenStore tokens;
    private final VaultFaults faults;
    private final RequestLog log;
    private final boolean requireRequestHeader;
    private final VaultNamespace root;

    VaultRouter(Routes routes, TokenStore tokens, VaultFaults faults, RequestLog log, boolean requireRequestHeader,
                VaultNamespace root) {
        this.routes = routes;
        this.tokens = tokens;
        this.faults = faults;
        this.log = log;
        this.requireRequestHeader = requireRequestHeader;
        this.root = root;
    }

    @Override
    public void handle(HttpExchange exchange) {
        RequestLog.Entry entry = null;
        try {
            String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
            URI uri = exchange.getRequestURI();
            String fullPath = uri.getPath() == null ? "" : uri.getPath();
            Map<String, String> query = query(uri.getRawQuery());
            String operation = method.equals("GET") && "true".equals(query.get("list")) ? "LIST" : method;
            byte[] body = exchange.getRequestBody().readAllBytes();
            Headers headers = exchange.getRequestHeaders();
            Optional<String> token = first(headers, "X-Vault-Token");
            Optional<String> namespace = first(headers, "X-Vault-Namespace");
            String path = fullPath.startsWith("/v1/") ? fullPath.substring(4) : fullPath;
            String recorded = path + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
            entry = log.add(method, operation, recorded, recordedHeaders(headers), namespace);

            if (!fullPath.startsWith("/v1/")) {
                send(exchange, entry, ApiResponse.notFound(), method);
                return;
            }
            if (requireRequestHeader && first(headers, "X-Vault-Request").isEmpty()) {
                send(exchange, entry, ApiResponse.error(412, "missing \"X-Vault-Request\" header"), method);
                return;
            }
            ApiRequest request = new ApiRequest(operation, path, query, body, token,
                    first(headers, "Content-Type"), root);
            Fault fault = faults.select(method, operation, path);
            if (fault != null) {
                inject(exchange, entry, fault, request, namespace, method);
                return;
            }
            send(exchange, entry, routes.dispatch(request, namespace), method);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.close();
        } catch (IOException e) {
            LOG.debug("vault emulator: client went away: {}", e.toString());
            exchange.close();
        } catch (RuntimeException e) {
            LOG.warn("vault emulator: internal error answering a request: {}", e.toString(), e);
            try {
                send(exchange, entry, ApiResponse.error(500, "internal error"), "POST");
            } catch (IOException ignored) {
                exchange.close();
            }
        }
    }

    private void inject(HttpExchange exchange, RequestLog.Entry entry, Fault fault, ApiRequest request,
                        Optional<String> namespace, String method) throws IOException, InterruptedException {
        LOG.debug("vault emulator: injecting {} into {} {}", fault, method, request.path());
        switch (fault.kind()) {
            case RESET -> exchange.close();
            case HANG -> {
                faults.hang();
                exchange.close();
            }
            case STATUS, GARBAGE -> send(exchange, entry, new ApiResponse(fault.statusCode(), fault.contentType(),
                    fault.body().getBytes(StandardCharsets.UTF_8)), method);
            case TRUNCATED_JSON -> {
                ApiResponse real = routes.dispatch(request, namespace);
                byte[] full = real.body() == null || real.body().length < 4
                        ? "{\"data\":{\"value\":\"abc\"}}".getBytes(StandardCharsets.UTF_8) : real.body();
                send(exchange, entry, new ApiResponse(200, ApiResponse.JSON, Arrays.copyOf(full, full.length / 2)),
                        method);
            }
            case OVERSIZED -> send(exchange, entry, new ApiResponse(200, ApiResponse.JSON, oversized(fault.size())),
                    method);
            default -> throw new IllegalStateException("unexpected fault " + fault);
        }
    }

    /** A valid envelope whose {@code data.padding} makes it at least {@code size} bytes. */
    private static byte[] oversized(int size) {
        var body = WireJson.envelope(WireJson.object().put("padding", "x".repeat(size)), "kv");
        return WireJson.bytes(body);
    }

    private void send(HttpExchange exchange, RequestLog.Entry entry, ApiResponse response, String method)
            throws IOException {
        if (entry != null) {
            // Recorded before the answer leaves: a client that has its answer must find the status set.
            entry.answered(response.status());
        }
        try (exchange) {
            Headers out = exchange.getResponseHeaders();
            if (!response.contentType().isEmpty()) {
                out.set("Content-Type", response.contentType());
            }
            out.set("Cache-Control", "no-store");
            byte[] body = response.body();
            if (body == null || method.equals("HEAD") || response.status() == 204) {
                exchange.sendResponseHeaders(response.status(), -1);
            } else {
                exchange.sendResponseHeaders(response.status(), body.length);
                try (OutputStream os = exchange.getResponseBody()) {
                    os.write(body);
                }
            }
        }
    }

    private Map<String, String> recordedHeaders(Headers headers) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> h : headers.entrySet()) {
            String name = h.getKey().toLowerCase(Locale.ROOT);
            if (name.equals("x-vault-token")) {
                out.put(name, tokens.label(h.getValue().isEmpty() ? "" : h.getValue().get(0)));
            } else if (name.equals("authorization") || name.equals("cookie")) {
                out.put(name, "(hidden)");
            } else {
                out.put(name, String.join(",", h.getValue()));
            }
        }
        return out;
    }

    private static Optional<String> first(Headers headers, String name) {
        return Optional.ofNullable(headers.getFirst(name)).filter(v -> !v.isEmpty());
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.putIfAbsent(k, v);
        }
        return out;
    }
}
