package dev.secrets4j.hmac.internal;

import dev.secrets4j.hmac.WebhookVerificationException.Reason;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/** Header lookups for the verifier: a map read with names compared case-insensitively. */
public final class Headers {

    private Headers() {
    }

    /**
     * A lookup in {@code headers} whose names match case-insensitively. A name present twice (in
     * two cases) with different values is refused as {@link Reason#MALFORMED_HEADER}: which one the
     * sender meant cannot be told.
     */
    public static Function<String, Optional<String>> of(Map<String, String> headers) {
        Objects.requireNonNull(headers, "headers");
        return name -> {
            String found = null;
            for (Map.Entry<String, String> e : headers.entrySet()) {
                if (e.getKey() == null || e.getValue() == null || !e.getKey().equalsIgnoreCase(name)) {
                    continue;
                }
                if (found != null && !found.equals(e.getValue())) {
                    throw new Rejection(Reason.MALFORMED_HEADER, "header " + name
                            + " appears twice (names differing in case) with different values; pass one value per header");
                }
                found = e.getValue();
            }
            return Optional.ofNullable(found);
        };
    }
}
