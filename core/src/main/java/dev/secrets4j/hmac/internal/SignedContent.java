package dev.secrets4j.hmac.internal;

import javax.crypto.Mac;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How the bytes a sender signs are built from its timestamp and the body: a template such as
 * {@code {body}}, {@code {t}.{body}} (Stripe) or {@code v0:{t}:{body}} (Slack). Literal text is
 * UTF-8; the timestamp is the header's text exactly as received (never re-formatted); the body is
 * fed as the exact bytes given. Immutable.
 */
public final class SignedContent {

    private static final String TIMESTAMP = "{t}";
    private static final String BODY = "{body}";

    private final String template;
    private final List<Part> parts;
    private final boolean usesTimestamp;

    private sealed interface Part permits Literal, Timestamp, Body {
    }

    private record Literal(byte[] bytes) implements Part {
    }

    private record Timestamp() implements Part {
    }

    private record Body() implements Part {
    }

    private SignedContent(String template, List<Part> parts) {
        this.template = template;
        this.parts = List.copyOf(parts);
        this.usesTimestamp = parts.stream().anyMatch(p -> p instanceof Timestamp);
    }

    /**
     * Parses a template with exactly one {@code {body}} and at most one {@code {t}}.
     *
     * @throws IllegalArgumentException naming the setting {@code signedContent} when it is malformed
     */
    public static SignedContent parse(String template) {
        Objects.requireNonNull(template, "signedContent");
        List<Part> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int bodies = 0;
        int timestamps = 0;
        int i = 0;
        while (i < template.length()) {
            if (template.startsWith(BODY, i)) {
                flush(literal, parts);
                parts.add(new Body());
                bodies++;
                i += BODY.length();
            } else if (template.startsWith(TIMESTAMP, i)) {
                flush(literal, parts);
                parts.add(new Timestamp());
                timestamps++;
                i += TIMESTAMP.length();
            } else if (template.charAt(i) == '{') {
                throw new IllegalArgumentException("signedContent has an unknown placeholder at index " + i
                        + " of '" + template + "'; use {t} for the timestamp and {body} for the payload");
            } else {
                literal.append(template.charAt(i));
                i++;
            }
        }
        flush(literal, parts);
        if (bodies != 1 || timestamps > 1) {
            throw new IllegalArgumentException("signedContent must hold {body} exactly once and {t} at most once, got '"
                    + template + "'");
        }
        return new SignedContent(template, parts);
    }

    /** The template as given. */
    public String template() {
        return template;
    }

    /** Whether the template holds {@code {t}}. */
    public boolean usesTimestamp() {
        return usesTimestamp;
    }

    /** Feeds the signed bytes into {@code mac}: literals, the timestamp text, the body. */
    public void feed(Mac mac, Optional<String> timestampText, byte[] body) {
        for (Part part : parts) {
            if (part instanceof Literal l) {
                mac.update(l.bytes());
            } else if (part instanceof Timestamp) {
                mac.update(timestampText.orElseThrow(() -> new IllegalStateException(
                        "signed content " + template + " needs a timestamp")).getBytes(StandardCharsets.US_ASCII));
            } else {
                mac.update(body);
            }
        }
    }

    private static void flush(StringBuilder literal, List<Part> parts) {
        if (literal.length() > 0) {
            parts.add(new Literal(literal.toString().getBytes(StandardCharsets.UTF_8)));
            literal.setLength(0);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SignedContent other && template.equals(other.template);
    }

    @Override
    public int hashCode() {
        return template.hashCode();
    }

    @Override
    public String toString() {
        return template;
    }
}
