package dev.secrets4j.provider.docker.internal;

import dev.secrets4j.Subscription;
import dev.secrets4j.spi.SecretRef;
import dev.secrets4j.spi.WatchListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Watches the base folders of one provider on one daemon thread and tells each listener when the
 * state of its reference (a keyed content hash, absent, or failing) changed.
 *
 * <p>With a {@link WatchService}, any event in a base folder (a file written, a Kubernetes
 * {@code ..data} link renamed) triggers a scan; the folders are also scanned every poll
 * interval, for what a watch service cannot see (a file edited in place behind a symbolic link,
 * a lost event). Without one, the scan runs every poll interval only. A scan re-reads every
 * watched reference once, so a Kubernetes swap signals exactly the secrets whose content changed.
 *
 * <p>Listeners run on the watcher thread; one that throws is logged and does not stop the others.
 */
public final class FolderWatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FolderWatcher.class);

    /** The state of a reference no folder has. */
    public static final String ABSENT = "absent";
    /** The state of a reference whose read fails. */
    public static final String FAILED = "failed";

    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    private final String threadName;
    private final List<Path> folders;
    private final Duration pollInterval;
    private final boolean useWatchService;
    private final Function<SecretRef, String> stateOf;

    private final ConcurrentMap<Long, Watch> watches = new ConcurrentHashMap<>();
    private final AtomicLong nextId = new AtomicLong();
    private final AtomicLong scans = new AtomicLong();
    private final Object lock = new Object();
    private final Map<Path, WatchKey> keys = new HashMap<>();

    private Thread thread;
    private WatchService watchService;
    private boolean closed;

    /**
     * A watcher that has not started yet.
     *
     * @param stateOf the state of a reference: a keyed content hash, {@link #ABSENT} or {@link #FAILED}
     */
    public FolderWatcher(String threadName, List<Path> folders, Duration pollInterval, boolean useWatchService,
                         Function<SecretRef, String> stateOf) {
        this.threadName = threadName;
        this.folders = List.copyOf(folders);
        this.pollInterval = pollInterval;
        this.useWatchService = useWatchService;
        this.stateOf = stateOf;
    }

    /**
     * Watches {@code ref}: the listener is called when its state differs from the state at this
     * call. Starts the watcher thread on the first call.
     *
     * @throws IllegalStateException after {@link #close()}
     */
    public Subscription watch(SecretRef ref, WatchListener listener) {
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("the docker provider is closed; create a new one to watch secrets");
            }
            startIfNeeded();
        }
        // The initial state is taken after the folders are registered, so no change falls between.
        Watch watch = new Watch(ref, listener, safeState(ref));
        long id = nextId.incrementAndGet();
        watches.put(id, watch);
        return () -> watches.remove(id);
    }

    /** How many scans have completed: a test waits for it to move to know a scan has run. */
    public long scans() {
        return scans.get();
    }

    /** Whether a {@link WatchService} drives the scans (false: polling only). Meaningful once started. */
    public boolean usesWatchService() {
        synchronized (lock) {
            return watchService != null;
        }
    }

    /** Whether the watcher thread is running. */
    public boolean isRunning() {
        synchronized (lock) {
            return thread != null && thread.isAlive();
        }
    }

    /** Stops the thread and the watch service; watches end. Closing twice is harmless. */
    @Override
    public void close() {
        Thread running;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            lock.notifyAll();
            running = thread;
            closeWatchService();
        }
        watches.clear();
        if (running != null && running != Thread.currentThread()) {
            try {
                // The thread wakes at once (closed watch service or notify); only a slow listener delays it.
                running.join(CLOSE_WAIT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void startIfNeeded() {
        if (thread != null) {
            return;
        }
        if (useWatchService) {
            openWatchService();
        }
        thread = new Thread(this::run, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    private void openWatchService() {
        try {
            watchService = folders.get(0).getFileSystem().newWatchService();
            registerFolders();
        } catch (IOException | UnsupportedOperationException e) {
            LOG.warn("no file watch service for {} ({}); polling every {} ms instead", folders, e.getClass().getSimpleName(),
                    pollInterval.toMillis());
            watchService = null;
        }
    }

    /** Registers every base folder that exists and is not registered yet; folders may appear later. */
    private void registerFolders() {
        if (watchService == null) {
            return;
        }
        for (Path folder : folders) {
            WatchKey existing = keys.get(folder);
            if ((existing != null && existing.isValid()) || !Files.isDirectory(folder)) {
                continue;
            }
            try {
                keys.put(folder, folder.register(watchService, StandardWatchEventKinds.ENTRY_CREATE,
                        StandardWatchEventKinds.ENTRY_DELETE, StandardWatchEventKinds.ENTRY_MODIFY));
            } catch (IOException | RuntimeException e) {
                // Polling still covers this folder.
                LOG.debug("cannot watch {} ({}); it is polled", folder, e.getClass().getSimpleName());
            }
        }
    }

    private void run() {
        LOG.debug("watching {} ({})", folders, watchService != null ? "watch service" : "polling");
        while (waitForChange()) {
            scan();
        }
        LOG.debug("stopped watching {}", folders);
    }

    /** Waits for an event or the poll interval; false once closed. */
    private boolean waitForChange() {
        WatchService service;
        synchronized (lock) {
            if (closed) {
                return false;
            }
            registerFolders();
            service = watchService;
            if (service == null) {
                try {
                    lock.wait(Math.max(1, pollInterval.toMillis()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
                return !closed;
            }
        }
        try {
            WatchKey key = service.poll(pollInterval.toNanos(), TimeUnit.NANOSECONDS);
            while (key != null) {
                key.pollEvents();
                key.reset();
                key = service.poll();
            }
        } catch (ClosedWatchServiceException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        synchronized (lock) {
            return !closed;
        }
    }

    private void scan() {
        Map<SecretRef, String> states = new HashMap<>();
        for (Watch watch : watches.values()) {
            String now = states.computeIfAbsent(watch.ref, this::safeState);
            if (!now.equals(watch.last)) {
                watch.last = now;
                signal(watch);
            }
        }
        scans.incrementAndGet();
    }

    private String safeState(SecretRef ref) {
        try {
            return stateOf.apply(ref);
        } catch (RuntimeException e) {
            return FAILED;
        }
    }

    private static void signal(Watch watch) {
        try {
            watch.listener.changed(watch.ref);
        } catch (RuntimeException e) {
            LOG.warn("a watch listener for secret '{}' threw {}; other listeners still run", watch.ref, e.getClass().getName());
        }
    }

    private void closeWatchService() {
        if (watchService != null) {
            try {
                watchService.close();
            } catch (IOException e) {
                LOG.debug("closing the watch service failed ({})", e.getClass().getSimpleName());
            }
        }
    }

    /** One watched reference; {@code last} is touched by the watcher thread only after creation. */
    private static final class Watch {
        private final SecretRef ref;
        private final WatchListener listener;
        private volatile String last;

        Watch(SecretRef ref, WatchListener listener, String initial) {
            this.ref = ref;
            this.listener = listener;
            this.last = initial;
        }
    }
}
