package dev.secrets4j.testing.aws;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The single {@code POST /} endpoint: records and counts the call, applies faults, checks SigV4 and the content
 * type, dispatches on {@code X-Amz-Target} and writes the awsJson1_1 answer. Logs operations and statuses only.
 */
final class AwsRouter implements HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger(AwsRouter.class);
    private static final String TARGET_PREFIX = "secretsmanager.";

    private final Operations operations;
    private final SigV4 sigV4;
    private final AwsFaults faults;
    private final CallLog log;
    private final Clock clock;

    AwsRouter(Operations operations, SigV4 sigV4, AwsFaults faults, CallLog log, Clock clock) {
        this.operations = operations;
        this.sigV4 = sigV4;
        this.faults = faults;
        this.log = log;
        this.clock = clock;
    }

    @Override
    public void handle(HttpExchange exchange) {
        CallLog.Entry entry = null;
        try {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            Map<String, List<String>> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((k, v) ->
                    headers.computeIfAbsent(k.toLowerCase(Locale.ROOT), x -> new ArrayList<>()).addAll(v));
            List<String> target = headers.getOrDefault("x-amz-target", List.of());
            String operation = target.isEmpty() ? "" : target.get(0).startsWith(TARGET_PREFIX)
                    ? target.get(0).substring(TARGET_PREFIX.length()) : target.get(0);
            ObjectNode request = null;
            try {
                request = Wire.parse(body);
            } catch (AwsError e) {
                // answered below, after faults and the signature check
            }
            entry = log.add(operation, request == null ? List.of() : secretIds(request), clock.instant());
            AwsFault fault = faults.select(operation);
            if (fault != null && fault.kind() == AwsFault.Kind.DROP_ANSWER) {
                Answer served = answer(exchange, operation, target, headers, body, request);
                LOG.debug("aws emulator: {} -> {}, answer dropped", operation, served.status);
                exchange.close();
                return;
            }
            if (fault != null) {
                answerFault(exchange, entry, fault);
                return;
            }
            send(exchange, entry, answer(exchange, operation, target, headers, body, request));
        } catch (IOException e) {
            LOG.debug("aws emulator: client went away: {}", e.toString());
            exchange.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.close();
        } catch (RuntimeException e) {
            LOG.warn("aws emulator: internal error answering a call: {}", e.getClass().getName(), e);
            try {
                send(exchange, entry, new Answer(500, Wire.error("InternalServiceError", "Emulator error.")));
            } catch (IOException io) {
                exchange.close();
            }
        }
    }

    private Answer answer(HttpExchange exchange, String operation, List<String> target,
                          Map<String, List<String>> headers, byte[] body, ObjectNode request) {
        try {
            if (!exchange.getRequestMethod().equals("POST") || !exchange.getRequestURI().getRawPath().equals("/")) {
                return new Answer(404, Wire.error("UnknownOperationException", "Only POST / is served."));
            }
            sigV4.check("POST", "/", exchange.getRequestURI().getRawQuery(), headers, body);
            String contentType = headers.getOrDefault("content-type", List.of("")).get(0);
            if (!contentType.startsWith(Wire.CONTENT_TYPE)) {
                throw new AwsError("UnknownOperationException", "Content-Type must be " + Wire.CONTENT_TYPE + ".");
            }
            if (target.isEmpty() || !target.get(0).startsWith(TARGET_PREFIX) || !Operations.known(operation)) {
                throw new AwsError("UnknownOperationException", "Unknown operation in X-Amz-Target.");
            }
            if (request == null) {
                Wire.parse(body); // throws the SerializationException
            }
            JsonNode out = operations.call(operation, request);
            return new Answer(200, Wire.bytes(out));
        } catch (AwsError e) {
            return new Answer(e.status(), Wire.error(e.type(), e.getMessage()));
        }
    }

    private void answerFault(HttpExchange exchange, CallLog.Entry entry, AwsFault fault)
            throws IOException, InterruptedException {
        switch (fault.kind()) {
            case RESET -> exchange.close();
            case HANG -> {
                faults.hang();
                exchange.close();
            }
            case BAD_JSON -> send(exchange, entry, new Answer(200,
                    "{\"ARN\": \"arn:aws:secretsmanager:".getBytes(StandardCharsets.UTF_8)));
            default -> send(exchange, entry, new Answer(fault.statusCode(),
                    Wire.error(fault.errorType(), fault.message())));
        }
    }

    private static List<String> secretIds(JsonNode request) {
        List<String> ids = new ArrayList<>();
        for (String field : List.of("SecretId", "Name")) {
            JsonNode n = request.get(field);
            if (n != null && n.isString()) {
                ids.add(n.stringValue());
            }
        }
        JsonNode list = request.get("SecretIdList");
        if (list != null && list.isArray()) {
            list.forEach(n -> ids.add(n.asString()));
        }
        return ids;
    }

    private static void send(HttpExchange exchange, CallLog.Entry entry, Answer answer) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", Wire.CONTENT_TYPE);
        exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
        if (entry != null) {
            entry.status = answer.status; // recorded before the answer leaves, so a test never reads -1 in a race
            LOG.debug("aws emulator: {} -> {}", entry.operation, answer.status);
        }
        exchange.sendResponseHeaders(answer.status, answer.body.length);
        try (OutputStream os = exchange.getResponseBody()) {
            os.write(answer.body);
        }
    }

    /** A status and a body. */
    private record Answer(int status, byte[] body) {
    }
}
