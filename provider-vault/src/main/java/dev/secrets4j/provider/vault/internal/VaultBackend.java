package dev.secrets4j.provider.vault.internal;

import dev.secrets4j.Scheduler;
import dev.secrets4j.Secret;
import dev.secrets4j.SecretFormatException;
import dev.secrets4j.SecretProviderException;
import dev.secrets4j.SecretsException;
import dev.secrets4j.Subscription;
import dev.secrets4j.provider.vault.internal.session.Backoff;
import dev.secrets4j.provider.vault.internal.session.VaultTransport;
import dev.secrets4j.spi.KeyedHash;
import dev.secrets4j.spi.Lookup;
import dev.secrets4j.spi.PutOptions;
import dev.secrets4j.spi.SecretRef;
import dev.secrets4j.spi.WatchListener;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The provider's operations, routed by the kind of place a reference names: KV entries to
 * {@link KvSecrets}, dynamic secrets to {@link LeaseKeeper}. Every reference is checked by
 * {@link VaultPaths} before any request.
 */
public final class VaultBackend implements AutoCloseable {

    private final VaultPaths paths;
    private final VaultClient client;
    private final KvSecrets kv;
    private final LeaseKeeper leases;
    private final HealthProbe health;
    private final int batchConcurrency;
    private final String describe;

    VaultBackend(VaultPaths paths, VaultClient client, KvSecrets kv, LeaseKeeper leases, HealthProbe health,
                        int batchConcurrency, String describe) {
        this.paths = paths;
        this.client = client;
        this.kv = kv;
        this.leases = leases;
        this.health = health;
        this.batchConcurrency = batchConcurrency;
        this.describe = describe;
    }

    /** Wires the parts of a provider from its settings; no I/O happens until the first call. */
    public static VaultBackend create(String providerId, VaultSettings s, Scheduler scheduler, String describe) {
        VaultTransport transport = new VaultTransport(s.address(), s.namespace(),
                TlsTrust.httpClient(s.caCertificatePem(), s.connectTimeout()), s.readTimeout());
        Failures failures = new Failures(providerId, "vault at " + s.address()
                + s.namespace().map(ns -> " (namespace " + ns + ")").orElse(""), VaultSettings.MAX_RESPONSE_BYTES);
        VaultClient client = new VaultClient(s.auth(), transport, s.clock(), scheduler, Backoff.defaults(), failures,
                VaultSettings.MAX_RESPONSE_BYTES, s.revokeLeasesOnClose());
        KeyedHash hasher = KeyedHash.withRandomKey();
        VaultPaths paths = new VaultPaths(providerId, s.kvMount(), s.kvVersion(), s.pathPrefix(), s.dynamicMounts());
        return new VaultBackend(paths, client, new KvSecrets(client, hasher, s.clock(), s.previousVersions()),
                new LeaseKeeper(client, hasher, s.clock(), scheduler, Backoff.defaults(), s.leaseRenewalThreshold(),
                        s.revokeLeasesOnClose()),
                new HealthProbe(client, s.clock()), s.batchConcurrency(), describe);
    }

    /** The latest value of {@code ref}. */
    public Optional<Secret> get(SecretRef ref) {
        VaultLocation location = paths.resolve(ref);
        return location.kind() == VaultLocation.Kind.DYNAMIC
                ? leases.get(ref.path(), location)
                : kv.get(ref.path(), location);
    }

    /** Version {@code version} of a KV v2 reference. */
    public Optional<Secret> get(SecretRef ref, String version) {
        VaultLocation location = paths.resolve(ref);
        if (location.kind() != VaultLocation.Kind.KV2) {
            throw SecretProviderException.permanent("vault", ref.path(), "reading version " + VaultPaths.printable(version)
                    + " of secret '" + ref.path() + "' (" + location.dataPath() + ") is not possible: only KV version 2 entries"
                    + " have versions; read the latest value instead", null);
        }
        return kv.get(ref.path(), location, version);
    }

