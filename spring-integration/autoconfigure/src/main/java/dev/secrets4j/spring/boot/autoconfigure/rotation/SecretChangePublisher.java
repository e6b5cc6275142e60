package dev.secrets4j.spring.boot.autoconfigure.rotation;

import dev.secrets4j.Secrets;
import dev.secrets4j.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.ApplicationEventPublisher;

/**
 * Publishes every change of every secret as a {@link SecretChangedEvent}. Subscribes once every
 * singleton exists (so listeners of the event are ready) and unsubscribes when the context closes.
 */
final class SecretChangePublisher implements SmartInitializingSingleton, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(SecretChangePublisher.class);

    private final Secrets secrets;
    private final ApplicationEventPublisher publisher;
    private volatile Subscription subscription;

    SecretChangePublisher(Secrets secrets, ApplicationEventPublisher publisher) {
        this.secrets = secrets;
        this.publisher = publisher;
    }

    @Override
    public void afterSingletonsInstantiated() {
        subscription = secrets.onAnyChange(change -> {
            SecretChangedEvent event = SecretChangedEvent.of(secrets, change);
            log.debug("publishing {}", event);
            publisher.publishEvent(event);
        });
    }

    @Override
    public void destroy() {
        Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
    }
}
