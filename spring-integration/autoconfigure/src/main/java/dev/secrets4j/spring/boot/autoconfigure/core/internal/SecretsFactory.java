package dev.secrets4j.spring.boot.autoconfigure.core.internal;

import dev.secrets4j.CachePolicy;
import dev.secrets4j.Catalog;
import dev.secrets4j.Problem;
import dev.secrets4j.SecretFormatException;
import dev.secrets4j.Secrets;
import dev.secrets4j.spi.SecretProvider;
import dev.secrets4j.spi.SecretProviders;
import dev.secrets4j.spring.boot.autoconfigure.core.Secrets4jBuilderCustomizer;
import dev.secrets4j.spring.boot.autoconfigure.core.Secrets4jProperties;
import org.springframework.core.io.Resource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds {@link Secrets} from {@link Secrets4jProperties}, for the bean and for the config
 * import alike, and reports the boot warnings once through the given sink.
 */
public final class SecretsFactory {

    /** The provider used when none is configured and the context has none. */
    public static final String DEFAULT_PROVIDER = "env";

    private static final Pattern INDEXED = Pattern.compile("(.+?)(?:\\[(\\d+)]|\\.(\\d+))");

    private SecretsFactory() {
    }

    /**
     * Builds and validates {@code Secrets}.
     *
     * @param properties    the bound {@code secrets4j.*} properties
     * @param beanProviders providers from the application context, looked up first
     * @param customizers   applied after the properties, in order
     * @param warn          receives one line per boot warning (never a value)
     * @throws dev.secrets4j.SecretValidationException when a declared secret is missing or malformed
     */
    public static Secrets build(Secrets4jProperties properties, List<SecretProvider> beanProviders,
                                List<Secrets4jBuilderCustomizer> customizers, Consumer<String> warn) {
        Secrets.Builder builder = Secrets.builder();
        beanProviders.forEach(builder::provider);
        Map<String, Map<String, String>> configured = providers(properties);
        Catalog catalog = properties.getCatalog() == null ? null : catalog(properties.getCatalog());
        if (configured.isEmpty() && beanProviders.isEmpty() && (catalog == null || catalog.providers().isEmpty())) {
            configured.put(DEFAULT_PROVIDER, Map.of());
        }
        configured.forEach((id, options) -> {
            try {
                builder.provider(SecretProviders.create(id, options));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("secrets4j.providers." + id + ": " + e.getMessage(), e);
            }
        });
        if (catalog != null) {
            builder.catalog(catalog);
        }
        Set<String> optional = new LinkedHashSet<>(properties.getOptional());
        properties.getRequired().forEach(name -> builder.require(name));
        optional.forEach(name -> builder.optional(name));
        properties.getBindings().forEach((name, reference) -> {
            try {
                builder.bind(name, reference);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("secrets4j.bindings." + name + ": " + e.getMessage(), e);
            }
        });
        builder.cache(cachePolicy(properties.getCache()))
                .bootConcurrency(properties.getBootConcurrency())
                .callTimeout(properties.getCallTimeout());
        customizers.forEach(c -> c.customize(builder));
        Secrets secrets = builder.build();
        List<Problem> warnings = secrets.bootReport().warnings();
        if (!warnings.isEmpty()) {
            warn.accept(secrets.bootReport().format());
        }
        return secrets;
    }

    /** The providers to create, by id, in lookup order; list options folded into comma-separated text. */
    static Map<String, Map<String, String>> providers(Secrets4jProperties properties) {
        Map<String, Map<String, String>> configured = new LinkedHashMap<>();
        properties.getProviders().forEach((id, options) -> configured.put(id, fold(options)));
        if (properties.getOrder().isEmpty()) {
            return configured;
        }
        Map<String, Map<String, String>> ordered = new LinkedHashMap<>();
        for (String id : properties.getOrder()) {
            ordered.put(id.trim(), configured.getOrDefault(id.trim(), Map.of()));
        }
        return ordered;
    }

    /** {@code paths[0]=a, paths[1]=b} (a YAML list, bound as {@code paths.0}, {@code paths.1}) becomes {@code paths=a,b}. */
    private static Map<String, String> fold(Map<String, String> options) {
        Map<String, String> out = new LinkedHashMap<>();
        Map<String, TreeMap<Integer, String>> lists = new LinkedHashMap<>();
        options.forEach((key, value) -> {
            Matcher m = INDEXED.matcher(key);
            if (m.matches()) {
                String index = m.group(2) != null ? m.group(2) : m.group(3);
                lists.computeIfAbsent(m.group(1), k -> new TreeMap<>()).put(Integer.parseInt(index), value);
            } else {
                out.put(key, value);
            }
        });
        lists.forEach((key, items) -> out.put(key, String.join(",", items.values())));
        return out;
    }

    private static CachePolicy cachePolicy(Secrets4jProperties.Cache cache) {
        try {
            return CachePolicy.ttl(cache.getTtl())
                    .maxStale(cache.getMaxStale())
                    .refreshFraction(cache.getRefreshFraction())
                    .jitter(cache.getJitter())
                    .retryBackoff(cache.getRetryInitial(), cache.getRetryMax())
                    .negativeTtl(cache.getNegativeTtl());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("secrets4j.cache: " + e.getMessage(), e);
        }
    }

    private static Catalog catalog(Resource resource) {
        String source = describe(resource);
        try (InputStream in = resource.getInputStream()) {
            return Catalog.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), source);
        } catch (IOException e) {
            throw new SecretFormatException("cannot read secrets catalog " + source + " (secrets4j.catalog): "
                    + e.getMessage() + "; check the location, such as classpath:secrets4j.yaml", e);
        }
    }

    /** A name for messages that ends with the file name, so that {@code .json} selects JSON. */
    private static String describe(Resource resource) {
        try {
            return resource.getURI().toString();
        } catch (IOException e) {
            return resource.getDescription();
        }
    }
}
