package dev.secrets4j.provider.azure.internal;

import dev.secrets4j.SecretProviderException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import com.azure.core.exception.HttpResponseException;
import java.util.Locale;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Maps Key Vault failures to {@link SecretProviderException}s by HTTP status and the body's error
 * code, never by SDK exception class (a 403 on get arrives as {@code ResourceModifiedException}).
 * Messages name the vault, the secret and what to do; the service's message text is left out.
 */
public final class Failures {

    /** The provider id. */
    public static final String ID = "azure";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Failures() {
    }

    /** The error body's codes: {@code error.code} and {@code error.innererror.code}, empty when absent. */
    public record Codes(String code, String inner) {
        /** No codes: an empty or non-JSON body. */
        public static final Codes NONE = new Codes("", "");
    }

    /** The codes of a Key Vault error body, or {@link Codes#NONE} when it is not one. */
    public static Codes codes(String body) {
        if (body == null || body.isBlank()) {
            return Codes.NONE;
        }
        try {
            JsonNode error = JSON.readTree(body).path("error");
            return new Codes(error.path("code").asString(""), error.path("innererror").path("code").asString(""));
        } catch (RuntimeException e) {
            return Codes.NONE;
        }
    }

    /** Whether the body looks like HTML (a gateway's error page rather than Key Vault's JSON). */
    public static boolean isHtml(String contentType, String body) {
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        String start = body == null ? "" : body.stripLeading().toLowerCase(Locale.ROOT);
        return type.contains("text/html") || start.startsWith("<!doctype html") || start.startsWith("<html");
    }

    /** Whether another attempt may succeed: 408, 429 and 5xx except 501 and 505. */
    public static boolean isRetryableStatus(int status) {
        return status == 408 || status == 429 || status >= 500 && status != 501 && status != 505;
    }

    /**
     * The exception for a failed {@code operation} ({@code get}, {@code set}, {@code list versions})
     * on {@code secret} in {@code vault}, from the response's status, content type and body.
     * A 404 {@code SecretNotFound} is not mapped here: callers turn it into an empty result.
     */
    public static SecretProviderException map(int status, String contentType, String body, String vault, String secret,
            String operation) {
        String where = "secret '" + secret + "' in Key Vault " + vault;
        if (isHtml(contentType, body)) {
            return of(isRetryableStatus(status), secret, operation + " on " + where + " got an HTML page (HTTP " + status
                    + ") instead of Key Vault's JSON: a proxy or gateway answered; check the vault URL and the network path");
        }
        Codes codes = codes(body);
        String described = "HTTP " + status + (codes.code().isEmpty() ? "" : " " + codes.code())
                + (codes.inner().isEmpty() ? "" : "/" + codes.inner());
        if (status == 403 && "SecretDisabled".equals(codes.inner())) {
            return SecretProviderException.permanent(ID, secret, where + " is disabled (" + described
                    + "); enable the version in the vault or set a new version", null);
        }
        if (status == 403) {
            return SecretProviderException.permanent(ID, secret, "Key Vault denied " + operation + " on " + where + " ("
                    + described + "); assign the application's identity the role '" + role(operation)
                    + "' on the vault (or the matching access policy)", null);
        }
        if (status == 401) {
            return SecretProviderException.permanent(ID, secret, "Key Vault refused the token for " + operation + " on "
                    + where + " (" + described + "); check the credential's tenant and that it gets a token for https://vault.azure.net", null);
        }
        if (status == 409 && "ObjectIsDeletedButRecoverable".equals(codes.inner())) {
            return SecretProviderException.permanent(ID, secret, where + " is deleted but recoverable (" + described
                    + "); recover it or purge it before writing this name again", null);
        }
        if (status == 409 && "ObjectIsBeingRecovered".equals(codes.inner())) {
            return SecretProviderException.retryable(ID, secret, where + " is being recovered (" + described + "); will retry", null);
        }
        if (status == 429) {
            return SecretProviderException.retryable(ID, secret, "Key Vault throttled " + operation + " on " + where + " ("
                    + described + "); waiting for Retry-After, lower the budget if this repeats", null);
        }
        if (isRetryableStatus(status)) {
            return SecretProviderException.retryable(ID, secret, operation + " on " + where + " failed with " + described
                    + "; Key Vault is failing, will retry with backoff", null);
        }
        return SecretProviderException.permanent(ID, secret, operation + " on " + where + " failed with " + described
                + "; fix the request or the secret, retrying will not help", null);
    }

