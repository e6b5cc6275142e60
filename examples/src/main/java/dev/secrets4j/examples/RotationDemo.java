package dev.secrets4j.examples;

import dev.secrets4j.SecretChange;
import dev.secrets4j.Secrets;
import dev.secrets4j.Subscription;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Shows a rotation reaching the application: registers a change listener for DB_PASSWORD,
 * rewrites the file atomically, and prints the {@link SecretChange} the listener receives (masked
 * secrets, versions and cause). Waits for the Docker provider's file watch first and falls back
 * to {@link Secrets#refresh(String)} when no event comes in time.
 */
final class RotationDemo {

    /** How long the file watch gets before the example asks for a refresh itself. */
    static final Duration WATCH_WAIT = Duration.ofSeconds(5);
    /** How long the listener gets after the manual refresh. */
    static final Duration REFRESH_WAIT = Duration.ofSeconds(5);

    private RotationDemo() {
    }

    /** Rotates DB_PASSWORD in {@code folder} and prints the change event; false when none arrived. */
    static boolean run(Secrets secrets, DevSecrets dev, Path folder, PrintStream out)
            throws IOException, InterruptedException {
        String name = DevSecrets.DB_PASSWORD;
        AtomicReference<SecretChange> received = new AtomicReference<>();
        CountDownLatch changed = new CountDownLatch(1);
        Subscription subscription = secrets.onChange(name, change -> {
            received.compareAndSet(null, change);
            changed.countDown();
        });
        try {
            out.println("   before:  " + secrets.get(name));
            long start = System.nanoTime();
            dev.rotatePassword(folder);
            out.println("   rewrote " + folder.resolve(name) + " (temporary file, mode 0600, then ATOMIC_MOVE)");
            if (!await(changed, WATCH_WAIT)) {
                out.println("   no file-watch event within " + WATCH_WAIT.toSeconds() + " s; calling secrets.refresh(\""
                        + name + "\")");
                secrets.refresh(name);
                await(changed, REFRESH_WAIT);
            }
            SecretChange change = received.get();
            if (change == null) {
                out.println("   no change event arrived for " + name + "; is " + folder + " on a file system that"
                        + " reports changes?");
                return false;
            }
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            out.println("   listener received a SecretChange after " + took.toMillis() + " ms:");
            out.println("     name      " + change.name());
            out.println("     previous  " + change.previous());
            out.println("     current   " + change.current());
            out.println("     cause     " + change.cause());
            out.println("     at        " + change.at());
            out.println("   after:   " + secrets.get(name));
            return true;
        } finally {
            subscription.cancel();
        }
    }

    private static boolean await(CountDownLatch latch, Duration timeout) throws InterruptedException {
        return latch.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
}
