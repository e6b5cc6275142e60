package dev.secrets4j.provider.azure.internal;

import dev.secrets4j.Secret;
import dev.secrets4j.SecretProviderException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads of the latest version that notice changes cheaply and never switch to a version that is
 * not valid yet.
 *
 * <p>The first read of a secret is a GET. A later read (a refresh) first asks whether the secret
 * changed: Key Vault's property listing (25 secrets a page, no values) gives the {@code updated}
 * time of every secret's latest version, so one listing can answer for many secrets. It is used
 * when it costs fewer calls than the GETs it replaces: the refreshes expected within the scan
 * window (the secrets read so far, each refreshed about once per the time since its last check)
 * must outnumber the listing's pages. A listing is reused for the scan window; a secret whose
 * {@code updated} time moved, or that the listing lacks, is read with a GET, and only those.
 *
 * <p>{@code updated} has whole seconds: a version read less than two seconds after its
 * {@code updated} time is always read again, as a newer one could share that second.
 */
public final class ChangeDetection {

    private static final Logger LOG = LoggerFactory.getLogger(ChangeDetection.class);
    private static final Duration SAME_SECOND = Duration.ofSeconds(2);

    /** The last version served of one vault secret, when it was read and when last checked. */
    private record Served(Secret secret, Optional<Instant> updated, Instant readAt, Instant checkedAt) {
        Served checked(Instant now) {
            return new Served(secret, updated, readAt, now);
        }
    }

    private final Reads reads;
    private final String vault;
    private final Clock clock;
    private final Duration window;
    private final Map<String, Served> served = new ConcurrentHashMap<>();
    private final Set<String> heldBack = ConcurrentHashMap.newKeySet();
    private Map<String, Instant> snapshot;
    private Instant snapshotAt = Instant.MIN;
    private int pagesAtLeast = 1;
    private boolean listingDenied;

    /** Change detection over {@code reads}; a listing is reused for {@code window} (zero: never list). */
    public ChangeDetection(Reads reads, String vault, Clock clock, Duration window) {
        this.reads = reads;
        this.vault = vault;
        this.clock = clock;
        this.window = window;
    }

    /** The latest usable version of vault secret {@code vaultName}, named {@code name}; empty on 404. */
    public Optional<Secret> latest(String name, String vaultName) {
        Served prev = served.get(vaultName);
        Instant now = clock.instant();
        if (prev != null && unchanged(name, vaultName, prev, now)) {
            served.put(vaultName, prev.checked(now));
            return Optional.of(named(prev.secret, name));
        }
        Optional<Secret> read = reads.get(name, vaultName, "");
        if (read.isEmpty()) {
            served.remove(vaultName);
            return read;
        }
        Secret got = read.get();
        Optional<Instant> nbf = got.metadata("nbf").map(Instant::parse);
        if (prev != null && nbf.isPresent() && now.isBefore(nbf.get()) && !got.version().equals(prev.secret.version())) {
            if (heldBack.add(vaultName + "/" + got.version())) {
                LOG.info("Key Vault secret '{}' has a new version {} that is not valid before {} (nbf); serving version {}"
                        + " until then", name, got.version(), nbf.get(), prev.secret.version());
            }
            served.put(vaultName, prev.checked(now));
            return Optional.of(named(prev.secret, name));
        }
        served.put(vaultName, new Served(got, got.metadata("updated").map(Instant::parse), now, now));
        return read;
    }

    /** Forgets what was served of {@code vaultName}: the next read is a GET (after this provider wrote it). */
    public void forget(String vaultName) {
        served.remove(vaultName);
    }

    private boolean unchanged(String name, String vaultName, Served prev, Instant now) {
        if (window.isZero() || prev.updated.isEmpty()
                || Duration.between(prev.updated.get(), prev.readAt).compareTo(SAME_SECOND) < 0) {
            return false;
        }
        Map<String, Instant> listed = listing(name, now, Duration.between(prev.checkedAt, now));
        return listed != null && prev.updated.get().equals(listed.get(vaultName));
    }

    /** A listing at most a window old, taking a new one only when it costs fewer calls than the GETs it saves. */
    private synchronized Map<String, Instant> listing(String name, Instant now, Duration sinceLastCheck) {
        if (listingDenied) {
            return null;
        }
        if (snapshot != null && Duration.between(snapshotAt, now).compareTo(window) < 0) {
            return snapshot;
        }
        int tracked = served.size();
        double expected = sinceLastCheck.compareTo(window) <= 0 ? tracked
                : tracked * (double) window.toNanos() / sinceLastCheck.toNanos();
        int maxPages = (int) Math.ceil(expected) - 1; // a listing must cost fewer calls than the expected GETs
        if (maxPages < pagesAtLeast) {
            return null;
        }
        int[] pages = {0};
        Optional<Map<String, Instant>> listed;
        try {
            listed = reads.listUpdated(name, maxPages, page -> pages[0] = page);
        } catch (SecretProviderException e) {
            if (!e.isRetryable() && !listingDenied) {
                listingDenied = true;
                LOG.warn("provider 'azure' cannot list the secrets of Key Vault {} to detect changes ({}); refreshes read each"
                        + " secret instead: grant the list permission (the role Key Vault Secrets User has it)", vault,
                        e.getMessage());
            }
            return null;
        }
        if (listed.isEmpty()) {
            // Too big a vault for the secrets tracked now (expected refreshes never exceed them):
            // GETs until more secrets are tracked.
            pagesAtLeast = Math.max(maxPages + 1, tracked);
            snapshot = null;
            return null;
        }
        snapshot = listed.get();
        snapshotAt = now;
        pagesAtLeast = Math.max(1, pages[0]);
        return snapshot;
    }

    private static Secret named(Secret s, String name) {
        return s.name().equals(name) ? s : s.toBuilder().name(name).build();
    }
}
