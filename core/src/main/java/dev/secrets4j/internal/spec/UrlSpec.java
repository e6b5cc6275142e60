package dev.secrets4j.internal.spec;

import dev.secrets4j.Secret;
import dev.secrets4j.SecretSpec;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.List;

/**
 * {@code format url}: the value is an absolute URL with a scheme and a host, such as
 * {@code https://hooks.example.com/x} or {@code postgres://user:pw@db:5432/app}. A {@code jdbc:}
 * prefix is looked through ({@code jdbc:postgresql://db/app}); surrounding whitespace is ignored.
 */
final class UrlSpec implements SecretSpec {

    static final UrlSpec INSTANCE = new UrlSpec();

    private static final String NOT_A_URL = "not an absolute URL with scheme and host";
    private static final String JDBC = "jdbc:";

    private UrlSpec() {
    }

    @Override
    public String describe() {
        return "format url";
    }

    @Override
    public List<Violation> check(Secret secret, Instant now) {
        return Values.checkText(secret, chars -> {
            int start = Values.firstNonBlank(chars);
            String url = new String(chars, start, Values.endOfNonBlank(chars, start) - start);
            return hasSchemeAndHost(url) ? List.of() : List.of(Violation.error(NOT_A_URL));
        });
    }

    @Override
    public String toString() {
        return describe();
    }

    private static boolean hasSchemeAndHost(String url) {
        String candidate = url.regionMatches(true, 0, JDBC, 0, JDBC.length()) ? url.substring(JDBC.length()) : url;
        URI uri;
        try {
            uri = new URI(candidate);
        } catch (URISyntaxException e) {
            // The exception's message quotes the input: it must go no further.
            return false;
        }
        if (uri.getScheme() == null || uri.isOpaque()) {
            return false;
        }
        String authority = uri.getRawAuthority();
        return authority != null && !host(authority).isEmpty();
    }

    /**
     * The host part of an authority: after any user info, before any port. Read by hand because
     * {@link URI#getHost()} is empty for legal container names such as {@code my_db}.
     */
    private static String host(String authority) {
        String hostPort = authority.substring(authority.lastIndexOf('@') + 1);
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            return close > 1 ? hostPort.substring(0, close + 1) : "";
        }
        int colon = hostPort.indexOf(':');
        return colon < 0 ? hostPort : hostPort.substring(0, colon);
    }
}
