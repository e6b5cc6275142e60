package dev.secrets4j.hmac.internal;

import dev.secrets4j.hmac.HmacAlgorithm;
import dev.secrets4j.hmac.WebhookVerificationException.Reason;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How a signature header's value is laid out: {@link Prefixed} ({@code sha256=<sig>},
 * {@code v0=<sig>}) or {@link KeyValue} (Stripe's {@code t=<time>,v1=<sig>,v1=<sig>}). Parsing
 * refuses with a {@link Rejection} whose detail names the header but never quotes its value.
 */
public sealed interface SignatureFormat permits SignatureFormat.Prefixed, SignatureFormat.KeyValue {

    /**
     * What a header value holds.
     *
     * @param signatures    the encoded signatures, at least one
     * @param timestampText the timestamp carried in the same header, if the format has one
     */
    record Parsed(List<String> signatures, Optional<String> timestampText) {
        /** Copies the list. */
        public Parsed {
            signatures = List.copyOf(signatures);
            Objects.requireNonNull(timestampText, "timestampText");
        }
    }

    /** Reads a trimmed, non-empty header value. */
    Parsed parse(String header, String value);

    /** The header value that carries {@code signature} (and the timestamp, if the format holds one). */
    String render(Optional<String> timestampText, String signature);

    /** Whether the header itself carries the timestamp. */
    boolean carriesTimestamp();

    /** The layout for humans, such as {@code sha256=<signature>}. */
    String describe();

    /**
     * A value that is a fixed prefix and one signature: {@code sha256=<hex>}; the prefix may be empty.
     *
     * @param prefix the text before the signature
     */
    record Prefixed(String prefix) implements SignatureFormat {

        /** Checks the prefix is not null. */
        public Prefixed {
            Objects.requireNonNull(prefix, "prefix");
        }

        @Override
        public Parsed parse(String header, String value) {
            if (!value.startsWith(prefix)) {
                for (HmacAlgorithm other : HmacAlgorithm.values()) {
                    String label = other.label() + "=";
                    if (!label.equalsIgnoreCase(prefix) && value.regionMatches(true, 0, label, 0, label.length())) {
                        throw new Rejection(Reason.ALGORITHM_NOT_ALLOWED, "header " + header + " carries a "
                                + other.label() + " signature, and this scheme accepts only '" + prefix
                                + "'; configure the sender (or the scheme) for the same algorithm");
                    }
                }
                throw new Rejection(Reason.MALFORMED_HEADER, "header " + header + " does not start with '" + prefix
                        + "'; the sender must send " + describe());
            }
            String signature = value.substring(prefix.length());
            if (signature.isEmpty()) {
                throw new Rejection(Reason.MALFORMED_HEADER, "header " + header + " has no signature after '" + prefix + "'");
            }
            return new Parsed(List.of(signature), Optional.empty());
        }

        @Override
        public String render(Optional<String> timestampText, String signature) {
            return prefix + signature;
        }

        @Override
        public boolean carriesTimestamp() {
            return false;
        }

        @Override
        public String describe() {
            return prefix + "<signature>";
        }
    }

    /**
     * Comma-separated {@code key=value} items with one timestamp and one or more signatures, as
     * Stripe sends them ({@code t=1492774577,v1=5257a8...,v1=...,v0=...}). Items with other keys
     * are ignored, so that a sender cannot downgrade to a weaker scheme; a header with only such
     * items is {@link Reason#ALGORITHM_NOT_ALLOWED}.
     *
     * @param timestampKey the key of the timestamp item ({@code t})
     * @param signatureKey the key of the accepted signature items ({@code v1})
     */
    record KeyValue(String timestampKey, String signatureKey) implements SignatureFormat {

        /** Checks the keys are not null. */
        public KeyValue {
            Objects.requireNonNull(timestampKey, "timestampKey");
            Objects.requireNonNull(signatureKey, "signatureKey");
        }

        @Override
        public Parsed parse(String header, String value) {
            List<String> signatures = new ArrayList<>();
            String timestamp = null;
            boolean otherSchemes = false;
            for (String item : value.split(",", -1)) {
                String trimmed = item.strip();
                int eq = trimmed.indexOf('=');
                if (eq <= 0) {
                    throw new Rejection(Reason.MALFORMED_HEADER, "header " + header
                            + " has an item that is not key=value; the sender must send " + describe());
                }
                String key = trimmed.substring(0, eq);
                String itemValue = trimmed.substring(eq + 1);
                if (key.equals(timestampKey)) {
                    if (timestamp != null) {
                        throw new Rejection(Reason.MALFORMED_HEADER, "header " + header + " has more than one "
                                + timestampKey + "= item; the sender must send exactly one timestamp");
                    }
                    timestamp = itemValue;
                } else if (key.equals(signatureKey)) {
                    signatures.add(itemValue);
                } else {
                    otherSchemes = true;
                }
            }
            if (timestamp == null) {
                throw new Rejection(Reason.MALFORMED_HEADER, "header " + header + " has no " + timestampKey
                        + "= timestamp; the sender must send " + describe());
            }
            if (signatures.isEmpty()) {
                if (otherSchemes) {
                    throw new Rejection(Reason.ALGORITHM_NOT_ALLOWED, "header " + header + " has no " + signatureKey
                            + "= signature, only other schemes, which are ignored to prevent downgrade attacks; "
                            + "the sender must sign with " + signatureKey);
                }
                throw new Rejection(Reason.MALFORMED_HEADER, "header " + header + " has no " + signatureKey
                        + "= signature; the sender must send " + describe());
            }
            return new Parsed(signatures, Optional.of(timestamp));
        }

        @Override
        public String render(Optional<String> timestampText, String signature) {
            return timestampKey + "=" + timestampText.orElseThrow() + "," + signatureKey + "=" + signature;
        }

        @Override
        public boolean carriesTimestamp() {
            return true;
        }

        @Override
        public String describe() {
            return timestampKey + "=<unix seconds>," + signatureKey + "=<signature>[," + signatureKey + "=<signature>...]";
        }
    }
}
