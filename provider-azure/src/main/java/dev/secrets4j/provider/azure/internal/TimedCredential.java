package dev.secrets4j.provider.azure.internal;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import reactor.core.publisher.Mono;

/**
 * Wraps the configured credential: a token must come within the timeout, and a credential that
 * gives none fails with a {@link Failure} whose message says which credential was asked and what
 * it tried, with no secret in it (the client secret, when known, is blanked out).
 */
public final class TimedCredential implements TokenCredential {

    /** The credential gave no token: the message is safe to show. */
    public static final class Failure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Failure(String message) {
            super(message, null, false, false);
        }
    }

    private final TokenCredential delegate;
    private final String kind;
    private final Duration timeout;
    private final List<String> neverShow;
    private volatile String lastFailure;

    /**
     * Wraps {@code delegate}, described as {@code kind} (such as {@code client-secret}); strings of
     * {@code neverShow} are blanked out of any message.
     */
    public TimedCredential(TokenCredential delegate, String kind, Duration timeout, List<String> neverShow) {
        this.delegate = delegate;
        this.kind = kind;
        this.timeout = timeout;
        this.neverShow = List.copyOf(neverShow);
    }

    @Override
    public Mono<AccessToken> getToken(TokenRequestContext request) {
        return Mono.defer(() -> delegate.getToken(request))
                .timeout(timeout)
                .onErrorMap(e -> !(e instanceof Failure), e -> failure(request, e))
                .doOnError(e -> lastFailure = e.getMessage())
                .doOnNext(t -> lastFailure = null);
    }

    /** Why the last request for a token failed, empty when it succeeded or none was made. */
    public java.util.Optional<String> lastFailure() {
        return java.util.Optional.ofNullable(lastFailure);
    }

    @Override
    public AccessToken getTokenSync(TokenRequestContext request) {
        // Through the asynchronous path, so that a credential that hangs (a managed identity probe
        // off Azure) is cut at the timeout too.
        AccessToken token = getToken(request).block();
        if (token == null) {
            throw failure(request, new IllegalStateException("the credential completed without a token"));
        }
        return token;
    }

    private Failure failure(TokenRequestContext request, Throwable e) {
        String scopes = String.join(" ", request.getScopes());
        if (e instanceof TimeoutException) {
            return new Failure("credential '" + kind + "' gave no token for " + scopes + " within " + timeout.toMillis()
                    + " ms" + hint() + "; choose the credential explicitly or raise the timeout");
        }
        return new Failure("credential '" + kind + "' gave no token for " + scopes + ": " + clean(e) + hint());
    }

    private String hint() {
        return "default".equals(kind)
                ? " (DefaultAzureCredential tries in order: environment variables AZURE_TENANT_ID, AZURE_CLIENT_ID and"
                        + " AZURE_CLIENT_SECRET or AZURE_CLIENT_CERTIFICATE_PATH; workload identity (AZURE_FEDERATED_TOKEN_FILE);"
                        + " managed identity (IMDS at 169.254.169.254, which can hang off Azure); the Azure CLI, Azure"
                        + " PowerShell and Azure Developer CLI logins)"
                : "";
    }

    /** The exception's messages down its causes, one line, secrets blanked, at most 1,500 characters. */
    private String clean(Throwable e) {
        StringBuilder b = new StringBuilder();
        for (Throwable t = e; t != null && b.length() < 1_500; t = t.getCause()) {
            String m = t.getMessage();
            if (m != null && !m.isBlank() && b.indexOf(m) < 0) {
                b.append(b.length() == 0 ? "" : " / ").append(t.getClass().getSimpleName()).append(": ").append(m);
            }
        }
        String text = b.length() == 0 ? e.getClass().getSimpleName() : b.toString();
        for (String s : neverShow) {
            if (!s.isEmpty()) {
                text = text.replace(s, "****");
            }
        }
        text = text.replaceAll("[\\r\\n\\t]+", " ").replaceAll("\\p{Cntrl}", "?");
        return text.length() > 1_500 ? text.substring(0, 1_500) + "..." : text;
    }

    @Override
    public String toString() {
        return "TimedCredential[" + kind + ", " + timeout + "]";
    }
}