    /**
     * Reads many references with at most the batch concurrency in flight, one backend read per
     * entry however many fields of it are asked for. A refused bare name is absent (other
     * providers may hold it); a refused explicit reference fails alone.
     */
    public Map<SecretRef, Lookup> getAll(Collection<SecretRef> refs) {
        Map<SecretRef, Lookup> out = new LinkedHashMap<>();
        refs.forEach(r -> out.put(r, null));
        Map<VaultLocation, List<SecretRef>> byEntry = new LinkedHashMap<>();
        for (SecretRef ref : refs) {
            try {
                byEntry.computeIfAbsent(paths.resolve(ref).entry(), e -> new ArrayList<>()).add(ref);
            } catch (SecretFormatException e) {
                out.put(ref, ref.scheme().isEmpty() ? Lookup.absent() : Lookup.failed(asProviderError(ref, e)));
            }
        }
        if (byEntry.isEmpty()) {
            return out;
        }
        try {
            client.session();
        } catch (SecretProviderException e) {
            // One failed login, reported for every reference, rather than one login attempt per reference.
            byEntry.values().forEach(group -> group.forEach(r -> out.put(r, Lookup.failed(e))));
            return out;
        }
        int threads = Math.min(batchConcurrency, byEntry.size());
        AtomicInteger counter = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "secrets4j-vault-batch-" + counter.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            Map<List<SecretRef>, Future<Map<SecretRef, Lookup>>> futures = new LinkedHashMap<>();
            byEntry.values().forEach(group -> futures.put(group, pool.submit(() -> readGroup(group))));
            futures.forEach((group, f) -> out.putAll(join(group, f)));
        } finally {
            pool.shutdownNow();
        }
        return out;
    }

    private Map<SecretRef, Lookup> readGroup(List<SecretRef> group) {
        Map<SecretRef, Lookup> out = new LinkedHashMap<>();
        VaultLocation entry = paths.resolve(group.get(0)).entry();
        Optional<KvEntry> read = Optional.empty();
        if (entry.kind() != VaultLocation.Kind.DYNAMIC) {
            // One read of the entry serves every field asked of it.
            try {
                read = kv.current(group.get(0).path(), entry);
            } catch (SecretProviderException e) {
                group.forEach(r -> out.put(r, Lookup.failed(e)));
                return out;
            }
        }
        for (SecretRef ref : group) {
            try {
                VaultLocation location = paths.resolve(ref);
                Optional<Secret> secret = entry.kind() == VaultLocation.Kind.DYNAMIC
                        ? leases.get(ref.path(), location)
                        : read.map(e -> kv.secret(ref.path(), e, location));
                out.put(ref, secret.map(Lookup::found).orElseGet(Lookup::absent));
            } catch (SecretProviderException e) {
                out.put(ref, Lookup.failed(e));
            } catch (SecretsException e) {
                out.put(ref, Lookup.failed(asProviderError(ref, e)));
            }
        }
        return out;
    }

    private static Map<SecretRef, Lookup> join(List<SecretRef> group, Future<Map<SecretRef, Lookup>> f) {
        Map<SecretRef, Lookup> out = new LinkedHashMap<>();
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            group.forEach(r -> out.put(r, Lookup.failed(SecretProviderException.retryable("vault", r.path(),
                    "interrupted while batch-reading secret '" + r.path() + "' from provider 'vault'", null))));
        } catch (ExecutionException e) {
            group.forEach(r -> out.put(r, Lookup.failed(SecretProviderException.permanent("vault", r.path(),
                    "provider 'vault' failed while reading secret '" + r.path() + "' with " + e.getCause().getClass().getName()
                            + "; this is a bug in the provider, report it", null))));
        }
        return out;
    }

    /** The current value then still-valid previous versions, newest first. */
    public List<Secret> versions(SecretRef ref) {
        VaultLocation location = paths.resolve(ref);
        if (location.kind() == VaultLocation.Kind.DYNAMIC) {
            return leases.get(ref.path(), location).map(List::of).orElse(List.of());
        }
        return kv.versions(ref.path(), location);
    }

    /** Writes a new KV version. */
    public Secret put(SecretRef ref, byte[] value, PutOptions options) {
        VaultLocation location = paths.resolve(ref);
        if (location.kind() == VaultLocation.Kind.DYNAMIC) {
            throw SecretProviderException.permanent("vault", ref.path(), "writing secret '" + ref.path() + "' ("
                    + location.dataPath() + ") is not possible: it is a dynamic secret that Vault generates; write to a KV reference", null);
        }
        return kv.put(ref.path(), location, value, options);
    }

    /** Signals {@code listener} when a dynamic secret's credential is replaced; KV references are refreshed on the engine's schedule. */
    public Subscription watch(SecretRef ref, WatchListener listener) {
        VaultLocation location = paths.resolve(ref);
        if (location.kind() == VaultLocation.Kind.DYNAMIC) {
            return leases.watch(location, ref, listener);
        }
        return () -> { };
    }

    /** Vault's health and the session's. */
    public dev.secrets4j.spi.ProviderHealth health() {
        return health.check();
    }

    /** {@code vault:https://vault:8200 (secret/data/prod/db)}, or the refusal. */
    public String describeLookup(SecretRef ref) {
        try {
            return describe + " (" + paths.resolve(ref).dataPath() + ")";
        } catch (SecretFormatException e) {
            return describe + " (refused the name: " + e.getMessage() + ")";
        }
    }

    /** Revokes leases when configured, closes the session, forgets what was served. */
    @Override
    public void close() {
        try {
            leases.close();
        } finally {
            kv.clear();
            client.close();
        }
    }

    private static SecretProviderException asProviderError(SecretRef ref, SecretsException e) {
        return SecretProviderException.permanent("vault", ref.path(), e.getMessage(), null);
    }
}
