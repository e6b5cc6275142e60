package dev.secrets4j.testing.vault;

import java.util.List;

/**
 * The ordered list of faults an emulator injects ({@link VaultEmulator#faults()}); thread-safe.
 * Each request is checked against the faults in the order they were added; a fault whose
 * {@link Fault#times(int)} are used up no longer matches.
 */
public final class VaultFaults {

    VaultFaults() {
    }

    /** Adds {@code fault} after the faults already added. */
    public VaultFaults add(Fault fault) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Removes every fault and releases every request held by a {@link Fault#hang()}. */
    public void clear() {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** The faults that can still match, in order. */
    public List<Fault> active() {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** How many requests a {@link Fault#hang()} holds right now. */
    public int hangingRequests() {
        throw new UnsupportedOperationException("not implemented yet");
    }
}
