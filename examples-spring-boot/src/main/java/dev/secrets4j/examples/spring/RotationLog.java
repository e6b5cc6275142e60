package dev.secrets4j.examples.spring;

import dev.secrets4j.Secrets;
import dev.secrets4j.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Logs each secret change (name, versions, provider, cause; never a value): replace a file in the
 * secrets folder, or write a new version in Vault, and the line appears within the refresh
 * interval.
 */
@Component
class RotationLog implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(RotationLog.class);

    private final Subscription subscription;

    RotationLog(Secrets secrets) {
        this.subscription = secrets.onAnyChange(change -> log.info("secret {} changed from version {} to {} ({}, from {})",
                change.name(), change.previous().version(), change.current().version(), change.cause(),
                change.current().providerId()));
    }

    @Override
    public void destroy() {
        subscription.cancel();
    }
}
