package dev.secrets4j.internal;

import dev.secrets4j.SecretChange;
import dev.secrets4j.SecretChangeListener;
import dev.secrets4j.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Hands {@link SecretChange}s to the listeners registered for a name and to the listeners of
 * every name, each call on the listener executor; a listener that throws is logged and the
 * others still run.
 */
final class ChangeDispatcher {

    private static final Logger log = LoggerFactory.getLogger(ChangeDispatcher.class);

    private final Executor executor;
    private final Map<String, List<SecretChangeListener>> byName = new ConcurrentHashMap<>();
    private final List<SecretChangeListener> any = new CopyOnWriteArrayList<>();

    ChangeDispatcher(Executor executor) {
        this.executor = executor;
    }

    /** Registers a listener for {@code name}, or for every name when {@code name} is null. */
    Subscription register(String name, SecretChangeListener listener) {
        List<SecretChangeListener> list = name == null ? any : byName.computeIfAbsent(name, k -> new CopyOnWriteArrayList<>());
        list.add(listener);
        return () -> list.remove(listener);
    }

    void dispatch(SecretChange change) {
        for (SecretChangeListener l : byName.getOrDefault(change.name(), List.of())) {
            submit(l, change);
        }
        for (SecretChangeListener l : any) {
            submit(l, change);
        }
    }

    private void submit(SecretChangeListener listener, SecretChange change) {
        try {
            executor.execute(() -> {
                try {
                    listener.onChange(change);
                } catch (RuntimeException | Error e) {
                    log.warn("change listener {} for secret '{}' threw {}; other listeners and refreshes go on",
                            listener.getClass().getName(), change.name(), e.getClass().getName(), e);
                }
            });
        } catch (RejectedExecutionException e) {
            log.debug("listener executor closed; change of secret '{}' not delivered", change.name());
        }
    }
}
