package dev.secrets4j.generate;

import dev.secrets4j.Catalog;
import dev.secrets4j.Problem;
import dev.secrets4j.Secret;
import dev.secrets4j.SecretFormatException;
import dev.secrets4j.SecretSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.CodeSource;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The generators by catalog type: the built-in ones ({@link SecretType}), custom ones found with
 * {@link ServiceLoader}, and ones the application registers; and the strong random they draw from.
 *
 * <pre>{@code
 * SecretGenerators generators = SecretGenerators.defaults();
 * byte[] password = generators.generate("password");           // clear it when done
 *
 * Catalog.Entry entry = catalog.entries().get(0);               // type: hmac-secret
 * byte[] value = generators.generate(entry);                    // by the entry's type, checked against its specs
 * }</pre>
 *
 * <p>A type has exactly one generator: a custom one may not take a built-in type name or alias,
 * and two custom ones may not share a type; {@link Builder#build()} names both in its error.
 *
 * <p>The default random is a 256-bit DRBG seeded from the operating system's non-blocking source,
 * which {@link #generate(String)} tops up with fresh entropy before every secret; see
 * {@link #strongRandom()}. Immutable and thread-safe.
 */
public final class SecretGenerators {

    private static final Logger log = LoggerFactory.getLogger(SecretGenerators.class);

    private final Map<String, SecretGenerator> byType;
    private final SecureRandom random;
    private final boolean ownRandom;
    private final Clock clock;

    private SecretGenerators(Map<String, SecretGenerator> byType, SecureRandom random, boolean ownRandom, Clock clock) {
        this.byType = Collections.unmodifiableMap(new TreeMap<>(byType));
        this.random = random;
        this.ownRandom = ownRandom;
        this.clock = clock;
    }

    /**
     * Creates a registry of the built-in generators and those {@link ServiceLoader} finds through the
     * thread's context class loader, drawing from a new {@link #strongRandom()}.
     *
     * @throws IllegalStateException when a custom generator conflicts with another or cannot be loaded
     */
    public static SecretGenerators defaults() {
        return builder().build();
    }

    /** Starts a registry: built-ins, {@link ServiceLoader} on the context class loader, a strong random. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Creates a new strong random for calling a {@link SecretGenerator} directly: a Hash_DRBG
     * (SHA-256) of 256-bit security strength, seeded from the operating system's non-blocking
     * source ({@code /dev/urandom}, the Windows CryptoAPI), never from {@code /dev/random}, so it
     * never blocks. Thread-safe.
     *
     * @throws IllegalStateException when this Java runtime has no DRBG of 256-bit strength
     */
    public static SecureRandom strongRandom() {
        return StrongRandom.create();
    }

    /** Finds the generator of a catalog type or alias, matched exactly; empty when none serves it. */
    public Optional<SecretGenerator> forType(String catalogType) {
        return Optional.ofNullable(catalogType).map(byType::get);
    }

    /**
     * Finds the generator that a catalog entry's {@code type:} names.
     *
     * @throws SecretFormatException naming the secret when it has no type or no generator serves its type
     */
    public SecretGenerator forEntry(Catalog.Entry entry) {
        Objects.requireNonNull(entry, "entry");
        String type = entry.type().orElseThrow(() -> new SecretFormatException("secret '" + entry.name()
                + "' has no type, so no generator can make its value; add 'type:' to its catalog entry, one of "
                + String.join(", ", types())));
        return forType(type).orElseThrow(() -> new SecretFormatException("secret '" + entry.name() + "' has type '"
                + TypeNames.printable(type) + "', which no generator serves; use one of " + String.join(", ", types())
                + ", or add a SecretGenerator for it (SecretGenerators.builder().register(...) or "
                + "META-INF/services/" + SecretGenerator.class.getName() + ")"));
    }

    /**
     * Makes a new value of a catalog type.
     *
     * @return the value's bytes in a new array that the caller clears when done
     * @throws IllegalArgumentException when no generator serves the type
     * @throws IllegalStateException    when the generator returns nothing
     */
    public byte[] generate(String catalogType) {
        SecretGenerator generator = forType(catalogType).orElseThrow(() -> new IllegalArgumentException(
                "no generator serves type " + (catalogType == null ? "null" : "'" + TypeNames.printable(catalogType) + "'")
                        + "; use one of " + String.join(", ", types()) + ", or register a SecretGenerator for it"));
        return run(generator);
    }

    /**
     * Makes a new value for a catalog entry with the generator its {@code type:} names, and checks
     * it against the entry's specs, so that a value that would fail boot validation is never handed
     * out (a {@code type: password} entry with {@code min-length: 48} needs a generator of 48 or
     * more characters).
     *
     * @return the value's bytes in a new array that the caller clears when done
     * @throws SecretFormatException naming the secret when it has no type, no generator serves its
     *                               type, or the value fails one of its specs (the message names the
     *                               spec and never quotes the value)
     */
    public byte[] generate(Catalog.Entry entry) {
        SecretGenerator generator = forEntry(entry);
        byte[] value = run(generator);
        List<String> failures;
        try {
            failures = failedSpecs(entry, value);
        } catch (RuntimeException | Error e) {
            Arrays.fill(value, (byte) 0);
            throw e;
        }
        if (!failures.isEmpty()) {
            Arrays.fill(value, (byte) 0);
            throw new SecretFormatException("a generated value for secret '" + entry.name() + "' (type '"
                    + generator.type() + "', " + generator + ") fails its spec" + (failures.size() == 1 ? " " : "s ")
                    + String.join("; ", failures)
                    + "; give the entry a type whose values pass, or register a generator that makes them");
        }
        return value;
    }

    /** Each spec of the entry that the value fails, with the violation's message (which never quotes the value). */
    private List<String> failedSpecs(Catalog.Entry entry, byte[] value) {
        Secret candidate = Secret.builder(entry.name(), value).version("generated").providerId("generator").build();
        List<String> failures = new ArrayList<>();
        for (SecretSpec spec : entry.specs()) {
            for (SecretSpec.Violation v : spec.check(candidate, clock.instant())) {
                if (v.severity() == Problem.Severity.ERROR) {
                    failures.add(spec.describe() + " (" + v.message() + ")");
                }
            }
        }
        return failures;
    }

    /** Returns every type name served, built-in names and aliases included, sorted. */
    public Set<String> types() {
        return Collections.unmodifiableSet(new TreeSet<>(byType.keySet()));
    }

    /** {@code SecretGenerators[api-key, database-password, ..., webhook-secret; random Hash_DRBG,SHA-256,256,reseed_only]}. */
    @Override
    public String toString() {
        return "SecretGenerators[" + String.join(", ", byType.keySet()) + "; random " + random
                + (ownRandom ? " seeded from " + StrongRandom.sourceName() : "") + "]";
    }

    private byte[] run(SecretGenerator generator) {
        if (ownRandom) {
            StrongRandom.refresh(random);
        }
        byte[] value = generator.generate(random);
        if (value == null || value.length == 0) {
            throw new IllegalStateException("the generator of type '" + generator.type() + "' ("
                    + generator.getClass().getName() + ") returned " + (value == null ? "null" : "no bytes")
                    + "; a SecretGenerator must return the new value's bytes");
        }
        return value;
    }

    /**
     * Settings of a {@link SecretGenerators}; each setter checks its argument at once and names the
     * setting, and {@link #build()} reports every conflict at once.
     */
    public static final class Builder {
        private final Map<String, SecretGenerator> registered = new LinkedHashMap<>();
        private ClassLoader classLoader;
        private boolean serviceLoader = true;
        private SecureRandom random;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /**
         * Adds a generator for its {@link SecretGenerator#type()}.
         *
         * @throws IllegalArgumentException when its type is not a type name, is a built-in type or
         *                                  alias, or is taken by a generator registered before; the
         *                                  message names both generators
         */
        public Builder register(SecretGenerator generator) {
            Objects.requireNonNull(generator, "generator");
            String type = TypeNames.check("type() of " + generator.getClass().getName(), generator.type());
            Optional<SecretType> builtIn = SecretType.fromCatalogName(type);
            if (builtIn.isPresent()) {
                throw new IllegalArgumentException(describe(generator, "registered") + " has type '" + type
                        + "', which the built-in " + describeBuiltIn(builtIn.get(), type)
                        + " serves; built-in types cannot be replaced: give it a type of its own");
            }
            SecretGenerator before = registered.putIfAbsent(type, generator);
            if (before != null) {
                throw new IllegalArgumentException(describe(generator, "registered") + " has type '" + type
                        + "', which " + describe(before, "registered") + " already serves; register one generator per type");
            }
            return this;
        }

        /**
         * Sets the class loader {@link ServiceLoader} searches for custom generators; default the
         * thread's context class loader when {@link #build()} runs, else this library's.
         */
        public Builder serviceLoader(ClassLoader classLoader) {
            this.classLoader = Objects.requireNonNull(classLoader, "serviceLoader");
            this.serviceLoader = true;
            return this;
        }

        /** Turns the {@link ServiceLoader} search off: only the built-in and registered generators serve. */
        public Builder withoutServiceLoader() {
            this.serviceLoader = false;
            return this;
        }

        /**
         * Sets the random every generator draws from; default a new {@link #strongRandom()}, topped up
         * with fresh entropy before every secret. One given here is used as it is.
         */
        public Builder random(SecureRandom random) {
            this.random = Objects.requireNonNull(random, "random");
            return this;
        }

        /** Sets the clock that specs judge a generated value's dates against; default the system clock (UTC). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Creates the registry.
         *
         * @throws IllegalStateException listing every custom generator that cannot be loaded, has a
         *                               bad type, or takes a type another generator serves
         */
        public SecretGenerators build() {
            Map<String, SecretGenerator> byType = new LinkedHashMap<>();
            for (SecretType type : SecretType.values()) {
                SecretGenerator generator = type.generator();
                type.names().forEach(name -> byType.put(name, generator));
            }
            byType.putAll(registered);
            if (serviceLoader) {
                discover(byType);
            }
            boolean own = random == null;
            return new SecretGenerators(byType, own ? StrongRandom.create() : random, own, clock);
        }

        private void discover(Map<String, SecretGenerator> byType) {
            ClassLoader loader = Optional.ofNullable(classLoader)
                    .or(() -> Optional.ofNullable(Thread.currentThread().getContextClassLoader()))
                    .orElse(SecretGenerators.class.getClassLoader());
            Map<String, SecretGenerator> found = new LinkedHashMap<>();
            List<String> problems = new ArrayList<>();
            for (ServiceLoader.Provider<SecretGenerator> provider : providers(loader, problems)) {
                SecretGenerator generator;
                String type;
                try {
                    generator = provider.get();
                    type = TypeNames.check("type() of " + provider.type().getName(), generator.type());
                } catch (ServiceConfigurationError | IllegalArgumentException e) {
                    problems.add(e.getMessage());
                    continue;
                }
                String self = describe(generator, "found by ServiceLoader");
                Optional<SecretType> builtIn = SecretType.fromCatalogName(type);
                if (builtIn.isPresent()) {
                    problems.add(self + " has type '" + type + "', which the built-in " + describeBuiltIn(builtIn.get(), type)
                            + " serves; built-in types cannot be replaced: give it a type of its own");
                } else if (registered.containsKey(type)) {
                    problems.add(self + " has type '" + type + "', which " + describe(registered.get(type), "registered")
                            + " also serves; remove one, or call withoutServiceLoader()");
                } else if (found.containsKey(type)) {
                    problems.add(self + " has type '" + type + "', which " + describe(found.get(type), "found by ServiceLoader")
                            + " also serves; keep one of them on the class path");
                } else {
                    found.put(type, generator);
                    log.debug("secret generator for type '{}': {}", type, self);
                }
            }
            if (!problems.isEmpty()) {
                throw new IllegalStateException("secrets4j: " + problems.size() + " problem"
                        + (problems.size() == 1 ? "" : "s") + " with custom secret generators\n  "
                        + String.join("\n  ", problems));
            }
            byType.putAll(found);
        }

        private static List<ServiceLoader.Provider<SecretGenerator>> providers(ClassLoader loader, List<String> problems) {
            List<ServiceLoader.Provider<SecretGenerator>> providers = new ArrayList<>();
            Iterator<ServiceLoader.Provider<SecretGenerator>> iterator =
                    ServiceLoader.load(SecretGenerator.class, loader).stream().iterator();
            try {
                while (iterator.hasNext()) {
                    providers.add(iterator.next());
                }
            } catch (ServiceConfigurationError e) {
                // A listed class that is missing or not a SecretGenerator. The iteration cannot be
                // relied on to recover, so report this one with whatever else the others show.
                problems.add(e.getMessage());
            }
            return providers;
        }
    }

    private static String describe(SecretGenerator generator, String how) {
        Class<?> type = generator.getClass();
        String where = Optional.ofNullable(type.getProtectionDomain().getCodeSource()).map(CodeSource::getLocation)
                .map(location -> " from " + location).orElse("");
        return "generator " + type.getName() + " (" + how + where + ")";
    }

    private static String describeBuiltIn(SecretType builtIn, String name) {
        String alias = builtIn.catalogName().equals(name) ? "" : " (alias of " + builtIn.catalogName() + ")";
        return "generator " + builtIn.name() + alias;
    }
}
