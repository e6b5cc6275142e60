package dev.secrets4j.spring.boot.autoconfigure.rotation;

import dev.secrets4j.SecretChange;
import dev.secrets4j.Secrets;
import org.springframework.context.ApplicationEvent;

import java.time.Instant;
import java.util.Objects;

/**
 * A secret got a new version: the Spring form of a {@link SecretChange}, published to the
 * application context for every change of every secret.
 *
 * <pre>{@code
 * @EventListener
 * void on(SecretChangedEvent event) {
 *     if (event.name().equals("API_KEY")) {
 *         client.useKey(event.change().current().asChars());
 *     }
 * }
 * }</pre>
 *
 * <p>Published on the thread that runs change listeners ({@code secrets4j-listener-1} by
 * default), never a reader's thread. By then the {@code @ConfigurationProperties} beans bound to the
 * secret are rebound. {@link #toString()} shows name, versions and cause, never a value.
 */
public final class SecretChangedEvent extends ApplicationEvent {

    private static final long serialVersionUID = 1L;

    private final transient SecretChange change;

    private SecretChangedEvent(Secrets source, SecretChange change) {
        super(source);
        this.change = change;
    }

    /** The event for {@code change}, from {@code source}. */
    public static SecretChangedEvent of(Secrets source, SecretChange change) {
        return new SecretChangedEvent(Objects.requireNonNull(source, "source"), Objects.requireNonNull(change, "change"));
    }

    /** The logical name of the secret that changed. */
    public String name() {
        return change.name();
    }

    /** The version the application had. */
    public String previousVersion() {
        return change.previous().version();
    }

    /** The new version. */
    public String currentVersion() {
        return change.current().version();
    }

    /** What noticed the change: a scheduled refresh, a provider's push, or a manual refresh. */
    public SecretChange.Cause cause() {
        return change.cause();
    }

    /** When the change was noticed. */
    public Instant at() {
        return change.at();
    }

    /** The change itself, with the previous and the new {@code Secret}. */
    public SecretChange change() {
        return change;
    }

    /** The {@link Secrets} that noticed the change. */
    @Override
    public Secrets getSource() {
        return (Secrets) super.getSource();
    }

    /** {@code SecretChangedEvent[DB_PASSWORD v3 -> v4, REFRESH]}: never a value. */
    @Override
    public String toString() {
        return "SecretChangedEvent[" + name() + " v" + previousVersion() + " -> v" + currentVersion() + ", " + cause() + "]";
    }
}
