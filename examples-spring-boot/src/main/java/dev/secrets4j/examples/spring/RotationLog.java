package dev.secrets4j.examples.spring;

import dev.secrets4j.spring.boot.autoconfigure.rotation.SecretChangedEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Logs each secret change (name, versions, cause, provider; never a value): replace a file in the
 * secrets folder, or write a new version in Vault, and the line appears within the refresh
 * interval. The starter publishes every change as a {@link SecretChangedEvent}.
 */
@Component
class RotationLog {

    private static final Logger log = LoggerFactory.getLogger(RotationLog.class);

    @EventListener
    void on(SecretChangedEvent event) {
        log.info("secret {} changed from version {} to {} ({}, from {})", event.name(), event.previousVersion(),
                event.currentVersion(), event.cause(), event.change().current().providerId());
    }
}
