package dev.secrets4j.internal;

import dev.secrets4j.SecretSpec;
import dev.secrets4j.spi.SecretRef;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A declared secret: its logical name, whether boot needs it, an explicit reference if bound,
 * and the specs its value must pass.
 */
public record Declaration(String name, boolean required, Optional<SecretRef> ref, List<SecretSpec> specs) {

    /** Copies the specs. */
    public Declaration {
        specs = List.copyOf(specs);
    }

    /** A new declaration. */
    public static Declaration of(String name, boolean required, Optional<SecretRef> ref, List<SecretSpec> specs) {
        return new Declaration(name, required, ref, specs);
    }

    /**
     * This declaration combined with a later one of the same name: specs add up, an explicit
     * {@code required} wins, and two different references are an error naming both.
     */
    public Declaration merge(Boolean required, Optional<SecretRef> otherRef, List<SecretSpec> moreSpecs) {
        if (ref.isPresent() && otherRef.isPresent() && !ref.get().equals(otherRef.get())) {
            throw new IllegalArgumentException("secret '" + name + "' is bound to both " + ref.get() + " and "
                    + otherRef.get() + "; bind it once");
        }
        List<SecretSpec> all = new ArrayList<>(specs);
        all.addAll(moreSpecs);
        return new Declaration(name, required == null ? this.required : required, ref.or(() -> otherRef), all);
    }

    /** Where to look: the explicit reference, or the name through every provider. */
    public SecretRef lookupRef() {
        return ref.orElseGet(() -> SecretRef.ofName(name));
    }
}
