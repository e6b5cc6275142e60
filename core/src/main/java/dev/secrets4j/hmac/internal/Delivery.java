package dev.secrets4j.hmac.internal;

import dev.secrets4j.hmac.HmacAlgorithm;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a delivery's headers say, once read: the algorithm of the header that was used, the decoded
 * signatures, and the sender's timestamp as received and as an instant.
 *
 * @param algorithm     the algorithm the signatures are made with
 * @param signatures    the decoded signatures, each of the algorithm's length; not to be modified
 * @param timestampText the timestamp text exactly as received, when the scheme has one
 * @param timestamp     the same as an instant
 */
public record Delivery(HmacAlgorithm algorithm, List<byte[]> signatures, Optional<String> timestampText,
                       Optional<Instant> timestamp) {

    /** Checks that no part is null and copies the list. */
    public Delivery {
        Objects.requireNonNull(algorithm, "algorithm");
        signatures = List.copyOf(signatures);
        Objects.requireNonNull(timestampText, "timestampText");
        Objects.requireNonNull(timestamp, "timestamp");
    }

    /** Shows the algorithm, the number of signatures and the timestamp; never a signature. */
    @Override
    public String toString() {
        return "Delivery[" + algorithm + ", " + signatures.size() + " signature(s), timestamp "
                + timestamp.map(Instant::toString).orElse("none") + "]";
    }
}
