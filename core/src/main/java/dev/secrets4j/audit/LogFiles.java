package dev.secrets4j.audit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The files of one log ({@code audit-000001.jsonl}, {@code audit-000002.jsonl}, ...) and reading the end of one. */
final class LogFiles {

    /** Base names are file-name safe on every system and never start with a dot. */
    static final Pattern BASE_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,99}");
    private static final Pattern ANY_LOG_FILE = Pattern.compile(".*-([0-9]{6,18})\\.jsonl");
    private static final int CHUNK = 8192;

    private LogFiles() {
    }

    /** One file of a log and its number. */
    record LogFile(Path path, long index) {
    }

    /** {@code audit-000042.jsonl}: six digits at least, so that names sort as numbers until the millionth file. */
    static String name(String base, long index) {
        return String.format("%s-%06d.jsonl", base, index);
    }

    /** The regular files named {@code <base>-<digits>.jsonl} in {@code dir}, by number (directories and other names are ignored). */
    static List<LogFile> list(Path dir, String base) throws IOException {
        Pattern own = Pattern.compile(Pattern.quote(base) + "-([0-9]{6,18})\\.jsonl");
        List<LogFile> files = new ArrayList<>();
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path p : (Iterable<Path>) entries::iterator) {
                Matcher m = own.matcher(p.getFileName().toString());
                if (m.matches() && Files.isRegularFile(p)) {
                    files.add(new LogFile(p, Long.parseLong(m.group(1))));
                }
            }
        }
        files.sort(Comparator.comparingLong(LogFile::index).thenComparing(LogFile::path));
        return files;
    }

    /** The number in a file name such as {@code audit-000003.jsonl}, whatever its base name. */
    static OptionalLong index(Path file) {
        Matcher m = ANY_LOG_FILE.matcher(file.getFileName().toString());
        return m.matches() ? OptionalLong.of(Long.parseLong(m.group(1))) : OptionalLong.empty();
    }

    /**
     * The end of a file: where its last complete (newline-terminated) line ends, that line
     * (without its newline), and how many bytes follow it without a newline (a torn line).
     */
    record Tail(long completeEnd, Optional<byte[]> lastLine, long tornLength) {
    }

    static Tail tail(FileChannel ch) throws IOException {
        long size = ch.size();
        long lastNewline = lastNewlineBefore(ch, size);
        if (lastNewline < 0) {
            return new Tail(0, Optional.empty(), size);
        }
        long start = lastNewlineBefore(ch, lastNewline) + 1;
        return new Tail(lastNewline + 1, Optional.of(read(ch, start, lastNewline)), size - lastNewline - 1);
    }

    /** Lowercase hex SHA-256 of the bytes {@code [from, to)} of {@code ch}. */
    static String sha256(FileChannel ch, long from, long to) throws IOException {
        MessageDigest digest = LineHash.newSha256();
        ByteBuffer buf = ByteBuffer.allocate(CHUNK);
        long pos = from;
        while (pos < to) {
            buf.clear().limit((int) Math.min(CHUNK, to - pos));
            int n = ch.read(buf, pos);
            if (n < 0) {
                throw new IOException("file ended at byte " + pos + ", expected " + to);
            }
            digest.update(buf.flip());
            pos += n;
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** The offset of the last {@code '\n'} before offset {@code end}, or -1. */
    private static long lastNewlineBefore(FileChannel ch, long end) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(CHUNK);
        long chunkEnd = end;
        while (chunkEnd > 0) {
            long chunkStart = Math.max(0, chunkEnd - CHUNK);
            buf.clear().limit((int) (chunkEnd - chunkStart));
            readFully(ch, buf, chunkStart);
            for (int i = buf.limit() - 1; i >= 0; i--) {
                if (buf.get(i) == '\n') {
                    return chunkStart + i;
                }
            }
            chunkEnd = chunkStart;
        }
        return -1;
    }

    private static byte[] read(FileChannel ch, long from, long to) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(Math.toIntExact(to - from));
        readFully(ch, buf, from);
        return buf.array();
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long position) throws IOException {
        long pos = position;
        while (buf.hasRemaining()) {
            int n = ch.read(buf, pos);
            if (n < 0) {
                throw new IOException("file ended at byte " + pos + " while reading its last line");
            }
            pos += n;
        }
    }

    /**
     * {@code baseName}, checked: 1 to 100 letters, digits, {@code . _ -}, not starting with a dot or dash.
     *
     * @throws IllegalArgumentException naming the value otherwise
     */
    static String checkBaseName(String baseName) {
        java.util.Objects.requireNonNull(baseName, "baseName");
        if (!BASE_NAME.matcher(baseName).matches()) {
            throw new IllegalArgumentException("baseName must be 1 to 100 letters, digits, '.', '_' or '-', not starting"
                    + " with '.' or '-', got '" + baseName.replaceAll("\\p{Cntrl}", "?") + "'");
        }
        return baseName;
    }
}
