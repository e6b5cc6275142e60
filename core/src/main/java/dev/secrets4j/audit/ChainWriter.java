package dev.secrets4j.audit;

import dev.secrets4j.audit.LogFiles.LogFile;
import dev.secrets4j.audit.LogFiles.Tail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.SyncFailedException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.function.Supplier;

/**
 * Appends sealed lines to the files of one log: resumes the chain from the newest file, repairs a
 * torn last line with a {@code RECOVERED} marker, rolls over by size and day, and counts the
 * events it could not write until a marker records them. Not thread-safe: the sink calls it
 * under its lock.
 */
final class ChainWriter {

    private static final Logger LOG = LoggerFactory.getLogger(ChainWriter.class);

    private final Path dir;
    private final String base;
    private final long maxFileSize;
    private final boolean daily;
    private final Clock clock;
    private final boolean syncEveryLine;
    private final Supplier<AuditKey> keys;
    private LineHash hasher;

    private FileChannel channel;
    private LogFile current;
    private long position;
    private LocalDate fileDay;
    private ChainLink head = ChainLink.genesis();
    private long dropped;

    ChainWriter(Path dir, String base, long maxFileSize, boolean daily, Clock clock, boolean syncEveryLine,
                Supplier<AuditKey> keys, LineHash hasher) {
        this.dir = dir;
        this.base = base;
        this.maxFileSize = maxFileSize;
        this.daily = daily;
        this.clock = clock;
        this.syncEveryLine = syncEveryLine;
        this.keys = keys;
        this.hasher = hasher;
    }

    /**
     * Writes one line with {@code body}, first reopening the log if a failure closed it. On
     * failure the log is closed, to be reopened (and repaired) by the next call, and the event
     * counts as dropped unless its line was complete before the failure (a failed fsync).
     */
    void write(SortedMap<String, Object> body) throws IOException {
        boolean written = false;
        try {
            if (channel == null) {
                open();
            }
            written = append(body);
            if (syncEveryLine) {
                sync();
            }
        } catch (IOException | RuntimeException e) {
            if (!written) {
                dropped++;
            }
            abandon();
            throw e;
        }
    }

    /**
     * Opens the newest file and continues the chain from its last complete line (or the last
     * line of an earlier file when it has none; the genesis when there is no file). Bytes after
     * the last newline are a torn line: a {@code RECOVERED} marker overwrites them at once,
     * recording their length and SHA-256 (and the events dropped so far, if any).
     *
     * @throws IllegalStateException when the line to continue from is not an audit line or was
     *                               written in another hash mode
     */
    void open() throws IOException {
        List<LogFile> files = LogFiles.list(dir, base);
        if (files.isEmpty()) {
            head = ChainLink.genesis();
            create(1);
            return;
        }
        LogFile newest = files.get(files.size() - 1);
        FileChannel ch = FileChannel.open(newest.path(), StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            Tail tail = LogFiles.tail(ch);
            ChainLink resumed = tail.lastLine().isPresent()
                    ? headOf(newest.path(), tail.lastLine().get())
                    : headBefore(files.subList(0, files.size() - 1));
            String tornSha = tail.tornLength() > 0 ? LogFiles.sha256(ch, tail.completeEnd(), ch.size()) : "";
            channel = ch;
            current = newest;
            position = tail.completeEnd();
            head = resumed;
            fileDay = LocalDate.ofInstant(Files.getLastModifiedTime(newest.path()).toInstant(), clock.getZone());
            if (tail.tornLength() > 0) {
                marker(tail.tornLength(), tornSha);
            }
        } catch (IOException | RuntimeException e) {
            channel = null;
            closeQuietly(ch);
            throw e;
        }
    }

    /** Fsyncs and closes the current file; the writer can be opened again. */
    void close() throws IOException {
        if (channel != null) {
            try {
                channel.force(true);
            } finally {
                channel.close();
                channel = null;
            }
        }
    }

    ChainLink head() {
        return head;
    }

    /** The file lines go to now, or empty while a failure has the log closed. */
    Optional<Path> currentFile() {
        return channel == null ? Optional.empty() : Optional.of(current.path());
    }

    LineHash hasher() {
        return hasher;
    }