    /** The exception for a failure before Key Vault answered: timeout, reset, TLS, DNS. Retryable. */
    public static SecretProviderException transport(Throwable e, String vault, String secret, String operation) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        if (message.startsWith("The challenge resource")) {
            // The SDK refused the 401 challenge: its resource is not the vault's domain. Its message names both, no secret.
            return SecretProviderException.permanent(ID, secret, operation + " on secret '" + secret + "' in Key Vault " + vault
                    + " was refused by the SDK: " + message.replaceAll("\\p{Cntrl}", "?") + " Check the vault URL: it must be the"
                    + " vault's own name, such as https://my-vault.vault.azure.net", null);
        }
        return SecretProviderException.retryable(ID, secret, operation + " on secret '" + secret + "' in Key Vault " + vault
                + " failed before Key Vault answered (" + e.getClass().getSimpleName()
                + "); check the network path and the CA bundle, will retry", null);
    }

    /** The role an operation needs on the vault. */
    public static String role(String operation) {
        return operation.startsWith("set") || operation.startsWith("delete") || operation.startsWith("recover")
                ? "Key Vault Secrets Officer" : "Key Vault Secrets User";
    }

    /**
     * How long to wait before the next call, from {@code retry-after-ms}, {@code x-ms-retry-after-ms}
     * or {@code Retry-After} (seconds or an HTTP date); empty when none is usable.
     */
    public static Optional<Duration> retryAfter(String retryAfterMs, String retryAfter, Clock clock) {
        if (retryAfterMs != null) {
            try {
                long ms = Long.parseLong(retryAfterMs.strip());
                if (ms >= 0) {
                    return Optional.of(Duration.ofMillis(ms));
                }
            } catch (NumberFormatException e) {
                // fall through to Retry-After
            }
        }
        if (retryAfter == null || retryAfter.isBlank()) {
            return Optional.empty();
        }
        String v = retryAfter.strip();
        try {
            long s = Long.parseLong(v);
            return s < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(s));
        } catch (NumberFormatException e) {
            try {
                Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration d = Duration.between(clock.instant(), at);
                return Optional.of(d.isNegative() ? Duration.ZERO : d);
            } catch (DateTimeParseException e2) {
                return Optional.empty();
            }
        }
    }

    private static SecretProviderException of(boolean retryable, String secret, String message) {
        return retryable ? SecretProviderException.retryable(ID, secret, message, null)
                : SecretProviderException.permanent(ID, secret, message, null);
    }

    /** The error body of {@code e}: its decoded value, the buffered body, or the JSON quoted by its message. */
    public static String body(HttpResponseException e) {
        Object value = e.getValue();
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof com.azure.json.JsonSerializable<?> json) {
            try {
                return json.toJsonString();
            } catch (java.io.IOException | RuntimeException ignored) {
                // fall through to the buffered body
            }
        }
        try {
            if (e.getResponse() != null && e.getResponse().getBodyAsBinaryData() != null) {
                String body = e.getResponse().getBodyAsBinaryData().toString();
                if (body != null && !body.isBlank()) {
                    return body;
                }
            }
        } catch (RuntimeException ignored) {
            // the body was consumed: fall back to the message, which quotes it
        }
        String message = e.getMessage() == null ? "" : e.getMessage();
        int brace = message.indexOf('{');
        return brace < 0 ? message : message.substring(brace);
    }
}
