package dev.secrets4j.internal;

import dev.secrets4j.Secret;
import dev.secrets4j.SecretFormatException;
import dev.secrets4j.SecretProviderException;
import dev.secrets4j.SecretsException;
import dev.secrets4j.spi.Capability;
import dev.secrets4j.spi.Lookup;
import dev.secrets4j.spi.SecretProvider;
import dev.secrets4j.spi.SecretRef;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Turns logical names into secrets: an explicit reference goes to the provider its scheme names;
 * a bare name goes through the providers in order, the first that has it wins. Picks
 * {@code #field}s and renames provider secrets to the logical name. Every call goes through
 * {@link ProviderCalls} and its timeout.
 */
final class Resolver {

    private final List<SecretProvider> providers;
    private final Map<String, SecretProvider> byId = new LinkedHashMap<>();
    private final ProviderCalls calls;

    Resolver(List<SecretProvider> providers, ProviderCalls calls) {
        this.providers = List.copyOf(providers);
        this.calls = calls;
        providers.forEach(p -> byId.put(p.id(), p));
    }

    List<SecretProvider> providers() {
        return providers;
    }

    /** Resolves one name now. */
    Outcome resolve(String name, SecretRef ref) {
        return resolveAll(Map.of(name, ref), 1).get(name);
    }

    /**
     * Resolves many names with at most {@code concurrency} calls at once: explicit references
     * first, then bare names provider by provider, each provider asked only for the names still
     * unresolved, in one batch call where it batches.
     */
    Map<String, Outcome> resolveAll(Map<String, SecretRef> refs, int concurrency) {
        Map<String, Outcome> out = new ConcurrentHashMap<>();
        Map<SecretProvider, Map<String, SecretRef>> explicit = new LinkedHashMap<>();
        Map<String, SecretRef> pending = new LinkedHashMap<>();
        refs.forEach((name, ref) -> {
            if (ref.scheme().isEmpty()) {
                pending.put(name, ref);
                return;
            }
            SecretProvider p = byId.get(ref.scheme().get());
            if (p == null) {
                out.put(name, new Outcome.Failed(new SecretFormatException("secret '" + name + "' is bound to " + ref
                        + " but no provider '" + ref.scheme().get() + "' was added (providers: "
                        + String.join(", ", byId.keySet()) + "); add that provider or fix the reference"), "-"));
            } else {
                explicit.computeIfAbsent(p, k -> new LinkedHashMap<>()).put(name, ref);
            }
        });
        ExecutorService pool = refs.size() > 1
                ? Executors.newFixedThreadPool(Math.min(concurrency, refs.size()), DaemonThreads.named("secrets4j-boot"))
                : null;
        try {
            explicit.forEach((p, named) -> fetch(p, named, pool).forEach((name, result) ->
                    out.put(name, result.orElseGet(() -> new Outcome.Absent(p.describeLookup(named.get(name)))))));
            Map<String, List<String>> lookedIn = new LinkedHashMap<>();
            for (SecretProvider p : providers) {
                if (pending.isEmpty()) {
                    break;
                }
                Map<String, Optional<Outcome>> results = fetch(p, pending, pool);
                results.forEach((name, result) -> {
                    if (result.isPresent() && refusedName(result.get())) {
                        // A bare name this provider cannot hold (a path for a file provider, say):
                        // not here, look further; an explicit reference would have failed instead.
                        lookedIn.computeIfAbsent(name, k -> new ArrayList<>()).add(p.describe() + " (refused the name)");
                    } else if (result.isPresent()) {
                        out.put(name, result.get());
                        pending.remove(name);
                    } else {
                        lookedIn.computeIfAbsent(name, k -> new ArrayList<>()).add(p.describeLookup(pending.get(name)));
                    }
                });
            }
            pending.keySet().forEach(name -> out.put(name, new Outcome.Absent(
                    String.join(", ", lookedIn.getOrDefault(name, List.of("no provider"))))));
        } finally {
            if (pool != null) {
                pool.shutdownNow();
            }
        }
        Map<String, Outcome> ordered = new LinkedHashMap<>();
        refs.keySet().forEach(name -> ordered.put(name, out.get(name)));
        return ordered;
    }

    private static boolean refusedName(Outcome o) {
        return o instanceof Outcome.Failed f && f.error() instanceof SecretFormatException;
    }

    /** Reads {@code name} again from the provider that served it. Empty when it is gone. */
    Optional<Secret> fetchFrom(SecretProvider p, String name, SecretRef ref) {
        Optional<Secret> raw = calls.call(p, name, "reading", () -> p.get(asked(p, ref)));
        return raw.map(s -> finish(s, p, ref, name));
    }

    /** Current and still-valid previous values of {@code name} at {@code p}. */
    List<Secret> versions(SecretProvider p, String name, SecretRef ref) {
        List<Secret> raw = calls.call(p, name, "listing versions of", () -> p.versions(asked(p, ref)));
        return raw.stream().map(s -> finish(s, p, ref, name)).toList();
    }

    /** Found or failed per name; empty for names the provider does not have. */
    private Map<String, Optional<Outcome>> fetch(SecretProvider p, Map<String, SecretRef> named, ExecutorService pool) {
        Map<String, Optional<Outcome>> out = new LinkedHashMap<>();
        if (named.isEmpty()) {
            return out;
        }
        if (p.capabilities().contains(Capability.BATCH) && named.size() > 1) {
            Map<SecretRef, List<String>> namesByAsked = new LinkedHashMap<>();
            named.forEach((name, ref) -> namesByAsked.computeIfAbsent(asked(p, ref), k -> new ArrayList<>()).add(name));
            Map<SecretRef, Lookup> answers;
            try {
                Collection<SecretRef> asked = List.copyOf(namesByAsked.keySet());
                answers = calls.call(p, null, "batch-reading " + asked.size() + " secrets", () -> p.getAll(asked));
            } catch (SecretsException e) {
                named.keySet().forEach(name -> out.put(name, Optional.of(new Outcome.Failed(e, p.id()))));
                return out;
            }
            named.forEach((name, ref) -> out.put(name, toOutcome(p, name, ref, answers.get(asked(p, ref)))));
            return out;
        }
        if (pool == null || named.size() == 1) {
            named.forEach((name, ref) -> out.put(name, fetchOne(p, name, ref)));
            return out;
        }
        Map<String, Future<Optional<Outcome>>> futures = new LinkedHashMap<>();
        named.forEach((name, ref) -> futures.put(name, pool.submit(() -> fetchOne(p, name, ref))));
        futures.forEach((name, f) -> out.put(name, join(f, p, name)));
        return out;
    }

    private Optional<Outcome> fetchOne(SecretProvider p, String name, SecretRef ref) {
        try {
            return fetchFrom(p, name, ref).<Outcome>map(s -> new Outcome.Found(s, p, ref));
        } catch (SecretsException e) {
            return Optional.of(new Outcome.Failed(e, p.id()));
        }
    }

    private Optional<Outcome> toOutcome(SecretProvider p, String name, SecretRef ref, Lookup answer) {
        if (answer == null) {
            return Optional.of(new Outcome.Failed(SecretProviderException.permanent(p.id(), name, "provider '" + p.id()
                    + "' gave no answer for secret '" + name + "' in a batch read; this is a bug in the provider", null), p.id()));
        }
        try {
            if (answer instanceof Lookup.Found f) {
                return Optional.of(new Outcome.Found(finish(f.secret(), p, ref, name), p, ref));
            }
            if (answer instanceof Lookup.Failed f) {
                return Optional.of(new Outcome.Failed(f.error(), p.id()));
            }
            return Optional.empty();
        } catch (SecretsException e) {
            return Optional.of(new Outcome.Failed(e, p.id()));
        }
    }

    private static Optional<Outcome> join(Future<Optional<Outcome>> f, SecretProvider p, String name) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of(new Outcome.Failed(SecretProviderException.retryable(p.id(), name,
                    "interrupted while reading secret '" + name + "' from provider '" + p.id() + "'", null), p.id()));
        } catch (java.util.concurrent.ExecutionException e) {
            return Optional.of(new Outcome.Failed(SecretProviderException.permanent(p.id(), name,
                    "reading secret '" + name + "' from provider '" + p.id() + "' failed with "
                            + e.getCause().getClass().getName(), ProviderCalls.withoutMessages(e.getCause())), p.id()));
        }
    }

    /** What to ask the provider: without the field unless it picks fields itself. */
    static SecretRef asked(SecretProvider p, SecretRef ref) {
        return p.capabilities().contains(Capability.FIELDS) ? ref : ref.withoutField();
    }

    /** Picks the field if the provider did not, and gives the secret its logical name. */
    private static Secret finish(Secret raw, SecretProvider p, SecretRef ref, String name) {
        Secret s = raw;
        if (ref.field().isPresent() && !p.capabilities().contains(Capability.FIELDS)) {
            s = JsonFields.pick(s, ref, name);
        }
        return s.name().equals(name) ? s : s.toBuilder().name(name).build();
    }
}
