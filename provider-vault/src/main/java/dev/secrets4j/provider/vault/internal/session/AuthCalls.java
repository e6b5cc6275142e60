package dev.secrets4j.provider.vault.internal.session;

import io.github.jopenlibs.vault.Vault;
import io.github.jopenlibs.vault.VaultException;
import io.github.jopenlibs.vault.api.Auth;
import io.github.jopenlibs.vault.response.AuthResponse;
import io.github.jopenlibs.vault.response.LookupResponse;
import io.github.jopenlibs.vault.response.VaultResponse;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The session's calls to Vault's auth API through the driver: login (AppRole, Kubernetes, JWT),
 * {@code lookup-self}, {@code renew-self}, {@code revoke-self}. Reads file credentials at each
 * login. Every failure becomes a {@link CallFailure} whose reason names no credential; the
 * driver's exceptions are dropped because their messages quote Vault's response body.
 */
final class AuthCalls {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String VAULT_TOKEN = "VAULT_TOKEN";
    private static final int MAX_REASON = 200;

    private final Environment environment;
    private final Vault anonymous;

    AuthCalls(VaultTransport transport, Environment environment) {
        this.environment = environment;
        this.anonymous = Drivers.create(transport, Optional.empty(), 2);
    }

    /** Logs in with a login method (not a fixed token) and returns the token Vault issued. */
    TokenGrant login(AuthSpec spec, Instant now) {
        List<String> secrets = new ArrayList<>();
        try {
            Auth auth = anonymous.auth();
            AuthResponse response;
            if (spec instanceof AuthSpec.AppRole appRole) {
                String roleId = read(appRole.roleId(), "role id", secrets);
                String secretId = read(appRole.secretId(), "secret id", secrets);
                response = auth.loginByAppRole(appRole.mount(), roleId, secretId);
            } else if (spec instanceof AuthSpec.Jwt jwt) {
                String token = read(jwt.jwt(), "JWT", secrets);
                response = auth.loginByJwt(jwt.method(), jwt.role(), token, "auth/" + jwt.mount());
            } else {
                throw new IllegalArgumentException("a fixed token does not log in: " + spec);
            }
            JsonNode body = body(response, "login", secrets);
            JsonNode authBlock = body.path("auth");
            String token = authBlock.path("client_token").asString("");
            if (token.isEmpty()) {
                throw CallFailure.badResponse(200, "Vault's login answer has no auth.client_token");
            }
            Duration ttl = Duration.ofSeconds(Math.max(0, authBlock.path("lease_duration").asLong(0)));
            return TokenGrant.of(token, now, ttl, authBlock.path("renewable").asBoolean(false), ttl, false);
        } catch (VaultException e) {
            throw translate(e, secrets);
        }
    }

    /** The token a fixed-token spec names: its value, its file, or {@code VAULT_TOKEN} / {@code ~/.vault-token}. */
    String fixedToken(AuthSpec.FixedToken spec) {
        List<String> secrets = new ArrayList<>();
        if (spec.token() instanceof Credential.FromEnvironment) {
            Optional<String> fromVariable = environment.variable(VAULT_TOKEN);
            if (fromVariable.isPresent()) {
                return fromVariable.get().strip();
            }
            Path file = environment.home().resolve(".vault-token");
            if (!Files.isRegularFile(file)) {
                throw CallFailure.local("no token found: the environment variable VAULT_TOKEN is not set and "
                        + file + " does not exist; set VAULT_TOKEN, run 'vault login', or configure another auth method");
            }
            return read(Credential.file(file), "token", secrets);
        }
        return read(spec.token(), "token", secrets);
    }

    /**
     * Looks up {@code token} through {@code driver}, a driver bound to it ({@code auth/<mount>/lookup-self}):
     * its remaining TTL and whether it is renewable.
     */
    TokenGrant lookupSelf(Vault driver, String token, String mount, Instant now) {
        List<String> secrets = List.of(token);
        try {
            LookupResponse response = driver.auth().lookupSelf(mount);
            JsonNode data = body(response, "token lookup", secrets).path("data");
            Duration ttl = Duration.ofSeconds(Math.max(0, data.path("ttl").asLong(0)));
            Duration creationTtl = Duration.ofSeconds(Math.max(0, data.path("creation_ttl").asLong(0)));
            boolean renewable = data.path("renewable").asBoolean(false);
            return TokenGrant.of(token, now, ttl, renewable, creationTtl.isZero() ? ttl : creationTtl, false);
        } catch (VaultException e) {
            throw translate(e, secrets);
        }
    }

    /**
     * Renews {@code current} through {@code driver}, a driver bound to it, asking for its increment ({@code auth/<mount>/renew-self}). The grant
     * comes back capped when Vault gave less than asked (the max TTL is near): renewing again cannot help.
     */
    TokenGrant renewSelf(Vault driver, TokenGrant current, String mount, Instant now) {
        List<String> secrets = List.of(current.token());
        try {
            long increment = Math.max(1, current.increment().toSeconds());
            AuthResponse response = driver.auth().renewSelf(increment, mount);
            JsonNode body = body(response, "token renewal", secrets);
            JsonNode authBlock = body.path("auth");
            long granted = authBlock.path("lease_duration").asLong(0);
            boolean warnedCapped = false;
            for (JsonNode warning : body.path("warnings")) {
                String text = warning.asString("");
                warnedCapped |= text.contains("max_ttl") || text.contains("capped");
            }
            boolean capped = granted < increment || warnedCapped;
            // A token already at its max TTL may be granted nothing more: it expires now, not never.
            Optional<java.time.Instant> expiresAt = Optional.of(now.plusSeconds(Math.max(0, granted)));
            return new TokenGrant(current.token(), now, expiresAt, authBlock.path("renewable").asBoolean(false),
                    current.increment(), capped);
        } catch (VaultException e) {
            throw translate(e, secrets);
        }
    }

