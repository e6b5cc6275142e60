package dev.secrets4j.provider.file.internal;

import java.io.IOException;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The writers' lock of one store: a fair JVM-wide {@link ReentrantLock} per lock file, then an
 * exclusive {@link FileLock} on it, which serialises writers across processes.
 *
 * <p>The JVM lock comes first because file locks belong to the whole process: a second channel
 * in the same JVM would get an {@link OverlappingFileLockException}, and closing any channel on
 * the file may release every lock the process holds on it. So at most one thread of this JVM has
 * the lock file open at a time, and only while it holds the lock.
 *
 * <p>The file lock is taken with a blocking {@link FileChannel#lock()}, so the operating system
 * queues the waiter and hands it the lock when it is released; polling {@code tryLock()} would
 * starve behind a process that writes in a loop. {@code lock()} has no timeout: a daemon thread
 * ({@code secrets4j-file-lock-timeout}) closes the channel when the wait runs out, which ends the
 * wait with an {@link AsynchronousCloseException}.
 */
public final class StoreLock {

    private static final ConcurrentHashMap<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private final Path lockFile;
    private final ReentrantLock jvmLock;

    /**
     * The lock of the store whose lock file is {@code lockFile}; {@code realPath} is the same file
     * by its real path (no links), which keys the JVM-wide lock.
     */
    public StoreLock(Path lockFile, Path realPath) {
        this.lockFile = lockFile;
        this.jvmLock = JVM_LOCKS.computeIfAbsent(realPath, k -> new ReentrantLock(true));
    }

    /** A held lock; {@link #close()} releases it. */
    public interface Held extends AutoCloseable {
        /** Releases the lock. */
        @Override
        void close() throws IOException;
    }

    /**
     * Takes the lock, waiting at most {@code timeout}.
     *
     * @return the held lock, or empty when another thread or process kept it for the whole timeout
     * @throws IOException          when the lock file cannot be opened
     * @throws InterruptedException when the thread is interrupted while waiting
     */
    public Optional<Held> acquire(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        if (!jvmLock.tryLock(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
            return Optional.empty();
        }
        FileChannel channel = null;
        boolean handedOver = false;
        try {
            channel = open();
            FileLock lock = lockBefore(channel, deadline);
            if (lock == null) {
                return Optional.empty();
            }
            FileChannel held = channel;
            handedOver = true;
            return Optional.of(() -> release(held, lock));
        } finally {
            if (!handedOver) {
                try {
                    if (channel != null) {
                        channel.close();
                    }
                } finally {
                    jvmLock.unlock();
                }
            }
        }
    }

    /** The file lock, or null when the deadline passed first. */
    private FileLock lockBefore(FileChannel channel, long deadline) throws IOException, InterruptedException {
        try {
            FileLock free = channel.tryLock();
            if (free != null) {
                return free;
            }
        } catch (OverlappingFileLockException e) {
            return pollBefore(channel, deadline);
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            return null;
        }
        AtomicBoolean settled = new AtomicBoolean();
        ScheduledFuture<?> alarm = Watchdog.TIMER.schedule(() -> {
            if (settled.compareAndSet(false, true)) {
                closeQuietly(channel);
            }
        }, left, TimeUnit.NANOSECONDS);
        try {
            FileLock lock = channel.lock();
            if (settled.compareAndSet(false, true)) {
                return lock;
            }
            return null; // the alarm won the race and closes the channel: the lock goes with it
        } catch (ClosedByInterruptException e) {
            Thread.interrupted();
            throw new InterruptedException("interrupted while waiting for " + lockFile);
        } catch (AsynchronousCloseException e) {
            return null;
        } finally {
            alarm.cancel(false);
        }
    }

    /**
     * Held through another channel of this JVM (a path aliasing ours, or code outside the store):
     * a blocking lock would fail at once, so poll until the deadline.
     */
    private FileLock pollBefore(FileChannel channel, long deadline) throws IOException, InterruptedException {
        while (System.nanoTime() < deadline) {
            LockSupport.parkNanos(Math.min(POLL_NANOS, Math.max(1, deadline - System.nanoTime())));
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted while waiting for " + lockFile);
            }
            try {
                FileLock lock = channel.tryLock();
                if (lock != null) {
                    return lock;
                }
            } catch (OverlappingFileLockException e) {
                // still held in this JVM: keep waiting
            }
        }
        return null;
    }

    private FileChannel open() throws IOException {
        Set<StandardOpenOption> options = Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileAttribute<?>[] attributes = StoreFiles.posix(lockFile)
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(StoreFiles.FILE_MODE)}
                : new FileAttribute<?>[0];
        return FileChannel.open(lockFile, options, attributes);
    }

    private void release(FileChannel channel, FileLock lock) throws IOException {
        try {
            lock.release();
            channel.close();
        } finally {
            jvmLock.unlock();
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // The waiter sees the channel closed either way.
        }
    }

    /** The one timer thread, started on the first wait that needs it. */
    private static final class Watchdog {
        static final ScheduledExecutorService TIMER = timer();

        private static ScheduledExecutorService timer() {
            ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
                Thread t = new Thread(r, "secrets4j-file-lock-timeout");
                t.setDaemon(true);
                return t;
            });
            // Most waits end well before their alarm: drop cancelled alarms at once rather than at their time.
            timer.setRemoveOnCancelPolicy(true);
            return timer;
        }
    }
}
