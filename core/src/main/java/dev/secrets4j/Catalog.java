package dev.secrets4j;

import dev.secrets4j.internal.catalog.CatalogParser;
import dev.secrets4j.rotation.RotationPolicy;
import dev.secrets4j.rotation.RotationStrategy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The list of secrets an application needs, read from a YAML or JSON file: each secret's name,
 * whether it is required, where it lives and what shape it must have.
 *
 * <pre>{@code
 * providers:                       # optional: else the application adds its own
 *   - id: docker
 *     paths: /run/secrets
 *   - id: env
 * secrets:
 *   - name: DB_PASSWORD
 *     min-length: 32
 *   - name: JWT_PRIVATE_KEY
 *     from: docker:jwt_private_key
 *     format: rsa-private-key
 *     min-bits: 4096
 *     rotate-every: 90d
 *     grace: 24h                   # the previous key stays valid a day
 *     strategy: staged             # single, dual or staged
 *   - name: REDIS_PASSWORD
 *     required: false
 * }</pre>
 *
 * <p>An unknown key or a bad value is a {@link SecretFormatException} naming the key, the file and
 * the line: a typo never silently disables a check.
 */
public final class Catalog {

    private final String source;
    private final List<ProviderConfig> providers;
    private final List<Entry> entries;

    private Catalog(String source, List<ProviderConfig> providers, List<Entry> entries) {
        this.source = source;
        this.providers = List.copyOf(providers);
        this.entries = List.copyOf(entries);
    }

    /** A catalog made of these entries; {@code source} names it in messages. */
    public static Catalog of(String source, List<Entry> entries) {
        return new Catalog(source, List.of(), entries);
    }

    /** A catalog that also names providers to create; {@code source} names it in messages. */
    public static Catalog of(String source, List<ProviderConfig> providers, List<Entry> entries) {
        return new Catalog(source, providers, entries);
    }

    /** Reads a catalog file; {@code .json} files are JSON, anything else YAML. */
    public static Catalog load(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SecretFormatException("cannot read secrets catalog " + file + ": " + e.getMessage()
                    + "; check the path and its permissions", e);
        }
        return parse(text, file.toString());
    }

    /** Reads a catalog from the class path, such as {@code secrets4j.yaml}. */
    public static Catalog fromClasspath(String resource) {
        String name = resource.startsWith("/") ? resource.substring(1) : resource;
        ClassLoader loader = Optional.ofNullable(Thread.currentThread().getContextClassLoader())
                .orElse(Catalog.class.getClassLoader());
        try (InputStream in = loader.getResourceAsStream(name)) {
            if (in == null) {
                throw new SecretFormatException("secrets catalog 'classpath:" + name
                        + "' not found; put it under src/main/resources or give a file path");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "classpath:" + name);
        } catch (IOException e) {
            throw new SecretFormatException("cannot read secrets catalog 'classpath:" + name + "': " + e.getMessage(), e);
        }
    }

    /** Parses catalog text; {@code source} (a file name ending in {@code .json} means JSON) names it in messages. */
    public static Catalog parse(String text, String source) {
        return CatalogParser.parse(text, source);
    }

    /** Where the catalog came from. */
    public String source() {
        return source;
    }

    /** The providers the catalog names, in file order; empty when the application adds its own. */
    public List<ProviderConfig> providers() {
        return providers;
    }

    /** The declared secrets, in file order. */
    public List<Entry> entries() {
        return entries;
    }

    @Override
    public String toString() {
        return "Catalog[" + source + ", " + entries.size() + " secrets, providers " + providers.stream().map(ProviderConfig::id).toList() + "]";
    }

    /**
     * A provider the catalog names: its id and the string options of its
     * {@link dev.secrets4j.spi.SecretProviderFactory}, created through
     * {@link dev.secrets4j.spi.SecretProviders#create(String, Map)}.
     *
     * @param id      the provider id ({@code docker}, {@code env}, ...)
     * @param options its options; a YAML list becomes comma-separated text
     * @param line    the line of the catalog that declares it, for messages
     */
    public record ProviderConfig(String id, Map<String, String> options, int line) {

        /** Copies the options. */
        public ProviderConfig {
            Objects.requireNonNull(id, "id");
            options = Map.copyOf(options);
        }
    }

    /**
     * One declared secret.
     *
     * @param name        the logical name
     * @param required    whether a boot fails without it (default true)
     * @param from        an explicit reference such as {@code docker:db_password}
     * @param specs       checks of its value
     * @param type        the kind of secret ({@code password}, {@code rsa-private-key}, ...), for generators
     * @param rotateEvery how often it should be rotated
     * @param warnBefore  how long before rotation is due to warn
     * @param description what it is for, for reports
     * @param grace       how long the previous value stays valid after a rotation
     * @param strategy    how it rotates
     */
    public record Entry(String name, boolean required, Optional<String> from, List<SecretSpec> specs,
                        Optional<String> type, Optional<Duration> rotateEvery, Optional<Duration> warnBefore,
                        Optional<String> description, Optional<Duration> grace, Optional<RotationStrategy> strategy) {

        /** Copies the specs and checks that no part is null. */
        public Entry {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(from, "from");
            specs = List.copyOf(specs);
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(rotateEvery, "rotateEvery");
            Objects.requireNonNull(warnBefore, "warnBefore");
            Objects.requireNonNull(description, "description");
            Objects.requireNonNull(grace, "grace");
            Objects.requireNonNull(strategy, "strategy");
        }

        /** The rotation policy the entry declares: present when it has {@code rotate-every}. */
        public Optional<RotationPolicy> rotationPolicy() {
            return rotateEvery.map(every -> {
                RotationPolicy p = RotationPolicy.every(every);
                if (grace.isPresent()) {
                    p = p.grace(grace.get());
                }
                if (warnBefore.isPresent()) {
                    p = p.warnBefore(warnBefore.get());
                }
                if (strategy.isPresent()) {
                    p = p.strategy(strategy.get());
                }
                return type.isPresent() ? p.type(type.get()) : p;
            });
        }
    }
}
