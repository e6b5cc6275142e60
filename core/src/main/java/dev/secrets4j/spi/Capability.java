package dev.secrets4j.spi;

/** What a provider can do beyond reading the latest value; callers ask before they try. */
public enum Capability {
    /** {@code get(ref)}: every provider has it. */
    READ,
    /** {@code get(ref, version)} and {@code versions(ref)} return real history. */
    VERSIONS,
    /** {@code getAll(refs)} is a real batch call, cheaper than a loop. */
    BATCH,
    /** {@code put(ref, value, options)} writes a new version. */
    WRITE,
    /** {@code watch(ref, listener)} pushes changes. */
    WATCH,
    /** The provider resolves {@code #field} itself; otherwise the core picks the field from a JSON value. */
    FIELDS,
    /**
     * Versions have stages: {@code put} with {@link PutOptions#pending()} writes a version that is
     * not current, {@code promote} makes a version current (the one it replaces stays a previous
     * version, listed by {@code versions}), {@code retire} ends a previous or pending version.
     * What rotation with a verify step and a grace period needs.
     */
    STAGES
}
