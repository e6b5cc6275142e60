package dev.secrets4j.audit;

import dev.secrets4j.audit.LogFiles.LogFile;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the lines of a log's files in order and checks each on its own: parsed, mode and key
 * known, hash matching, canonical. One line of lookahead ({@link #peek()}). Not thread-safe.
 */
final class LineReader implements Closeable {

    private final List<LogFile> files;
    private final Optional<LineHash> sha256;
    private final Map<String, LineHash> hmacByKid;
    private int fileIndex = -1;
    private InputStream in;
    private long lineNumber;
    private LogLine peeked;
    private int filesOpened;
    private Path lastFile;
    private long lastFileLines;

    /** Reads {@code files}; lines must be {@code sha256} when {@code hmacByKid} is empty, else HMAC under one of its keys. */
    LineReader(List<LogFile> files, Map<String, LineHash> hmacByKid) {
        this.files = files;
        this.hmacByKid = hmacByKid;
        this.sha256 = hmacByKid.isEmpty() ? Optional.of(LineHash.sha256()) : Optional.empty();
    }

    /** The next line, or null at the end of the last file. */
    LogLine next() throws IOException {
        LogLine line = peek();
        peeked = null;
        return line;
    }

    /** The line {@link #next()} will return, or null. */
    LogLine peek() throws IOException {
        if (peeked == null) {
            peeked = read();
        }
        return peeked;
    }

    /** Files opened so far. */
    int filesOpened() {
        return filesOpened;
    }

    /** The last file opened (null before any) and how many lines it had when last read. */
    Path lastFile() {
        return lastFile;
    }

    long lastFileLines() {
        return lastFileLines;
    }

    boolean hmac() {
        return sha256.isEmpty();
    }

    @Override
    public void close() throws IOException {
        if (in != null) {
            in.close();
            in = null;
        }
    }

    private LogLine read() throws IOException {
        while (true) {
            if (in == null) {
                if (fileIndex + 1 >= files.size()) {
                    return null;
                }
                fileIndex++;
                in = new BufferedInputStream(Files.newInputStream(files.get(fileIndex).path()), 1 << 16);
                lineNumber = 0;
                filesOpened++;
                lastFile = files.get(fileIndex).path();
                lastFileLines = 0;
            }
            ByteArrayOutputStream buf = new ByteArrayOutputStream(512);
            int b;
            while ((b = in.read()) >= 0 && b != '\n') {
                buf.write(b);
            }
            if (b < 0 && buf.size() == 0) {
                close();
                continue;
            }
            lineNumber++;
            lastFileLines = lineNumber;
            LogFile file = files.get(fileIndex);
            return check(file, lineNumber, buf.toByteArray(), b == '\n');
        }
    }

    private LogLine check(LogFile file, long number, byte[] raw, boolean terminated) {
        AuditLine.Parsed parsed;
        try {
            parsed = AuditLine.parse(raw);
        } catch (IllegalArgumentException e) {
            return new LogLine(file.path(), file.index(), number, terminated, null, e.getMessage(), null, false, false);
        }
        LineHash hasher = null;
        String keyProblem = null;
        if (sha256.isPresent()) {
            if (parsed.alg().equals(LineHash.SHA256)) {
                hasher = sha256.get();
            } else {
                keyProblem = "it is hashed with " + parsed.alg() + parsed.kid().map(k -> " (key '" + k + "')").orElse("")
                        + " but the verifier has no HMAC key and expects sha256; give it the key";
            }
        } else if (!parsed.alg().equals(LineHash.HMAC_SHA256)) {
            keyProblem = "it is hashed with " + parsed.alg() + " but the verifier expects hmac-sha256 (it was given HMAC keys);"
                    + " a log written with HMAC has no plain sha256 lines, so this one was not written by its sink";
        } else {
            hasher = hmacByKid.get(parsed.kid().orElseThrow());
            if (hasher == null) {
                keyProblem = "it is signed with key '" + parsed.kid().orElseThrow() + "', which the verifier was not given"
                        + " (it has " + String.join(", ", hmacByKid.keySet()) + "); give it that key";
            }
        }
        boolean hashOk = hasher != null && MessageDigest.isEqual(
                hasher.hex(parsed.hashedForm()).getBytes(StandardCharsets.US_ASCII), parsed.hash().getBytes(StandardCharsets.US_ASCII));
        return new LogLine(file.path(), file.index(), number, terminated, parsed, null, keyProblem, hashOk, parsed.isCanonical(raw));
    }
}
