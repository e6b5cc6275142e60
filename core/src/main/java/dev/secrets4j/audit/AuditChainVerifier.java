package dev.secrets4j.audit;

import dev.secrets4j.audit.LogFiles.LogFile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Checks a log written by {@link HashChainAuditSink}: one file, or a folder of rolled files in
 * order, and reports the first line that was changed, deleted, inserted or reordered, a torn or
 * truncated end, a missing first file, or a wrong key.
 *
 * <pre>{@code
 * ChainVerification result = AuditChainVerifier.builder()
 *     .hmacKeys(secrets.versions("AUDIT_HMAC_KEY").stream().map(AuditKey::fromSecret).toList())
 *     .checkpoint(shippedHead)                 // a ChainLink kept off the host: detects a cut end
 *     .build()
 *     .verify(Path.of("/var/log/app/audit"));
 * if (!result.ok()) {
 *     alert(result.problem().orElseThrow());   // CHANGED at .../audit-000002.jsonl line 7: seq 57: ...
 * }
 * }</pre>
 *
 * <p>Without HMAC keys it expects {@code sha256} lines; with keys, {@code hmac-sha256} lines under
 * one of them (a log whose key rotated at a rollover needs every key it used). Immutable and
 * thread-safe; each {@link #verify} reads the files once, streaming.
 */
public final class AuditChainVerifier {

    private final String baseName;
    private final Map<String, AuditKey> keys;
    private final ChainLink start;
    private final SortedMap<Long, String> checkpoints;

    private AuditChainVerifier(Builder b) {
        this.baseName = b.baseName;
        this.keys = Map.copyOf(b.keys);
        this.start = b.start;
        this.checkpoints = new TreeMap<>(b.checkpoints);
    }

    /** Starts a verifier; without {@link Builder#hmacKey} it checks {@code sha256} logs. */
    public static Builder builder() {
        return new Builder();
    }

    /** A verifier for {@code sha256} logs named {@code audit-NNNNNN.jsonl}, from the genesis, without checkpoints. */
    public static AuditChainVerifier sha256() {
        return builder().build();
    }

    /**
     * Verifies the log at {@code path}: a folder (its files named {@code <base>-NNNNNN.jsonl}, in
     * number order) or a single file.
     *
     * @return the lines verified and the first problem, if any
     * @throws UncheckedIOException when {@code path} does not exist or a file cannot be read
     */
    public ChainVerification verify(Path path) {
        Objects.requireNonNull(path, "path");
        try {
            List<LogFile> files;
            if (Files.isDirectory(path)) {
                files = LogFiles.list(path, baseName);
            } else if (Files.isRegularFile(path)) {
                files = List.of(new LogFile(path, LogFiles.index(path).orElse(-1)));
            } else {
                throw new NoSuchFileException(path.toString(), null, "no audit log file or folder here");
            }
            Map<String, LineHash> hmacByKid = new TreeMap<>();
            keys.forEach((id, key) -> hmacByKid.put(id, LineHash.hmac(key)));
            return new ChainWalk(files, path, hmacByKid, start, checkpoints).run();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read audit log " + path + " (" + e + ")", e);
        }
    }

    /** {@code AuditChainVerifier[hmac-sha256 keys AUDIT_HMAC_KEY@2, AUDIT_HMAC_KEY@3, audit-*.jsonl]}: key ids, never keys. */
    @Override
    public String toString() {
        String mode = keys.isEmpty() ? "sha256" : "hmac-sha256 keys " + String.join(", ", new TreeMap<>(keys).keySet());
        return "AuditChainVerifier[" + mode + ", " + baseName + "-*.jsonl"
                + (start.seq() > 0 ? ", after " + start : "") + (checkpoints.isEmpty() ? "" : ", checkpoints at seq " + checkpoints.keySet().stream().map(String::valueOf)
                .collect(Collectors.joining(", "))) + "]";
    }

    /** Options of an {@link AuditChainVerifier}; setters check their argument at once and name the setting. */
    public static final class Builder {
        private String baseName = "audit";
        private final Map<String, AuditKey> keys = new TreeMap<>();
        private ChainLink start = ChainLink.genesis();
        private final SortedMap<Long, String> checkpoints = new TreeMap<>();

        private Builder() {
        }

        /** The start of file names when verifying a folder; default {@code audit}, as the sink's. */
        public Builder baseName(String baseName) {
            this.baseName = LogFiles.checkBaseName(baseName);
            return this;
        }

        /**
         * Adds an HMAC key: lines must then be {@code hmac-sha256} and name one of the keys given
         * by its id. Giving the same id twice with the same bytes is harmless.
         *
         * @throws IllegalArgumentException when the id was given before with other bytes
         */
        public Builder hmacKey(AuditKey key) {
            Objects.requireNonNull(key, "key");
            AuditKey before = keys.putIfAbsent(key.id(), key);
            if (before != null && !before.sameBytes(key)) {
                throw new IllegalArgumentException("hmacKey '" + key.id() + "' was given twice with different bytes;"
                        + " give each key id once");
            }
            return this;
        }

        /** Adds each of {@code keys} as {@link #hmacKey(AuditKey)} does. */
        public Builder hmacKeys(Collection<AuditKey> keys) {
            Objects.requireNonNull(keys, "keys").forEach(this::hmacKey);
            return this;
        }

        /**
         * Verifies a log that continues a chain verified before: its first line must follow
         * {@code link} (the {@link ChainVerification#last()} of that verification). Default the
         * genesis: the first line must be seq 1 with a {@code prev} of 64 zeros.
         */
        public Builder startAfter(ChainLink link) {
            this.start = Objects.requireNonNull(link, "startAfter");
            return this;
        }

        /**
         * Requires the log to hold the line {@code link} names, with that hash: a
         * {@link HashChainAuditSink#head()} kept off the host. Detects a log rewritten from that
         * line on (which {@code sha256} alone cannot) and a log cut short before it
         * ({@link ChainProblem.Kind#TRUNCATED}). Checkpoints at or before {@link #startAfter} are
         * not checked.
         *
         * @throws IllegalArgumentException when the same seq was given with another hash
         */
        public Builder checkpoint(ChainLink link) {
            Objects.requireNonNull(link, "checkpoint");
            String before = checkpoints.putIfAbsent(link.seq(), link.hash());
            if (before != null && !before.equals(link.hash())) {
                throw new IllegalArgumentException("checkpoint seq " + link.seq() + " was given twice with different hashes");
            }
            return this;
        }

        /** Builds the verifier. */
        public AuditChainVerifier build() {
            return new AuditChainVerifier(this);
        }
    }
}
