package dev.secrets4j.provider.azure;

import dev.secrets4j.testing.azure.KeyVaultEmulator;

/** Provider builders set up for an emulator on loopback: its URL, CA, credential, no challenge-resource check. */
final class Emulated {

    private Emulated() {
    }

    /** A builder for {@code kv} with the emulator's own credential and a budget no test waits for. */
    static AzureSecretProvider.Builder provider(KeyVaultEmulator kv) {
        return connectedTo(kv).credential(kv.credential());
    }

    /** A builder for {@code kv} without a credential (the test sets one) and a budget no test waits for. */
    static AzureSecretProvider.Builder connectedTo(KeyVaultEmulator kv) {
        return AzureSecretProvider.builder().vaultUrl(kv.vaultUrl().toString()).caBundlePem(kv.caCertificatePem())
                .disableChallengeResourceVerification().budget(400);
    }
}
