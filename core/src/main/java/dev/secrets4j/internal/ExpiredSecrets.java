package dev.secrets4j.internal;

import dev.secrets4j.Secret;
import dev.secrets4j.internal.spec.Certificates;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts the cached secrets whose value has expired: past the expiry the provider gave, or
 * holding a certificate past its {@code notAfter}. A certificate is parsed once per version.
 */
public final class ExpiredSecrets {

    private final SecretsEngine engine;
    private final Clock clock;
    private final Map<String, Optional<Instant>> certificateExpiry = new ConcurrentHashMap<>();

    /** Counts over {@code engine}'s cache at {@code clock}'s now. */
    public ExpiredSecrets(SecretsEngine engine, Clock clock) {
        this.engine = engine;
        this.clock = clock;
    }

    /** How many cached secrets have expired now. */
    public long count() {
        Instant now = clock.instant();
        long n = 0;
        for (String name : engine.cachedNames()) {
            Optional<Secret> s = engine.cached(name);
            if (s.isPresent() && expired(s.get(), now)) {
                n++;
            }
        }
        return n;
    }

    private boolean expired(Secret s, Instant now) {
        if (s.expiresAt().filter(at -> !now.isBefore(at)).isPresent()) {
            return true;
        }
        Optional<Instant> cert = certificateExpiry.computeIfAbsent(s.name() + "@" + s.version(),
                k -> Certificates.earliestExpiry(s));
        return cert.filter(at -> !now.isBefore(at)).isPresent();
    }
}
