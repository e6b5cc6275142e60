package dev.secrets4j.audit;

import dev.secrets4j.AuditEvent;
import dev.secrets4j.AuditSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Writes audit events as a tamper-evident log: one JSON line per event, each carrying its
 * sequence number, the hash of the line before it ({@code prev}) and its own {@code hash}, a
 * SHA-256 or, with a key the application supplies, an HMAC-SHA256 over the line's canonical
 * form. The chain runs across files ({@code audit-000001.jsonl}, {@code audit-000002.jsonl}, ...)
 * and across restarts; {@link AuditChainVerifier} names the first line that was changed, deleted,
 * inserted or reordered. The format is in {@code docs/audit.md}.
 *
 * <pre>{@code
 * HashChainAuditSink audit = HashChainAuditSink.builder(Path.of("/var/log/app/audit"))
 *     .hmacSha256(() -> AuditKey.fromSecret(bootstrap.get("AUDIT_HMAC_KEY")))   // taken at build and at each rollover
 *     .maxFileSize(64L << 20)
 *     .rolloverDaily()
 *     .build();
 * Secrets secrets = Secrets.builder().auditSink(audit)...build();
 * }</pre>
 *
 * <p>{@link #record} is thread-safe and never throws: each event is one synchronized append of one
 * line (one {@code write} call, and an {@code fsync} with {@link Fsync#EVERY_LINE}). While the log
 * cannot be written, events are dropped with one WARN per failure streak; the next line that can be
 * written is preceded by a {@code RECOVERED} line that records how many were dropped. Events
 * never carry a secret value, so no value can enter the log. One sink per folder: a lock file
 * ({@code <base>.lock}) keeps a second writer, in this process or another, out.
 */
public final class HashChainAuditSink implements AuditSink, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HashChainAuditSink.class);

    /** When lines are forced to the storage device. */
    public enum Fsync {
        /**
         * After every line: a power loss loses no recorded event, at the cost of one
         * {@code fsync} per event (milliseconds on many disks).
         */
        EVERY_LINE,
        /**
         * At rollover and {@link HashChainAuditSink#close()} only. Each line is still handed to
         * the operating system at once (no buffering in the JVM), so a crash of the process loses
         * nothing; a power loss may lose the lines the system had not yet written.
         */
        ON_CLOSE
    }

    private final Object lock = new Object();
    private final Path dir;
    private final FileChannel lockChannel;
    private final FileLock fileLock;
    private final ChainWriter writer;
    private boolean closed;
    private boolean failing;
    private long failedInStreak;
    private boolean warnedClosed;

    private HashChainAuditSink(Path dir, FileChannel lockChannel, FileLock fileLock, ChainWriter writer) {
        this.dir = dir;
        this.lockChannel = lockChannel;
        this.fileLock = fileLock;
        this.writer = writer;
    }

    /** Starts a sink that writes its files in {@code directory}, which is created when missing. */
    public static Builder builder(Path directory) {
        return new Builder(directory);
    }

    /**
     * Appends one line for {@code event}; never throws. When the log cannot be written, the event
     * is dropped: the first failure of a streak is one WARN, the first success after it one INFO.
     */
    @Override
    public void record(AuditEvent event) {
        if (event == null) {
            return;
        }
        synchronized (lock) {
            if (closed) {
                if (!warnedClosed) {
                    warnedClosed = true;
                    LOG.warn("audit event dropped: the audit log {} is closed; later events are dropped without a warning", dir);
                }
                return;
            }
            try {
                writer.write(AuditLine.event(event));
                if (failing) {
                    failing = false;
                    LOG.info("audit log {} is written again after {} failed writes; a RECOVERED line counts the events dropped",
                            dir, failedInStreak);
                }
            } catch (IOException | RuntimeException e) {
                if (failing) {
                    failedInStreak++;
                    return;
                }
                failing = true;
                failedInStreak = 1;
                // e names the file and the system's reason; events and lines carry no values.
                LOG.warn("audit log {} cannot be written ({}); dropping audit events until it can, then a RECOVERED"
                        + " line records how many were dropped", dir, e.toString());
            }
        }
    }

    /** The last line written: its sequence number and hash, to ship off the host as a checkpoint for the verifier. */
    public ChainLink head() {
        synchronized (lock) {
            return writer.head();
        }
    }

    /** The file lines are written to now; empty once closed or while a failure keeps the log closed. */
    public Optional<Path> currentFile() {
        synchronized (lock) {
            return closed ? Optional.empty() : writer.currentFile();
        }
    }

    /**
     * Forces the current file to disk, closes it and releases the folder; later events are
     * dropped (with one WARN). Does not throw: a failure is logged at WARN. Idempotent.
     */
    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            try {
                writer.close();
            } catch (IOException e) {
                LOG.warn("closing audit log {} failed ({}); its last lines may not be on disk", dir, e.toString());
            } finally {
                release(fileLock, lockChannel);
            }
        }
    }

    /** {@code HashChainAuditSink[/var/log/app/audit/audit-000003.jsonl, hmac-sha256 key 'AUDIT_HMAC_KEY@3', seq 1234]}; never a key. */
    @Override
    public String toString() {
        synchronized (lock) {
            String where = closed ? dir + " (closed)" : writer.currentFile().map(Path::toString).orElse(dir + " (failing)");
            return "HashChainAuditSink[" + where + ", " + writer.hasher() + ", seq " + writer.head().seq() + "]";
        }
    }

    private static void release(FileLock fileLock, FileChannel lockChannel) {
        try {
            fileLock.release();
            lockChannel.close();
        } catch (IOException e) {
            LOG.debug("releasing the audit lock file failed ({}); the system releases it when the process ends", e.toString());
        }
    }

    /** Options of a {@link HashChainAuditSink}; setters check their argument at once and name the setting. */
    public static final class Builder {
        private final Path directory;
        private String baseName = "audit";
        private long maxFileSize = 64L << 20;
        private boolean daily;
        private Clock clock = Clock.systemUTC();
        private Supplier<AuditKey> keys;
        private Fsync fsync = Fsync.ON_CLOSE;

        private Builder(Path directory) {
            this.directory = Objects.requireNonNull(directory, "directory");
        }

        /**
         * The start of file names: {@code audit} (the default) gives {@code audit-000001.jsonl},
         * {@code audit-000002.jsonl}, ... Letters, digits, {@code . _ -}, not starting with a dot.
         */
        public Builder baseName(String baseName) {
            this.baseName = LogFiles.checkBaseName(baseName);
            return this;
        }

        /**
         * The size after which the next line goes to a new file; default 64 MiB. A file holds at
         * least one line, so a line longer than this gets a file of its own.
         */
        public Builder maxFileSize(long bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("maxFileSize must be at least 1 byte, got " + bytes);
            }
            this.maxFileSize = bytes;
            return this;
        }

        /**
         * Also starts a new file with the first line of each day, in the {@link #clock(Clock)}'s
         * time zone (UTC by default). After a restart, a file's day is the day it was last modified.
         */
        public Builder rolloverDaily() {
            this.daily = true;
            return this;
        }

        /** The clock for daily rollover and for the time of {@code RECOVERED} lines; default the system clock in UTC. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Hashes lines with plain SHA-256 (the default): detects accidents and edits, not a rewrite of the whole log. */
        public Builder sha256() {
            this.keys = null;
            return this;
        }

        /** Hashes lines with HMAC-SHA256 under {@code key} for the life of the sink. */
        public Builder hmacSha256(AuditKey key) {
            Objects.requireNonNull(key, "key");
            this.keys = () -> key;
            return this;
        }

        /**
         * Hashes lines with HMAC-SHA256 under the key {@code keys} supplies at build and at each
         * rollover, so that a rotated key is taken up with the next file. If it throws at a
         * rollover, the new file keeps the previous key (with a WARN).
         */
        public Builder hmacSha256(Supplier<AuditKey> keys) {
            this.keys = Objects.requireNonNull(keys, "keys");
            return this;
        }

        /** When lines are forced to disk; default {@link Fsync#ON_CLOSE}. */
        public Builder fsync(Fsync fsync) {
            this.fsync = Objects.requireNonNull(fsync, "fsync");
            return this;
        }

        /**
         * Creates the folder if needed, takes its lock, and continues the chain from the newest
         * file (repairing a torn last line with a {@code RECOVERED} line), or starts it.
         *
         * @throws IllegalStateException when another sink holds the folder, the key supplier
         *                               fails, or the last line cannot be continued (not an
         *                               audit line, or written in another hash mode)
         * @throws UncheckedIOException  when the folder or its files cannot be read or written
         */
        public HashChainAuditSink build() {
            LineHash hasher = keys == null ? LineHash.sha256() : LineHash.hmac(firstKey());
            Path dir = directory.toAbsolutePath();
            FileChannel lockChannel = null;
            try {
                Files.createDirectories(dir);
                lockChannel = FileChannel.open(dir.resolve(baseName + ".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock fileLock = tryLock(lockChannel, dir);
                ChainWriter writer = new ChainWriter(dir, baseName, maxFileSize, daily, clock, fsync == Fsync.EVERY_LINE, keys, hasher);
                try {
                    writer.open();
                } catch (IOException | RuntimeException e) {
                    release(fileLock, lockChannel);
                    throw e;
                }
                return new HashChainAuditSink(dir, lockChannel, fileLock, writer);
            } catch (IOException e) {
                closeQuietly(lockChannel);
                throw new UncheckedIOException("cannot open audit log " + dir + " (" + e + "); check that the folder is writable", e);
            } catch (RuntimeException e) {
                closeQuietly(lockChannel);
                throw e;
            }
        }

        private AuditKey firstKey() {
            AuditKey key;
            try {
                key = keys.get();
            } catch (RuntimeException e) {
                throw new IllegalStateException("the audit HMAC key supplier failed (" + e.getClass().getSimpleName()
                        + "); make the key readable before building the sink", e);
            }
            if (key == null) {
                throw new IllegalStateException("the audit HMAC key supplier returned null; return an AuditKey");
            }
            return key;
        }

        private FileLock tryLock(FileChannel lockChannel, Path dir) throws IOException {
            FileLock fileLock;
            try {
                fileLock = lockChannel.tryLock();
            } catch (OverlappingFileLockException e) {
                fileLock = null;
            }
            if (fileLock == null) {
                throw new IllegalStateException("audit log " + dir + " (" + baseName + "-*.jsonl) is already written by another"
                        + " sink; close it first, or give this one another folder or base name");
            }
            return fileLock;
        }

        private static void closeQuietly(FileChannel ch) {
            if (ch != null) {
                try {
                    ch.close();
                } catch (IOException e) {
                    LOG.debug("closing the audit lock file failed ({})", e.toString());
                }
            }
        }
    }
}