    /**
     * Rolls over if due, writes the {@code RECOVERED} line that counts dropped events (so it goes
     * where the next event goes, once the log can take it), then the event's line. Returns true
     * once the event's line is complete in the file.
     */
    private boolean append(SortedMap<String, Object> body) throws IOException {
        LocalDate today = LocalDate.ofInstant(clock.instant(), clock.getZone());
        long length = AuditLine.seal(body, head, hasher).bytes().length;
        if (position > 0 && (position + length > maxFileSize || (daily && !today.equals(fileDay)))) {
            roll();
        }
        if (position == 0) {
            fileDay = today;
        }
        if (dropped > 0) {
            marker(0, "");
        }
        writeAt(AuditLine.seal(body, head, hasher));
        return true;
    }

    private void marker(long tornLength, String tornSha) throws IOException {
        AuditLine.Sealed line = AuditLine.seal(AuditLine.recovered(clock.instant(), dropped, tornLength, tornSha), head, hasher);
        long start = position;
        writeAt(line);
        if (tornLength > 0) {
            // Only once the marker is complete: a crash before this leaves a torn tail behind the
            // marker, which the next start records again, rather than losing the marker.
            channel.truncate(position);
        }
        dropped = 0;
        LOG.debug("audit log {} resumed at {} with a RECOVERED line at byte {}", current.path(), head, start);
        // A repair is rare and is itself evidence: make it durable whatever the policy.
        sync();
    }

    private void roll() throws IOException {
        close();
        if (keys != null) {
            try {
                hasher = LineHash.hmac(Objects.requireNonNull(keys.get(), "the audit key supplier returned null"));
            } catch (RuntimeException e) {
                LOG.warn("audit log {}: the HMAC key supplier failed at rollover ({}); the next file keeps {}",
                        dir, e.getClass().getSimpleName(), hasher);
            }
        }
        create(current.index() + 1);
    }

    private void create(long index) throws IOException {
        Path path = dir.resolve(LogFiles.name(base, index));
        channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE);
        current = new LogFile(path, index);
        position = 0;
        fileDay = LocalDate.ofInstant(clock.instant(), clock.getZone());
        if (syncEveryLine) {
            syncDirectory();
        }
    }

    private void writeAt(AuditLine.Sealed line) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(line.bytes());
        long pos = position;
        while (buf.hasRemaining()) {
            pos += channel.write(buf, pos);
        }
        position = pos;
        head = line.link();
    }

    private void sync() throws IOException {
        try {
            channel.force(false);
        } catch (IOException e) {
            SyncFailedException failed = new SyncFailedException("fsync of " + current.path() + " failed: " + e.getMessage());
            failed.initCause(e);
            throw failed;
        }
    }

    /** Makes a new file's name durable; best effort, as not every system can open a folder. */
    private void syncDirectory() {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            LOG.debug("cannot fsync audit folder {} ({}); the new file's name is durable once the system syncs", dir, e.toString());
        }
    }

    private void abandon() {
        if (channel != null) {
            closeQuietly(channel);
            channel = null;
        }
    }

    private ChainLink headOf(Path file, byte[] line) {
        AuditLine.Parsed parsed;
        try {
            parsed = AuditLine.parse(line);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("cannot continue audit log " + dir + ": the last complete line of " + file.getFileName()
                    + " is not an audit line (" + e.getMessage() + "); verify the log with AuditChainVerifier and move the damaged"
                    + " files aside, or start a new folder");
        }
        if (!parsed.alg().equals(hasher.alg())) {
            throw new IllegalStateException("cannot continue audit log " + dir + ": " + file.getFileName() + " was written with "
                    + parsed.alg() + " but this sink hashes with " + hasher.alg() + "; keep one mode per log, or start a new folder");
        }
        return parsed.link();
    }

    private ChainLink headBefore(List<LogFile> earlier) throws IOException {
        for (int i = earlier.size() - 1; i >= 0; i--) {
            try (FileChannel ch = FileChannel.open(earlier.get(i).path(), StandardOpenOption.READ)) {
                Tail tail = LogFiles.tail(ch);
                if (tail.lastLine().isPresent()) {
                    return headOf(earlier.get(i).path(), tail.lastLine().get());
                }
            }
        }
        return ChainLink.genesis();
    }

    private static void closeQuietly(FileChannel ch) {
        try {
            ch.close();
        } catch (IOException e) {
            LOG.debug("closing an audit file after a failure failed too ({})", e.toString());
        }
    }
}
