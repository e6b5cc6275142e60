package dev.secrets4j.internal.rotation;

import dev.secrets4j.Catalog;
import dev.secrets4j.SecretSpec;
import dev.secrets4j.generate.SecretGenerator;
import dev.secrets4j.generate.SecretGenerators;
import dev.secrets4j.rotation.RotationPolicy;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * New values from the generator of each policy's type (the built-in types and the application's
 * own), checked against the secret's declared specs before anything is written.
 */
public final class GeneratedValues implements Values {

    private final SecretGenerators generators;
    private final Map<String, List<SecretSpec>> specs;

    private GeneratedValues(SecretGenerators generators, Map<String, List<SecretSpec>> specs) {
        this.generators = generators;
        this.specs = Map.copyOf(specs);
    }

    /**
     * Values from the built-in generators plus {@code custom} ones, checked against {@code specs};
     * every type of {@code strictPolicies} (those the application declared in code) must have a
     * generator. A catalog's unknown type is left to {@link #knows(String)}: reported, not fatal.
     *
     * @throws IllegalArgumentException when a custom generator claims a built-in type or another's,
     *                                  or a policy names a type no generator makes
     */
    public static GeneratedValues of(List<SecretGenerator> custom, Map<String, List<SecretSpec>> specs,
                                     Map<String, RotationPolicy> strictPolicies) {
        SecretGenerators.Builder b = SecretGenerators.builder();
        custom.forEach(b::register);
        SecretGenerators generators = b.build();
        strictPolicies.forEach((name, policy) -> policy.type().ifPresent(type -> {
            if (generators.forType(type).isEmpty()) {
                throw new IllegalArgumentException("secret '" + name + "' rotates with type '" + type + "', which no generator"
                        + " makes; use one of " + String.join(", ", new java.util.TreeSet<>(generators.types()))
                        + ", or add a generator with Secrets.Builder.generator(...)");
            }
        }));
        return new GeneratedValues(generators, specs);
    }

    /** Whether a generator makes {@code type}. */
    public boolean knows(String type) {
        return generators.forType(type).isPresent();
    }

    @Override
    public byte[] next(String name, RotationPolicy policy) {
        String type = policy.type().orElseThrow(() -> new IllegalStateException("secret '" + name + "' has a rotation"
                + " policy without a type, so no generator can make its new value; set type (password, api-key, ...)"));
        Catalog.Entry entry = new Catalog.Entry(name, true, Optional.empty(), specs.getOrDefault(name, List.of()),
                Optional.of(type), Optional.of(policy.rotateEvery()), policy.warnBefore(), Optional.empty(),
                Optional.of(policy.grace()), Optional.of(policy.strategy()));
        return generators.generate(entry);
    }
}