    /** Revokes {@code token} through {@code driver}, a driver bound to it ({@code auth/<mount>/revoke-self}). */
    void revokeSelf(Vault driver, String token, String mount) {
        try {
            driver.auth().revokeSelf(mount);
        } catch (VaultException e) {
            throw translate(e, List.of(token));
        }
    }

    private static String read(Credential credential, String what, List<String> secrets) {
        if (credential instanceof Credential.Value value) {
            secrets.add(value.value());
            return value.value();
        }
        if (credential instanceof Credential.FromFile fromFile) {
            Path file = fromFile.file();
            String content;
            try {
                content = Files.readString(file, StandardCharsets.UTF_8).strip();
            } catch (NoSuchFileException e) {
                throw CallFailure.local("the " + what + " file " + file + " does not exist; create it or fix the path");
            } catch (IOException | RuntimeException e) {
                throw CallFailure.local("the " + what + " file " + file + " cannot be read (" + e.getClass().getSimpleName()
                        + "); check that it exists and that this process may read it");
            }
            if (content.isEmpty()) {
                throw CallFailure.local("the " + what + " file " + file + " is empty; write the " + what + " into it");
            }
            secrets.add(content);
            return content;
        }
        throw new IllegalArgumentException("a " + what + " cannot come from " + credential);
    }

    /** Vault's JSON answer; the driver has already checked the status (200) and the content type. */
    private static JsonNode body(VaultResponse response, String call, List<String> secrets) {
        byte[] bytes = response.getRestResponse().getBody();
        try {
            JsonNode node = JSON.readTree(bytes == null ? new byte[0] : bytes);
            if (node == null || !node.isObject()) {
                throw CallFailure.badResponse(200, "Vault's " + call + " answer is not a JSON object");
            }
            return node;
        } catch (JacksonException e) {
            throw CallFailure.badResponse(200, "Vault's " + call + " answer is not valid JSON (truncated, or from a proxy)");
        }
    }

    /** Turns the driver's exception into a failure that quotes neither the response body nor a credential. */
    private static CallFailure translate(VaultException e, List<String> secrets) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InterruptedException) {
                Thread.currentThread().interrupt();
                return CallFailure.transport("interrupted while waiting for Vault");
            }
            if (t instanceof IOException io) {
                // The JDK's message ("Connection reset", "request timed out") names no credential; redact anyway.
                return CallFailure.transport(redact("no answer from Vault (" + io.getClass().getSimpleName()
                        + (io.getMessage() == null ? "" : ": " + io.getMessage()) + ")", secrets));
            }
        }
        int status = e.getHttpStatusCode();
        String message = e.getMessage() == null ? "" : e.getMessage();
        if (status == 200 || message.startsWith("Vault responded with MIME type")) {
            String type = message.startsWith("Vault responded with MIME type: ")
                    ? message.substring("Vault responded with MIME type: ".length()) : "unknown";
            return CallFailure.badResponse(status, redact("Vault answered with content type '" + type
                    + "' instead of application/json; is a proxy answering in Vault's place?", secrets));
        }
        if (status == 0) {
            return CallFailure.badResponse(0, "Vault's answer could not be read as Vault's JSON ("
                    + rootCause(e).getClass().getSimpleName() + ")");
        }
        return CallFailure.status(status, redact("Vault answered " + status + errors(message), secrets));
    }

    /** {@code ": permission denied"} from Vault's {@code {"errors":[...]}} body quoted in the driver's message. */
    private static String errors(String driverMessage) {
        int at = driverMessage.indexOf("Response body: ");
        if (at < 0) {
            return "";
        }
        String body = driverMessage.substring(at + "Response body: ".length());
        try {
            JsonNode errors = JSON.readTree(body).path("errors");
            if (!errors.isArray()) {
                return " with a body that is not Vault's JSON (is a proxy answering in Vault's place?)";
            }
            List<String> texts = new ArrayList<>();
            // Newer servers wrap messages as "1 error occurred:\n\t* permission denied\n\n": keep one line.
            errors.forEach(err -> texts.add(err.asString("").replaceAll("\\s+", " ").strip()));
            String joined = String.join("; ", texts);
            if (joined.length() > MAX_REASON) {
                joined = joined.substring(0, MAX_REASON) + "...";
            }
            return joined.isEmpty() ? "" : ": " + joined;
        } catch (JacksonException ex) {
            return " with a body that is not Vault's JSON (is a proxy answering in Vault's place?)";
        }
    }

    private static Throwable rootCause(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    /** {@code text} with every credential used in the call replaced by {@code ****}. */
    static String redact(String text, List<String> secrets) {
        String out = text;
        for (String secret : secrets) {
            if (secret != null && !secret.isEmpty()) {
                out = out.replace(secret, "****");
            }
        }
        return out;
    }
}
