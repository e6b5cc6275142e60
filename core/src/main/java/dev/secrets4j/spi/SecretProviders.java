package dev.secrets4j.spi;

import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** Finds {@link SecretProviderFactory}s on the class path and creates providers by id. */
public final class SecretProviders {

    private SecretProviders() {
    }

    /** The ids of every factory on the class path. */
    public static Set<String> available() {
        return new TreeSet<>(factories().keySet());
    }

    /**
     * Creates the provider {@code id} with {@code options}.
     *
     * @throws IllegalArgumentException when no factory has that id (the message lists the ids
     *                                  found and the artifact to add) or an option is bad
     */
    public static SecretProvider create(String id, Map<String, String> options) {
        SecretProviderFactory factory = factories().get(id);
        if (factory == null) {
            throw new IllegalArgumentException("no secret provider '" + id + "' on the class path (found: "
                    + String.join(", ", available()) + "); add the dependency dev.secrets4j:secrets4j-provider-" + id);
        }
        ProviderOptions.of(id, factory.options(), options);
        return factory.create(Map.copyOf(options));
    }

    private static Map<String, SecretProviderFactory> factories() {
        Map<String, SecretProviderFactory> out = new TreeMap<>();
        for (SecretProviderFactory f : ServiceLoader.load(SecretProviderFactory.class, SecretProviders.class.getClassLoader())) {
            out.putIfAbsent(f.id(), f);
        }
        return out;
    }
}
