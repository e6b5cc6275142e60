package dev.secrets4j.provider.azure.internal;

import dev.secrets4j.Secret;
import dev.secrets4j.SecretProviderException;
import dev.secrets4j.spi.Lookup;
import dev.secrets4j.spi.SecretRef;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * The boot read of many secrets: Key Vault has no batch read, so one GET per reference, never a
 * listing. The first GET goes alone, so that one 401 challenge and one token serve all; the rest
 * go concurrently (the vault budget still paces them). When the first found no token, every other
 * reference fails at once with the same reason rather than waiting for the credential again. Two
 * logical names that map to one vault name both fail, naming each other.
 */
public final class BootReads {

    private final String vault;
    private final int concurrency;
    private final TimedCredential credential;
    private final Function<SecretRef, Optional<Secret>> get;

    /** Boot reads of {@code vault}, at most {@code concurrency} at once, each through {@code get}. */
    public BootReads(String vault, int concurrency, TimedCredential credential, Function<SecretRef, Optional<Secret>> get) {
        this.vault = vault;
        this.concurrency = concurrency;
        this.credential = credential;
        this.get = get;
    }

    /** One lookup per distinct reference; a failure of one does not fail the others. */
    public Map<SecretRef, Lookup> getAll(Collection<SecretRef> refs) {
        Map<SecretRef, Lookup> out = new LinkedHashMap<>();
        Map<String, String> collisions = VaultNames.collisions(refs.stream().filter(r -> r.scheme().isEmpty())
                .map(SecretRef::path).toList());
        List<SecretRef> list = new ArrayList<>();
        for (SecretRef ref : new LinkedHashSet<>(refs)) {
            String collision = ref.scheme().isEmpty() ? collisions.get(ref.path()) : null;
            if (collision != null) {
                out.put(ref, Lookup.failed(SecretProviderException.permanent(Failures.ID, ref.path(), "provider 'azure': "
                        + collision, null)));
            } else {
                list.add(ref);
            }
        }
        if (list.isEmpty()) {
            return out;
        }
        Lookup first = lookup(list.get(0));
        out.put(list.get(0), first);
        Optional<String> noToken = first instanceof Lookup.Failed ? credential.lastFailure() : Optional.empty();
        if (noToken.isPresent()) {
            for (SecretRef ref : list.subList(1, list.size())) {
                out.put(ref, Lookup.failed(SecretProviderException.permanent(Failures.ID, ref.path(), "provider 'azure' could"
                        + " not get secret '" + ref.path() + "' in Key Vault " + vault + ": " + noToken.get(), null)));
            }
            return out;
        }
        if (list.size() == 1) {
            return out;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(concurrency, list.size() - 1), r -> {
            Thread t = new Thread(r, "secrets4j-azure-boot");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Lookup>> futures = new ArrayList<>();
            for (SecretRef ref : list.subList(1, list.size())) {
                futures.add(pool.submit(() -> lookup(ref)));
            }
            for (int i = 1; i < list.size(); i++) {
                out.put(list.get(i), await(list.get(i), futures.get(i - 1)));
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    private Lookup lookup(SecretRef ref) {
        try {
            return get.apply(ref).map(Lookup::found).orElseGet(Lookup::absent);
        } catch (SecretProviderException e) {
            return Lookup.failed(e);
        }
    }

    private Lookup await(SecretRef ref, Future<Lookup> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Lookup.failed(SecretProviderException.retryable(Failures.ID, ref.path(), "interrupted while reading secret '"
                    + ref.path() + "' from Key Vault " + vault, null));
        } catch (ExecutionException e) {
            return Lookup.failed(SecretProviderException.permanent(Failures.ID, ref.path(), "reading secret '" + ref.path()
                    + "' from Key Vault " + vault + " failed with " + e.getCause().getClass().getName()
                    + "; this is a bug, report it", null));
        }
    }
}
