package dev.secrets4j.audit;

import dev.secrets4j.AuditEvent;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The members of an audit line, how the sink seals one (sequence number, previous hash, mode,
 * hash) and how a line is read back. One place for the names, so the writer and the verifier
 * cannot drift apart.
 */
final class AuditLine {

    static final String ACTION = "action";
    static final String ALG = "alg";
    static final String DETAIL = "detail";
    static final String DROPPED = "dropped";
    static final String HASH = "hash";
    static final String KID = "kid";
    static final String MARKER = "marker";
    static final String OUTCOME = "outcome";
    static final String PREV = "prev";
    static final String PRINCIPAL = "principal";
    static final String PROVIDER = "provider";
    static final String SECRET = "secret";
    static final String SEQ = "seq";
    static final String TIME = "time";
    static final String TORN = "torn";
    static final String TORN_LENGTH = "tornLength";
    static final String VERSION = "version";

    /** The {@code marker} of the line a sink writes when it resumes after a torn line or dropped events. */
    static final String RECOVERED = "RECOVERED";

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private AuditLine() {
    }

    /** The members that describe {@code e}; empty optionals are left out. */
    static SortedMap<String, Object> event(AuditEvent e) {
        SortedMap<String, Object> m = new TreeMap<>();
        m.put(TIME, e.time().toString());
        m.put(SECRET, e.secretName());
        e.version().ifPresent(v -> m.put(VERSION, v));
        m.put(PROVIDER, e.providerId());
        m.put(ACTION, e.action().name());
        m.put(OUTCOME, e.outcome().name());
        e.principal().ifPresent(p -> m.put(PRINCIPAL, p));
        e.detail().ifPresent(d -> m.put(DETAIL, d));
        return m;
    }

    /** The members of a {@code RECOVERED} marker; zero counts are left out. */
    static SortedMap<String, Object> recovered(Instant time, long dropped, long tornLength, String tornSha256) {
        SortedMap<String, Object> m = new TreeMap<>();
        m.put(TIME, time.toString());
        m.put(MARKER, RECOVERED);
        if (dropped > 0) {
            m.put(DROPPED, dropped);
        }
        if (tornLength > 0) {
            m.put(TORN_LENGTH, tornLength);
            m.put(TORN, tornSha256);
        }
        return m;
    }

    /** A line ready to write: its bytes (with the final newline) and its place in the chain. */
    record Sealed(byte[] bytes, ChainLink link) {
    }

    /** Adds {@code seq}, {@code prev}, {@code alg} (and {@code kid}) to {@code body}, hashes it and adds {@code hash}. */
    static Sealed seal(SortedMap<String, Object> body, ChainLink after, LineHash hasher) {
        SortedMap<String, Object> m = new TreeMap<>(body);
        long seq = after.seq() + 1;
        m.put(SEQ, seq);
        m.put(PREV, after.hash());
        m.put(ALG, hasher.alg());
        hasher.keyId().ifPresent(kid -> m.put(KID, kid));
        String hash = hasher.hex(CanonicalJson.write(m));
        m.put(HASH, hash);
        byte[] json = CanonicalJson.write(m);
        byte[] line = Arrays.copyOf(json, json.length + 1);
        line[json.length] = '\n';
        return new Sealed(line, new ChainLink(seq, hash));
    }

    /**
     * A line read back, its members checked for the shape every line has: {@code seq} a positive
     * integer, {@code prev} and {@code hash} 64 lowercase hex digits, {@code alg} and
     * {@code time} strings ({@code kid} too in HMAC mode), and either a {@code marker} or the
     * event members {@code secret}, {@code provider}, {@code action} and {@code outcome}.
     */
    record Parsed(SortedMap<String, Object> members, long seq, String prev, String hash, String alg, Optional<String> kid,
                  Optional<String> marker) {

        /** The canonical form the hash covers: every member but {@code hash}. */
        byte[] hashedForm() {
            SortedMap<String, Object> m = new TreeMap<>(members);
            m.remove(HASH);
            return CanonicalJson.write(m);
        }

        /** Whether {@code raw} (without its newline) is exactly the canonical form of the members. */
        boolean isCanonical(byte[] raw) {
            return Arrays.equals(raw, CanonicalJson.write(members));
        }

        ChainLink link() {
            return new ChainLink(seq, hash);
        }

        long longMember(String name) {
            return members.get(name) instanceof Long n ? n : 0;
        }

        Optional<String> stringMember(String name) {
            return members.get(name) instanceof String s ? Optional.of(s) : Optional.empty();
        }
    }

    /**
     * Reads one line (without its newline).
     *
     * @throws IllegalArgumentException saying what is wrong with it, never quoting it
     */
    static Parsed parse(byte[] raw) {
        JsonNode root;
        try {
            root = JSON.readTree(raw);
        } catch (JacksonException e) {
            // Jackson's message quotes the input: say only what kind of problem it is.
            throw new IllegalArgumentException("it is not a JSON object (" + e.getClass().getSimpleName() + ")");
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("it is not a JSON object");
        }
        SortedMap<String, Object> m = new TreeMap<>();
        for (Map.Entry<String, JsonNode> p : root.properties()) {
            JsonNode v = p.getValue();
            if (v.isString()) {
                m.put(p.getKey(), v.stringValue());
            } else if (v.isIntegralNumber() && v.canConvertToLong()) {
                m.put(p.getKey(), v.longValue());
            } else {
                throw new IllegalArgumentException("member '" + p.getKey() + "' is neither a string nor an integer");
            }
        }
        long seq = m.get(SEQ) instanceof Long n ? n : -1;
        if (seq < 1) {
            throw new IllegalArgumentException("it has no positive integer 'seq'");
        }
        String prev = hashMember(m, PREV);
        String hash = hashMember(m, HASH);
        String alg = stringMember(m, ALG);
        stringMember(m, TIME);
        Optional<String> kid = m.get(KID) instanceof String s ? Optional.of(s) : Optional.empty();
        if (alg.equals(LineHash.HMAC_SHA256) && kid.isEmpty()) {
            throw new IllegalArgumentException("it is an hmac-sha256 line without a string 'kid'");
        }
        Optional<String> marker = m.get(MARKER) instanceof String s ? Optional.of(s) : Optional.empty();
        if (marker.isEmpty()) {
            for (String name : new String[] {SECRET, PROVIDER, ACTION, OUTCOME}) {
                stringMember(m, name);
            }
        }
        return new Parsed(m, seq, prev, hash, alg, kid, marker);
    }

    private static String stringMember(SortedMap<String, Object> m, String name) {
        if (m.get(name) instanceof String s) {
            return s;
        }
        throw new IllegalArgumentException("it has no string '" + name + "'");
    }

    private static String hashMember(SortedMap<String, Object> m, String name) {
        if (m.get(name) instanceof String s && ChainLink.isHash(s)) {
            return s;
        }
        throw new IllegalArgumentException("its '" + name + "' is not 64 lowercase hex digits");
    }
}
