package dev.secrets4j.audit;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Identifies one line of a hash-chained audit log by its sequence number and hash: the head a
 * {@link HashChainAuditSink} has reached, the last line an {@link AuditChainVerifier} accepted,
 * a checkpoint shipped off the host. Hashes are not secret: a link is safe to log and to store
 * anywhere.
 *
 * @param seq  the line's sequence number ({@code 0} for {@link #genesis()}, before the first line)
 * @param hash the line's {@code hash}: 64 lowercase hex digits
 */
public record ChainLink(long seq, String hash) {

    /** The {@code prev} of the very first line: 64 zeros. */
    static final String GENESIS_HASH = "0".repeat(64);

    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
    private static final ChainLink GENESIS = new ChainLink(0, GENESIS_HASH);

    /**
     * Checks the parts.
     *
     * @throws IllegalArgumentException when {@code seq} is negative or {@code hash} is not 64
     *                                  lowercase hex digits
     */
    public ChainLink {
        Objects.requireNonNull(hash, "hash");
        if (seq < 0) {
            throw new IllegalArgumentException("chain link seq must be 0 or more, got " + seq);
        }
        if (!isHash(hash)) {
            throw new IllegalArgumentException("chain link hash must be 64 lowercase hex digits, got '" + shorten(hash) + "'");
        }
        if (seq == 0 && !hash.equals(GENESIS_HASH)) {
            throw new IllegalArgumentException("chain link seq 0 is the genesis, whose hash is 64 zeros; got '" + hash + "'");
        }
    }

    /** The place before the first line of every log: seq {@code 0}, hash 64 zeros. */
    public static ChainLink genesis() {
        return GENESIS;
    }

    /** {@code seq 57 3f2a9c...}: the sequence number and the whole hash, ready to copy into a checkpoint. */
    @Override
    public String toString() {
        return "seq " + seq + " " + hash;
    }

    static boolean isHash(String s) {
        return HEX64.matcher(s).matches();
    }

    private static String shorten(String s) {
        String clean = s.replaceAll("\\p{Cntrl}", "?");
        return clean.length() > 80 ? clean.substring(0, 80) + "..." : clean;
    }
}
